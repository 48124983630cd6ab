package io.streamlearn.monitoring.core.monitor;

/**
 * Settings of a {@link LabelRateDriftMonitor}.
 *
 * @param monitor the monitor's name, as it appears in alerts
 * @param delta ADWIN's confidence, in (0, 1)
 * @param cooldownMillis event time between two alerts (&ge; 0)
 */
public record LabelRateDriftSettings(String monitor, double delta, long cooldownMillis) {

  public LabelRateDriftSettings {
    if (monitor == null || monitor.isBlank()) {
      throw new IllegalArgumentException("monitor must not be blank");
    }
    StringBuilder errors = new StringBuilder();
    if (!(delta > 0 && delta < 1)) {
      errors.append(" delta must be in (0, 1), got ").append(delta).append(';');
    }
    if (cooldownMillis < 0) {
      errors.append(" cooldownMillis must be >= 0, got ").append(cooldownMillis).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid label-rate settings:" + errors);
    }
  }

  /** ADWIN at MOA's delta 0.002 and one hour of cooldown. */
  public static LabelRateDriftSettings defaults(String monitor) {
    return new LabelRateDriftSettings(monitor, 0.002, ConceptDriftSettings.DEFAULT_COOLDOWN_MILLIS);
  }
}
