package io.streamlearn.model.core.tree;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A weighted incremental estimate of a normal distribution: weight, mean and sum of squared
 * deviations updated as in Knuth, The Art of Computer Programming vol. 2, §4.2.2 (West's weighted
 * form), as MOA's {@code GaussianEstimator}. The variance is the sample variance, {@code
 * varianceSum / (weight - 1)}, zero until the weight exceeds one.
 */
final class GaussianEstimator {

  private static final double NORMAL_CONSTANT = Math.sqrt(2 * Math.PI);

  private double weightSum;
  private double mean;
  private double varianceSum;
  // derived from the three above on every change, so that densities cost one exp
  private double stdDev;
  private double densityFactor;
  private double twoVariance;

  /** Adds one value with the given weight; non-finite values are ignored. */
  void add(double value, double weight) {
    if (!Double.isFinite(value)) {
      return;
    }
    if (weightSum > 0.0) {
      weightSum += weight;
      double lastMean = mean;
      mean += weight * (value - lastMean) / weightSum;
      varianceSum += weight * (value - lastMean) * (value - mean);
    } else {
      mean = value;
      weightSum = weight;
    }
    derive();
  }

  private void derive() {
    stdDev = Math.sqrt(variance());
    densityFactor = 1.0 / (NORMAL_CONSTANT * stdDev);
    twoVariance = 2.0 * stdDev * stdDev;
  }

  double weight() {
    return weightSum;
  }

  double mean() {
    return mean;
  }

  double variance() {
    return weightSum > 1.0 ? varianceSum / (weightSum - 1.0) : 0.0;
  }

  double stdDev() {
    return stdDev;
  }

  /** The normal density at {@code value}; with zero variance, 1 at the mean and 0 elsewhere. */
  double density(double value) {
    if (weightSum > 0.0) {
      if (stdDev > 0.0) {
        double diff = value - mean;
        return densityFactor * Math.exp(-(diff * diff / twoVariance));
      }
      return value == mean ? 1.0 : 0.0;
    }
    return 0.0;
  }

  /**
   * Splits the observed weight at {@code value} as MOA does: {@code out[0]} receives the weight
   * estimated at or below it (less-than plus equal-to, the latter being density times weight) and
   * {@code out[1]} the weight above it (never negative).
   */
  void splitWeight(double value, double[] out) {
    double equal = density(value) * weightSum;
    double less;
    if (stdDev > 0.0) {
      less = NormalDistribution.cdf((value - mean) / stdDev) * weightSum - equal;
    } else {
      less = value < mean ? weightSum - equal : 0.0;
    }
    double greater = weightSum - equal - less;
    if (greater < 0.0) {
      greater = 0.0;
    }
    out[0] = less + equal;
    out[1] = greater;
  }

  /** Writes weight, mean and sum of squared deviations as three doubles. */
  void writeTo(DataOutput out) throws IOException {
    out.writeDouble(weightSum);
    out.writeDouble(mean);
    out.writeDouble(varianceSum);
  }

  static GaussianEstimator readFrom(DataInput in) throws IOException {
    GaussianEstimator estimator = new GaussianEstimator();
    estimator.weightSum = in.readDouble();
    estimator.mean = in.readDouble();
    estimator.varianceSum = in.readDouble();
    estimator.derive();
    return estimator;
  }
}
