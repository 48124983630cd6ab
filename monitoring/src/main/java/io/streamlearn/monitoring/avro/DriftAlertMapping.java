package io.streamlearn.monitoring.avro;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Maps the core {@link AlertEvent} to the {@link DriftAlert} record of the {@code alerts} topic and
 * back, field by field: the kinds and severities have the same symbols, an empty p-value is Avro's
 * null, window bounds are {@code timestamp-millis}.
 */
public final class DriftAlertMapping {

  private DriftAlertMapping() {}

  /** The Avro record of an alert. */
  public static DriftAlert toAvro(AlertEvent alert) {
    return DriftAlert.newBuilder()
        .setAlertId(alert.alertId())
        .setMonitor(alert.monitor())
        .setKind(DriftKind.valueOf(alert.kind().name()))
        .setDetector(alert.detector())
        .setSubject(alert.subject())
        .setStatistic(alert.statistic())
        .setPValue(alert.pValue().isPresent() ? alert.pValue().getAsDouble() : null)
        .setThreshold(alert.threshold())
        .setWindowStart(Instant.ofEpochMilli(alert.windowStartMillis()))
        .setWindowEnd(Instant.ofEpochMilli(alert.windowEndMillis()))
        .setSeverity(Severity.valueOf(alert.severity().name()))
        .setReferenceSummary(new HashMap<>(alert.referenceSummary()))
        .setCurrentSummary(new HashMap<>(alert.currentSummary()))
        .build();
  }

  /**
   * The core alert of an Avro record.
   *
   * @throws IllegalArgumentException when the record breaks a rule of {@link AlertEvent} (a blank
   *     name, a NaN statistic, a p-value outside [0, 1], a window that ends before it starts) or
   *     has a kind or severity this build does not know
   */
  public static AlertEvent fromAvro(DriftAlert alert) {
    return new AlertEvent(
        alert.getAlertId(),
        alert.getMonitor(),
        io.streamlearn.monitoring.core.monitor.DriftKind.valueOf(alert.getKind().name()),
        alert.getDetector(),
        alert.getSubject(),
        alert.getStatistic(),
        alert.getPValue() == null ? OptionalDouble.empty() : OptionalDouble.of(alert.getPValue()),
        alert.getThreshold(),
        alert.getWindowStart().toEpochMilli(),
        alert.getWindowEnd().toEpochMilli(),
        io.streamlearn.monitoring.core.monitor.Severity.valueOf(alert.getSeverity().name()),
        summary(alert.getReferenceSummary()),
        summary(alert.getCurrentSummary()));
  }

  private static Map<String, Double> summary(Map<String, Double> avro) {
    return avro == null ? Map.of() : avro;
  }
}
