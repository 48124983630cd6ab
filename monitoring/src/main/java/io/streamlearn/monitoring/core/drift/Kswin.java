package io.streamlearn.monitoring.core.drift;

import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.stats.KolmogorovSmirnov;
import io.streamlearn.monitoring.core.stats.SplitMix64;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * KSWIN, Kolmogorov–Smirnov windowing: C. Raab, M. Heusinger and F.-M. Schleif, "Reactive Soft
 * Prototype Computing for Concept Drift Streams", Neurocomputing 416, 2020.
 *
 * <p>KSWIN keeps a sliding window of the last {@code windowSize} values. Once it is full, each
 * update draws {@code statSize} values uniformly without replacement from the older {@code
 * windowSize - statSize} (the approximate last concept) and compares them with the {@code statSize}
 * most recent values by a two-sample Kolmogorov–Smirnov test ({@link KolmogorovSmirnov}, exact
 * p-value; as both samples always have {@code statSize} values, D takes at most {@code statSize +
 * 1} values and their p-values are computed once and cached). A drift is flagged when {@code p <=
 * alpha} and {@code D > minStatistic}. The window then keeps only the {@code statSize} most recent
 * values, as in the paper.
 *
 * <p>Defaults are River's {@code drift.KSWIN}: alpha 0.005, window 100, statistic window 30, {@code
 * D > 0.1}. The draws come from a {@link SplitMix64} seeded at construction, so a run is
 * reproducible and its state (generator included) saves and restores exactly. Differences from
 * River: River resets its whole window (and generator) at the update after a drift, discarding the
 * recent values it had just kept; here they are kept, as the paper describes.
 */
public final class Kswin implements ChangeDetector {

  /** River's default significance level, 0.005. */
  public static final double DEFAULT_ALPHA = 0.005;

  /** River's default sliding window size, 100. */
  public static final int DEFAULT_WINDOW_SIZE = 100;

  /** River's default size of the compared samples, 30. */
  public static final int DEFAULT_STAT_SIZE = 30;

  /** River's fixed effect-size floor: D must exceed 0.1. */
  public static final double DEFAULT_MIN_STATISTIC = 0.1;

  /** Seed used when none is given. */
  public static final long DEFAULT_SEED = 42;

  private static final String KIND = "kswin";
  private static final int VERSION = 1;

  private final double alpha;
  private final int windowSize;
  private final int statSize;
  private final double minStatistic;
  private final long seed;

  private final SplitMix64 random;
  private final double[] ring;
  private final int[] indices;
  private final double[] older;
  private final double[] recent;
  private final double[] pValueByScaledStatistic;
  private int start;
  private int size;
  private boolean drift;
  private double pValue;
  private double statistic;

  /** KSWIN with River's defaults and seed {@value #DEFAULT_SEED}. */
  public Kswin() {
    this(
        DEFAULT_ALPHA, DEFAULT_WINDOW_SIZE, DEFAULT_STAT_SIZE, DEFAULT_MIN_STATISTIC, DEFAULT_SEED);
  }

  /** KSWIN with River's defaults and the given seed. */
  public Kswin(long seed) {
    this(DEFAULT_ALPHA, DEFAULT_WINDOW_SIZE, DEFAULT_STAT_SIZE, DEFAULT_MIN_STATISTIC, seed);
  }

  /**
   * KSWIN with the given hyper-parameters.
   *
   * @param alpha significance level, in (0, 1)
   * @param windowSize sliding window size, at least {@code 2 * statSize}
   * @param statSize size of each compared sample (&ge; 1)
   * @param minStatistic D must exceed it, in [0, 1)
   * @param seed seed of the draws
   */
  public Kswin(double alpha, int windowSize, int statSize, double minStatistic, long seed) {
    StringBuilder errors = new StringBuilder();
    if (!(alpha > 0 && alpha < 1)) {
      errors.append(" alpha must be in (0, 1), got ").append(alpha).append(';');
    }
    if (statSize < 1) {
      errors.append(" statSize must be >= 1, got ").append(statSize).append(';');
    }
    if (windowSize < 2 * (long) statSize) {
      errors
          .append(" windowSize must be >= 2 * statSize, got ")
          .append(windowSize)
          .append(" and ")
          .append(statSize)
          .append(';');
    }
    if (!(minStatistic >= 0 && minStatistic < 1)) {
      errors.append(" minStatistic must be in [0, 1), got ").append(minStatistic).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid KSWIN settings:" + errors);
    }
    this.alpha = alpha;
    this.windowSize = windowSize;
    this.statSize = statSize;
    this.minStatistic = minStatistic;
    this.seed = seed;
    this.random = new SplitMix64(seed);
    this.ring = new double[windowSize];
    this.indices = new int[windowSize - statSize];
    this.older = new double[statSize];
    this.recent = new double[statSize];
    // with equal sizes, D n n = n |i - j|: statSize + 1 possible values
    this.pValueByScaledStatistic = new double[statSize + 1];
    Arrays.fill(pValueByScaledStatistic, Double.NaN);
    reset();
  }

