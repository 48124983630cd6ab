package io.streamlearn.monitoring.core.monitor;

import java.util.Objects;

/**
 * Settings of a {@link PredictionDriftMonitor}.
 *
 * @param monitor the monitor's name, as it appears in alerts
 * @param window the reference and current windows of scores
 * @param tests the test (KS or PSI) and alarm conditions
 * @param cooldownMillis event time between two alerts (&ge; 0)
 */
public record PredictionDriftSettings(
    String monitor, WindowSettings window, DriftTestSettings tests, long cooldownMillis) {

  public PredictionDriftSettings {
    if (monitor == null || monitor.isBlank()) {
      throw new IllegalArgumentException("monitor must not be blank");
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(tests, "tests");
    if (cooldownMillis < 0) {
      throw new IllegalArgumentException("cooldownMillis must be >= 0, got " + cooldownMillis);
    }
  }
}
