package io.streamlearn.features.core;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Short constructors for hand-written test inputs. */
final class Inputs {

  /** Monday 2024-01-01T00:00:00Z, the origin of test timelines. */
  static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  private Inputs() {}

  static long at(String isoInstant) {
    return Instant.parse(isoInstant).toEpochMilli();
  }

  static long days(double days) {
    return (long) (days * 86_400_000L);
  }

  static long hours(double hours) {
    return (long) (hours * 3_600_000L);
  }

  static long minutes(double minutes) {
    return (long) (minutes * 60_000L);
  }

  static Duration duration(long millis) {
    return Duration.ofMillis(millis);
  }

  static TransactionEvent transaction(
      String id, long time, String customer, String terminal, double amount) {
    return new TransactionEvent(id, time, customer, terminal, amount);
  }

  static TransactionEvent transaction(
      String id,
      long time,
      String customer,
      String terminal,
      double amount,
      Map<String, String> attributes) {
    return new TransactionEvent(id, time, customer, terminal, amount, attributes);
  }

  static FeatureInput tx(String id, long time, String customer, String terminal, double amount) {
    return new FeatureInput.Transaction(transaction(id, time, customer, terminal, amount));
  }

  static FeatureInput label(String id, boolean fraud, long labelTime) {
    return new FeatureInput.Label(new LabelEvent(id, fraud, labelTime));
  }
}
