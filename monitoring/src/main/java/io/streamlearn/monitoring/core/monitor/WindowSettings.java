package io.streamlearn.monitoring.core.monitor;

import java.util.Objects;

/**
 * How a windowed monitor cuts the stream into a reference and successive current windows.
 *
 * @param referenceMode where the reference comes from
 * @param referenceSize FIRST_N and SLIDING: the number of events in the reference (&ge; 1); unused
 *     (0) for FIXED_BASELINE
 * @param windowType how current windows are cut
 * @param windowSize COUNT: events per window (&ge; 1); EVENT_TIME: window length in milliseconds
 *     (&ge; 1), windows being aligned on the epoch ({@code [k w, (k + 1) w)})
 * @param maxSamples values kept per feature and window; beyond, a uniform reservoir sample of this
 *     size is kept (&ge; 1)
 * @param seed seed of the reservoir sampling
 */
public record WindowSettings(
    ReferenceMode referenceMode,
    int referenceSize,
    WindowType windowType,
    long windowSize,
    int maxSamples,
    long seed) {

  /** Default cap on the values kept per feature and window. */
  public static final int DEFAULT_MAX_SAMPLES = 10_000;

  /** Where the reference sample comes from. */
  public enum ReferenceMode {
    /** The first {@code referenceSize} events, frozen afterwards. */
    FIRST_N,
    /** A baseline given at construction (e.g. the training data), never changed. */
    FIXED_BASELINE,
    /**
     * The {@code referenceSize} events just before the current window: filled like FIRST_N, then
     * each closed window's values are appended and the oldest dropped.
     */
    SLIDING
  }

  /** How current windows are cut. */
  public enum WindowType {
    /** Tumbling windows of {@code windowSize} events. */
    COUNT,
    /** Tumbling event-time windows of {@code windowSize} milliseconds. */
    EVENT_TIME
  }

  public WindowSettings {
    Objects.requireNonNull(referenceMode, "referenceMode");
    Objects.requireNonNull(windowType, "windowType");
    StringBuilder errors = new StringBuilder();
    if (referenceMode != ReferenceMode.FIXED_BASELINE && referenceSize < 1) {
      errors.append(" referenceSize must be >= 1 for ").append(referenceMode).append(';');
    }
    if (referenceMode == ReferenceMode.FIXED_BASELINE && referenceSize != 0) {
      errors.append(" referenceSize must be 0 with a fixed baseline;");
    }
    if (windowSize < 1) {
      errors.append(" windowSize must be >= 1, got ").append(windowSize).append(';');
    }
    if (maxSamples < 1) {
      errors.append(" maxSamples must be >= 1, got ").append(maxSamples).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid window settings:" + errors);
    }
  }

  /** Tumbling windows of {@code windowSize} events against a reference of the first events. */
  public static WindowSettings countWindows(
      ReferenceMode referenceMode, int referenceSize, int windowSize) {
    return new WindowSettings(
        referenceMode, referenceSize, WindowType.COUNT, windowSize, DEFAULT_MAX_SAMPLES, 0);
  }

  /** Tumbling event-time windows of {@code windowMillis}. */
  public static WindowSettings eventTimeWindows(
      ReferenceMode referenceMode, int referenceSize, long windowMillis) {
    return new WindowSettings(
        referenceMode, referenceSize, WindowType.EVENT_TIME, windowMillis, DEFAULT_MAX_SAMPLES, 0);
  }
}
