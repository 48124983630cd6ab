package io.streamlearn.monitoring.core.monitor;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A detected change, in core form: everything the {@code DriftAlert} Avro record carries (the
 * adapters map one to the other field by field).
 *
 * @param alertId unique id, from the monitor, the subject and the window ({@link #idOf})
 * @param monitor the monitor that fired, as named in its settings
 * @param kind what changed
 * @param detector the test or detector, e.g. {@code KS}, {@code PSI}, {@code CHI_SQUARE}, {@code
 *     ADWIN}, {@code DDM}
 * @param subject what is watched: a feature name, {@code score}, {@code error_rate}, {@code
 *     label_rate}
 * @param statistic the test statistic or the detector's estimate
 * @param pValue the p-value, for statistical tests
 * @param threshold what the statistic was held against: alpha for a test (after correction for
 *     multiple features), the PSI threshold, the detector's delta or level
 * @param windowStartMillis start of the current window, event time
 * @param windowEndMillis end of the current window, event time (see the monitors for the exact
 *     convention)
 * @param severity how urgent
 * @param referenceSummary summary of the reference (n, mean, quantiles, rates...)
 * @param currentSummary summary of the current window
 */
public record AlertEvent(
    String alertId,
    String monitor,
    DriftKind kind,
    String detector,
    String subject,
    double statistic,
    OptionalDouble pValue,
    double threshold,
    long windowStartMillis,
    long windowEndMillis,
    Severity severity,
    Map<String, Double> referenceSummary,
    Map<String, Double> currentSummary) {

  public AlertEvent {
    requireText(alertId, "alertId");
    requireText(monitor, "monitor");
    Objects.requireNonNull(kind, "kind");
    requireText(detector, "detector");
    requireText(subject, "subject");
    Objects.requireNonNull(pValue, "pValue");
    Objects.requireNonNull(severity, "severity");
    if (Double.isNaN(statistic) || Double.isNaN(threshold)) {
      throw new IllegalArgumentException("statistic and threshold must be numbers");
    }
    if (pValue.isPresent() && !(pValue.getAsDouble() >= 0 && pValue.getAsDouble() <= 1)) {
      throw new IllegalArgumentException("pValue must be in [0, 1], got " + pValue);
    }
    if (windowEndMillis < windowStartMillis) {
      throw new IllegalArgumentException(
          "window ends (" + windowEndMillis + ") before it starts (" + windowStartMillis + ")");
    }
    referenceSummary = copy(referenceSummary, "referenceSummary");
    currentSummary = copy(currentSummary, "currentSummary");
  }

  /** The conventional id: {@code monitor/subject/windowStart-windowEnd}. */
  public static String idOf(String monitor, String subject, long windowStart, long windowEnd) {
    return monitor + "/" + subject + "/" + windowStart + "-" + windowEnd;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static Map<String, Double> copy(Map<String, Double> summary, String name) {
    Objects.requireNonNull(summary, name);
    TreeMap<String, Double> sorted = new TreeMap<>();
    summary.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new IllegalArgumentException(name + " holds a null key or value");
          }
          sorted.put(k, v);
        });
    return Collections.unmodifiableMap(sorted);
  }
}
