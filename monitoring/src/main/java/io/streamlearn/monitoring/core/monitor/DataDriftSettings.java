package io.streamlearn.monitoring.core.monitor;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link DataDriftMonitor}.
 *
 * @param monitor the monitor's name, as it appears in alerts
 * @param numericFeatures the numeric features watched (tested with KS or PSI)
 * @param categoricalFeatures the categorical features watched (chi-square)
 * @param window the reference and current windows
 * @param tests the tests and alarm conditions
 * @param cooldownMillis event time between two alerts on the same feature (&ge; 0)
 */
public record DataDriftSettings(
    String monitor,
    List<String> numericFeatures,
    List<String> categoricalFeatures,
    WindowSettings window,
    DriftTestSettings tests,
    long cooldownMillis) {

  public DataDriftSettings {
    if (monitor == null || monitor.isBlank()) {
      throw new IllegalArgumentException("monitor must not be blank");
    }
    numericFeatures = List.copyOf(Objects.requireNonNull(numericFeatures, "numericFeatures"));
    categoricalFeatures =
        List.copyOf(Objects.requireNonNull(categoricalFeatures, "categoricalFeatures"));
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(tests, "tests");
    if (numericFeatures.isEmpty() && categoricalFeatures.isEmpty()) {
      throw new IllegalArgumentException("monitor '" + monitor + "' watches no feature");
    }
    Set<String> seen = new HashSet<>();
    for (String f : numericFeatures) {
      if (f.isBlank() || !seen.add(f)) {
        throw new IllegalArgumentException("blank or repeated feature name: '" + f + "'");
      }
    }
    for (String f : categoricalFeatures) {
      if (f.isBlank() || !seen.add(f)) {
        throw new IllegalArgumentException("blank or repeated feature name: '" + f + "'");
      }
    }
    if (cooldownMillis < 0) {
      throw new IllegalArgumentException("cooldownMillis must be >= 0, got " + cooldownMillis);
    }
  }
}
