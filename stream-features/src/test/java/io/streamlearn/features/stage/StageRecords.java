package io.streamlearn.features.stage;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Short constructors of stage inputs for tests: records as if read from Kafka. */
public final class StageRecords {

  /** Monday 2024-01-01T00:00:00Z. */
  public static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  public static final long MINUTE = 60_000L;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;

  private StageRecords() {}

  public static TransactionEvent transaction(
      String id, long time, String customer, String terminal, double amount) {
    return new TransactionEvent(id, time, customer, terminal, amount);
  }

  public static LabelEvent label(String id, boolean fraud, long labelTime) {
    return new LabelEvent(id, fraud, labelTime);
  }

  /** The record a transaction was read from: key its id, value bytes standing for the Avro. */
  public static OriginalRecord recordOf(TransactionEvent transaction, long offset) {
    return new OriginalRecord(
        "transactions",
        0,
        offset,
        transaction.eventTimeMillis(),
        transaction.transactionId().getBytes(StandardCharsets.UTF_8),
        ("tx:" + transaction.transactionId()).getBytes(StandardCharsets.UTF_8),
        List.of(new OriginalRecord.Header("trace", new byte[] {7})));
  }

  public static OriginalRecord recordOf(LabelEvent label, long offset) {
    return new OriginalRecord(
        "labels",
        0,
        offset,
        label.labelTimeMillis(),
        label.transactionId().getBytes(StandardCharsets.UTF_8),
        ("label:" + label.transactionId()).getBytes(StandardCharsets.UTF_8),
        List.of());
  }

  public static SourceEvent event(TransactionEvent transaction, long offset) {
    return SourceEvent.of(recordOf(transaction, offset), transaction);
  }

  public static SourceEvent event(LabelEvent label, long offset) {
    return SourceEvent.of(recordOf(label, offset), label);
  }

  public static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
