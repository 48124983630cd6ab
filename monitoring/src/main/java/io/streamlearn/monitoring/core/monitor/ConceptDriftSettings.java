package io.streamlearn.monitoring.core.monitor;

import java.util.Objects;

/**
 * Settings of a {@link ConceptDriftMonitor}.
 *
 * @param monitor the monitor's name, as it appears in alerts
 * @param detector the detector run over the error stream
 * @param adwinDelta ADWIN's confidence, in (0, 1)
 * @param decisionThreshold a score at or above it predicts the positive class, in [0, 1]
 * @param cooldownMillis event time between two alerts (&ge; 0)
 */
public record ConceptDriftSettings(
    String monitor,
    ErrorDetector detector,
    double adwinDelta,
    double decisionThreshold,
    long cooldownMillis) {

  /** Default cooldown: one hour of event time. */
  public static final long DEFAULT_COOLDOWN_MILLIS = 3_600_000;

  /** The detector watching the error rate. */
  public enum ErrorDetector {
    /** ADWIN reporting increases of the error rate (MOA's ADWINChangeDetector). */
    ADWIN,
    /** DDM with MOA's defaults. */
    DDM,
    /** DDM's calibrated configuration ({@code Ddm.calibrated()}). */
    DDM_CALIBRATED
  }

  public ConceptDriftSettings {
    if (monitor == null || monitor.isBlank()) {
      throw new IllegalArgumentException("monitor must not be blank");
    }
    Objects.requireNonNull(detector, "detector");
    StringBuilder errors = new StringBuilder();
    if (!(adwinDelta > 0 && adwinDelta < 1)) {
      errors.append(" adwinDelta must be in (0, 1), got ").append(adwinDelta).append(';');
    }
    if (!(decisionThreshold >= 0 && decisionThreshold <= 1)) {
      errors.append(" decisionThreshold must be in [0, 1], got ").append(decisionThreshold);
      errors.append(';');
    }
    if (cooldownMillis < 0) {
      errors.append(" cooldownMillis must be >= 0, got ").append(cooldownMillis).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid concept-drift settings:" + errors);
    }
  }

  /** ADWIN at delta 0.002, threshold 0.5, one hour of cooldown. */
  public static ConceptDriftSettings defaults(String monitor) {
    return new ConceptDriftSettings(
        monitor, ErrorDetector.ADWIN, 0.002, 0.5, DEFAULT_COOLDOWN_MILLIS);
  }
}
