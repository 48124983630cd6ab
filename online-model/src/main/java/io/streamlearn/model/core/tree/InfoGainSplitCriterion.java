package io.streamlearn.model.core.tree;

/**
 * Information gain of a split of a class distribution, computed as MOA's {@code
 * InfoGainSplitCriterion} (Quinlan's ID3/C4.5 gain, in bits), with its guard that at least two
 * branches must each receive more than a minimum fraction of the weight.
 */
final class InfoGainSplitCriterion {

  private static final double LOG_2 = Math.log(2);

  /** The range of the merit for two classes: log2(2). */
  static final double RANGE_OF_MERIT = 1.0;

  private InfoGainSplitCriterion() {}

  /**
   * The gain of splitting {@code preSplit} into {@code postSplit}, or negative infinity when fewer
   * than two branches receive more than {@code minBranchFraction} of the weight.
   */
  static double merit(double[] preSplit, double[][] postSplit, double minBranchFraction) {
    if (branchesAboveFraction(postSplit, minBranchFraction) < 2) {
      return Double.NEGATIVE_INFINITY;
    }
    return entropy(preSplit) - entropy(postSplit);
  }

  /** The entropy, in bits, of the distribution given by non-negative weights. */
  static double entropy(double[] distribution) {
    double entropy = 0.0;
    double sum = 0.0;
    for (double d : distribution) {
      if (d > 0.0) {
        entropy -= d * log2(d);
        sum += d;
      }
    }
    return sum > 0.0 ? (entropy + sum * log2(sum)) / sum : 0.0;
  }

  /** The weighted mean entropy of the branches. */
  static double entropy(double[][] distributions) {
    double totalWeight = 0.0;
    double[] weights = new double[distributions.length];
    for (int i = 0; i < distributions.length; i++) {
      for (double d : distributions[i]) {
        weights[i] += d;
      }
      totalWeight += weights[i];
    }
    double entropy = 0.0;
    for (int i = 0; i < distributions.length; i++) {
      entropy += weights[i] * entropy(distributions[i]);
    }
    return entropy / totalWeight;
  }

  /** How many branches receive strictly more than {@code minFraction} of the total weight. */
  static int branchesAboveFraction(double[][] distributions, double minFraction) {
    double total = 0.0;
    double[] sums = new double[distributions.length];
    for (int i = 0; i < distributions.length; i++) {
      for (double d : distributions[i]) {
        sums[i] += d;
      }
      total += sums[i];
    }
    int count = 0;
    for (double sum : sums) {
      if (sum / total > minFraction) {
        count++;
      }
    }
    return count;
  }

  /**
   * The Hoeffding bound: with probability 1 - δ, the mean of {@code n} observations of a variable
   * of the given range is within this distance of its expectation (Hoeffding 1963; Domingos and
   * Hulten 2000).
   */
  static double hoeffdingBound(double range, double confidence, double n) {
    return Math.sqrt(((range * range) * Math.log(1.0 / confidence)) / (2.0 * n));
  }

  private static double log2(double value) {
    return Math.log(value) / LOG_2;
  }
}