  @Override
  public void update(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("KSWIN cannot take NaN");
    }
    if (size == windowSize) {
      start = (start + 1) % windowSize;
      size--;
    }
    ring[(start + size) % windowSize] = value;
    size++;
    drift = false;
    if (size < windowSize) {
      return;
    }
    int olderCount = windowSize - statSize;
    for (int i = 0; i < olderCount; i++) {
      indices[i] = i;
    }
    for (int i = 0; i < statSize; i++) {
      int j = i + random.nextInt(olderCount - i);
      int chosen = indices[j];
      indices[j] = indices[i];
      indices[i] = chosen;
      older[i] = ring[(start + chosen) % windowSize];
    }
    for (int i = 0; i < statSize; i++) {
      recent[i] = ring[(start + olderCount + i) % windowSize];
    }
    Arrays.sort(older);
    Arrays.sort(recent);
    long scaled = KolmogorovSmirnov.scaledStatistic(older, recent);
    int k = (int) (scaled / statSize);
    if (Double.isNaN(pValueByScaledStatistic[k])) {
      pValueByScaledStatistic[k] = KolmogorovSmirnov.exactPValueScaled(scaled, statSize, statSize);
    }
    statistic = (double) k / statSize;
    pValue = pValueByScaledStatistic[k];
    if (pValue <= alpha && statistic > minStatistic) {
      drift = true;
      start = (start + olderCount) % windowSize;
      size = statSize;
    }
  }

  @Override
  public boolean driftDetected() {
    return drift;
  }

  /** Empties the window and restarts the generator from the seed. */
  @Override
  public void reset() {
    random.setState(seed);
    start = 0;
    size = 0;
    drift = false;
    pValue = Double.NaN;
    statistic = Double.NaN;
  }

  /** The p-value of the latest test; NaN until the window first fills. */
  public double pValue() {
    return pValue;
  }

  /** The KS statistic D of the latest test; NaN until the window first fills. */
  public double statistic() {
    return statistic;
  }

  /** The number of values in the window. */
  public int size() {
    return size;
  }

  public double alpha() {
    return alpha;
  }

  public int windowSize() {
    return windowSize;
  }

  public int statSize() {
    return statSize;
  }

  public double minStatistic() {
    return minStatistic;
  }

  public long seed() {
    return seed;
  }

  /**
   * Layout, version 1, after the header {@code ("kswin", 1)}: {@code int} window size (must match),
   * {@code long} generator state, {@code int} values in the window, then those values oldest first
   * ({@code double}), {@code boolean} drift, {@code double} last p-value, last statistic.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeInt(windowSize);
    out.writeLong(random.state());
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeDouble(ring[(start + i) % windowSize]);
    }
    out.writeBoolean(drift);
    out.writeDouble(pValue);
    out.writeDouble(statistic);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    int savedWindow = in.readInt();
    StateFormat.check(
        savedWindow == windowSize,
        KIND,
        "saved with window size " + savedWindow + ", this detector has " + windowSize);
    long randomState = in.readLong();
    int newSize = in.readInt();
    StateFormat.check(newSize >= 0 && newSize <= windowSize, KIND, "window holds " + newSize);
    double[] values = new double[newSize];
    for (int i = 0; i < newSize; i++) {
      values[i] = in.readDouble();
    }
    boolean newDrift = in.readBoolean();
    double newPValue = in.readDouble();
    double newStatistic = in.readDouble();
    random.setState(randomState);
    System.arraycopy(values, 0, ring, 0, newSize);
    start = 0;
    size = newSize;
    drift = newDrift;
    pValue = newPValue;
    statistic = newStatistic;
  }

  @Override
  public String toString() {
    return "Kswin[alpha="
        + alpha
        + ", windowSize="
        + windowSize
        + ", statSize="
        + statSize
        + ", seed="
        + seed
        + "]";
  }
}
