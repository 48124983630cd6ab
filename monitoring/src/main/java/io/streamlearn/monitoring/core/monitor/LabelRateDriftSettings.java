package io.streamlearn.monitoring.core.monitor;

/**
 * Settings of a {@link LabelRateDriftMonitor}.
 *
 * @param monitor the monitor's name, as it appears in alerts
 * @param test how the rate is watched
 * @param delta {@link Test#ADWIN}: ADWIN's confidence, in (0, 1)
 * @param windowMillis {@link Test#BINOMIAL}: the length of the tumbling event-time windows (aligned
 *     on the epoch); it must divide one day, so that a window has the same time of day every day
 * @param referenceDays {@link Test#BINOMIAL}: days of closed windows before the current one that
 *     make the reference (&ge; 1)
 * @param alpha {@link Test#BINOMIAL}: the significance of a window's test, in (0, 1), across its
 *     two scales (Bonferroni)
 * @param estimateDispersion {@link Test#BINOMIAL}: whether counts are divided by the design effect
 *     measured on the reference (for positives that come in clusters) before the test; false:
 *     counts are taken as binomial
 * @param cooldownMillis event time between two alerts (&ge; 0)
 */
public record LabelRateDriftSettings(
    String monitor,
    Test test,
    double delta,
    long windowMillis,
    int referenceDays,
    double alpha,
    boolean estimateDispersion,
    long cooldownMillis) {

  /** One day of event time. */
  public static final long DAY_MILLIS = 86_400_000L;

  /** ADWIN's default confidence (MOA's). */
  public static final double DEFAULT_DELTA = 0.002;

  /** Default window of the binomial test: six hours (night, morning, afternoon, evening). */
  public static final long DEFAULT_WINDOW_MILLIS = 6 * 3_600_000L;

  /** Default reference of the binomial test: four whole weeks. */
  public static final int DEFAULT_REFERENCE_DAYS = 28;

  /** Default significance of a window of the binomial test. */
  public static final double DEFAULT_ALPHA = 0.001;

  /** How the label rate is watched. */
  public enum Test {
    /**
     * A two-sided {@link io.streamlearn.monitoring.core.drift.Adwin} over the 0/1 labels, in
     * arrival order.
     */
    ADWIN,
    /**
     * Labels counted in tumbling event-time windows; at each close, an exact rate test ({@link
     * io.streamlearn.monitoring.core.stats.RateComparisonTest}) of the window against the same time
     * of day on the reference days, and of the last day against the reference days.
     */
    BINOMIAL
  }

  public LabelRateDriftSettings {
    if (monitor == null || monitor.isBlank()) {
      throw new IllegalArgumentException("monitor must not be blank");
    }
    StringBuilder errors = new StringBuilder();
    if (test == null) {
      errors.append(" test must be given;");
    }
    if (!(delta > 0 && delta < 1)) {
      errors.append(" delta must be in (0, 1), got ").append(delta).append(';');
    }
    if (windowMillis <= 0 || DAY_MILLIS % windowMillis != 0) {
      errors
          .append(" windowMillis must be positive and divide one day, got ")
          .append(windowMillis)
          .append(';');
    }
    if (referenceDays < 1) {
      errors.append(" referenceDays must be >= 1, got ").append(referenceDays).append(';');
    }
    if (!(alpha > 0 && alpha < 1)) {
      errors.append(" alpha must be in (0, 1), got ").append(alpha).append(';');
    }
    if (cooldownMillis < 0) {
      errors.append(" cooldownMillis must be >= 0, got ").append(cooldownMillis).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid label-rate settings:" + errors);
    }
  }

  /** ADWIN with confidence {@code delta}. */
  public LabelRateDriftSettings(String monitor, double delta, long cooldownMillis) {
    this(
        monitor,
        Test.ADWIN,
        delta,
        DEFAULT_WINDOW_MILLIS,
        DEFAULT_REFERENCE_DAYS,
        DEFAULT_ALPHA,
        false,
        cooldownMillis);
  }

  /**
   * The binomial test over windows of {@code windowMillis} against {@code referenceDays}, counts
   * taken as binomial.
   */
  public static LabelRateDriftSettings binomial(
      String monitor, long windowMillis, int referenceDays, double alpha, long cooldownMillis) {
    return binomial(monitor, windowMillis, referenceDays, alpha, false, cooldownMillis);
  }

  /** The binomial test, counts divided by the reference's design effect if {@code estimate}. */
  public static LabelRateDriftSettings binomial(
      String monitor,
      long windowMillis,
      int referenceDays,
      double alpha,
      boolean estimateDispersion,
      long cooldownMillis) {
    return new LabelRateDriftSettings(
        monitor,
        Test.BINOMIAL,
        DEFAULT_DELTA,
        windowMillis,
        referenceDays,
        alpha,
        estimateDispersion,
        cooldownMillis);
  }

  /** ADWIN at MOA's delta 0.002 and one hour of cooldown. */
  public static LabelRateDriftSettings defaults(String monitor) {
    return new LabelRateDriftSettings(
        monitor, DEFAULT_DELTA, ConceptDriftSettings.DEFAULT_COOLDOWN_MILLIS);
  }

  /** Windows per day ({@link Test#BINOMIAL}). */
  public int windowsPerDay() {
    return (int) (DAY_MILLIS / windowMillis);
  }
}
