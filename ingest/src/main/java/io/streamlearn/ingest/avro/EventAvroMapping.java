package io.streamlearn.ingest.avro;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Instant;
import java.util.OptionalLong;

/** Converts between the core events and the generated Avro classes of our two contracts. */
public final class EventAvroMapping {

  private EventAvroMapping() {}

  /** The Avro form of a transaction. */
  public static Transaction toAvro(TransactionEvent event) {
    return new Transaction(
        event.transactionId(),
        Instant.ofEpochMilli(event.eventTimeMillis()),
        event.customerId(),
        event.terminalId(),
        event.amount(),
        event.attributes());
  }

  /** The core form of an Avro transaction. */
  public static TransactionEvent fromAvro(Transaction record) {
    return new TransactionEvent(
        record.getTransactionId(),
        record.getEventTime().toEpochMilli(),
        record.getCustomerId(),
        record.getTerminalId(),
        record.getAmount(),
        record.getAttributes());
  }

  /** The Avro form of a label. */
  public static Label toAvro(LabelEvent event) {
    return new Label(
        event.transactionId(),
        event.fraud(),
        Instant.ofEpochMilli(event.labelTimeMillis()),
        event.transactionTimeMillis().isPresent()
            ? Instant.ofEpochMilli(event.transactionTimeMillis().getAsLong())
            : null);
  }

  /** The core form of an Avro label. */
  public static LabelEvent fromAvro(Label record) {
    return new LabelEvent(
        record.getTransactionId(),
        record.getIsFraud(),
        record.getLabelTime().toEpochMilli(),
        record.getTransactionTime() == null
            ? OptionalLong.empty()
            : OptionalLong.of(record.getTransactionTime().toEpochMilli()));
  }
}
