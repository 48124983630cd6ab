package io.streamlearn.monitoring.core.drift;

import io.streamlearn.monitoring.core.state.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The Page-Hinkley test for an increase of the mean: E. S. Page, "Continuous Inspection Schemes",
 * Biometrika 41(1/2), 1954; as used for drift detection by Gama et al., "On evaluating stream
 * learning algorithms", Machine Learning 90(3), 2013.
 *
 * <p>This is MOA 2024.07.0's {@code PageHinkleyDM}, update for update: with {@code x̄_t} the
 * running mean, the cumulative statistic is {@code m_t = alpha * m_{t-1} + (x_t - x̄_t - delta)},
 * and a drift is flagged when {@code m_t > lambda}, once {@code minInstances - 1} values have been
 * seen (MOA counts from one). After a drift, the next update starts afresh. The forgetting factor
 * {@code alpha} &lt; 1 makes the statistic a discounted sum; MOA 2024.07.0 compares it with {@code
 * lambda} directly rather than with its distance from the running minimum. It detects increases
 * only (an error rate going up).
 */
public final class PageHinkley implements ChangeDetector {

  /** MOA's default: no drift before 30 values (counted from one). */
  public static final int DEFAULT_MIN_INSTANCES = 30;

  /** MOA's default magnitude of changes tolerated, 0.005. */
  public static final double DEFAULT_DELTA = 0.005;

  /** MOA's default detection threshold, 50. */
  public static final double DEFAULT_LAMBDA = 50;

  /** MOA's default forgetting factor, 1 - 0.0001. */
  public static final double DEFAULT_ALPHA = 1 - 0.0001;

  private static final String KIND = "page-hinkley";
  private static final int VERSION = 1;

  private final int minInstances;
  private final double delta;
  private final double lambda;
  private final double alpha;

  private long count;
  private double mean;
  private double sum;
  private boolean drift;

  /** Page-Hinkley with MOA's defaults. */
  public PageHinkley() {
    this(DEFAULT_MIN_INSTANCES, DEFAULT_DELTA, DEFAULT_LAMBDA, DEFAULT_ALPHA);
  }

  /**
   * Page-Hinkley with the given hyper-parameters.
   *
   * @param minInstances no drift until {@code minInstances - 1} values since the start or the last
   *     drift (&ge; 0)
   * @param delta magnitude of the changes tolerated (&ge; 0)
   * @param lambda detection threshold (&gt; 0)
   * @param alpha forgetting factor of the cumulative sum, in (0, 1]
   */
  public PageHinkley(int minInstances, double delta, double lambda, double alpha) {
    StringBuilder errors = new StringBuilder();
    if (minInstances < 0) {
      errors.append(" minInstances must be >= 0, got ").append(minInstances).append(';');
    }
    if (!(delta >= 0 && delta < Double.POSITIVE_INFINITY)) {
      errors.append(" delta must be finite and >= 0, got ").append(delta).append(';');
    }
    if (!(lambda > 0 && lambda < Double.POSITIVE_INFINITY)) {
      errors.append(" lambda must be finite and > 0, got ").append(lambda).append(';');
    }
    if (!(alpha > 0 && alpha <= 1)) {
      errors.append(" alpha must be in (0, 1], got ").append(alpha).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid Page-Hinkley settings:" + errors);
    }
    this.minInstances = minInstances;
    this.delta = delta;
    this.lambda = lambda;
    this.alpha = alpha;
  }

  @Override
  public void update(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Page-Hinkley takes finite values, got " + value);
    }
    if (drift) {
      reset();
    }
    count++;
    mean = mean + (value - mean) / count;
    sum = alpha * sum + (value - mean - delta);
    drift = count + 1 >= minInstances && sum > lambda;
  }

  @Override
  public boolean driftDetected() {
    return drift;
  }

  @Override
  public void reset() {
    count = 0;
    mean = 0;
    sum = 0;
    drift = false;
  }

  /** The discounted cumulative statistic compared with {@code lambda}. */
  public double statistic() {
    return sum;
  }

  /** The mean of the values since the start or the last drift (0 before any). */
  public double estimation() {
    return mean;
  }

  /** The number of values since the start or the last drift. */
  public long count() {
    return count;
  }

  public int minInstances() {
    return minInstances;
  }

  public double delta() {
    return delta;
  }

  public double lambda() {
    return lambda;
  }

  public double alpha() {
    return alpha;
  }

  /**
   * Layout, version 1, after the header {@code ("page-hinkley", 1)}: {@code long} count, {@code
   * double} mean, {@code double} statistic, {@code boolean} drift flag.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeLong(count);
    out.writeDouble(mean);
    out.writeDouble(sum);
    out.writeBoolean(drift);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    long newCount = in.readLong();
    double newMean = in.readDouble();
    double newSum = in.readDouble();
    boolean newDrift = in.readBoolean();
    StateFormat.check(newCount >= 0, KIND, "negative count " + newCount);
    count = newCount;
    mean = newMean;
    sum = newSum;
    drift = newDrift;
  }

  @Override
  public String toString() {
    return "PageHinkley[delta=" + delta + ", lambda=" + lambda + ", alpha=" + alpha + "]";
  }
}
