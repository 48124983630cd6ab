package io.streamlearn.monitoring.core.metrics;

/**
 * The four cells of a binary confusion matrix.
 *
 * @param truePositives predicted positive, actually positive
 * @param falsePositives predicted positive, actually negative
 * @param trueNegatives predicted negative, actually negative
 * @param falseNegatives predicted negative, actually positive
 */
public record ConfusionCounts(
    long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

  public ConfusionCounts {
    if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException("confusion counts must be >= 0");
    }
  }

  public long total() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  /** TP / (TP + FP); NaN with no predicted positive. */
  public double precision() {
    long predicted = truePositives + falsePositives;
    return predicted == 0 ? Double.NaN : (double) truePositives / predicted;
  }

  /** TP / (TP + FN); NaN with no actual positive. */
  public double recall() {
    long actual = truePositives + falseNegatives;
    return actual == 0 ? Double.NaN : (double) truePositives / actual;
  }

  /** 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall; NaN when all are 0. */
  public double f1() {
    long denominator = 2 * truePositives + falsePositives + falseNegatives;
    return denominator == 0 ? Double.NaN : 2.0 * truePositives / denominator;
  }

  /** (TP + TN) / total; NaN when empty. */
  public double accuracy() {
    long n = total();
    return n == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / n;
  }

  /**
   * Cohen's kappa, {@code (p_o - p_e) / (1 - p_e)}: the accuracy {@code p_o} corrected for the
   * agreement {@code p_e} expected by chance from the marginals (J. Cohen, "A Coefficient of
   * Agreement for Nominal Scales", Educational and Psychological Measurement 20(1), 1960), as MOA
   * computes it for its evaluators; NaN when empty or when {@code p_e = 1}.
   */
  public double kappa() {
    double n = total();
    if (n == 0) {
      return Double.NaN;
    }
    double observed = (truePositives + trueNegatives) / n;
    double predictedPositive = (truePositives + falsePositives) / n;
    double actualPositive = (truePositives + falseNegatives) / n;
    double chance =
        predictedPositive * actualPositive + (1 - predictedPositive) * (1 - actualPositive);
    return chance == 1 ? Double.NaN : (observed - chance) / (1 - chance);
  }
}
