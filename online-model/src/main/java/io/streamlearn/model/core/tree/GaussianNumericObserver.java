package io.streamlearn.model.core.tree;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Observes a numeric feature with one Gaussian estimator per class and the per-class minimum and
 * maximum, as MOA's {@code GaussianNumericAttributeClassObserver}: candidate thresholds are the
 * {@code numericSplitPoints} points dividing [min, max] into equal parts, and the weight of each
 * class on either side of a threshold is estimated from its Gaussian.
 */
final class GaussianNumericObserver implements AttributeObserver {

  private final GaussianEstimator[] perClass = new GaussianEstimator[2];
  private final double[] min = new double[2];
  private final double[] max = new double[2];

  @Override
  public void observe(double value, int classIndex, double weight) {
    GaussianEstimator estimator = perClass[classIndex];
    if (estimator == null) {
      estimator = new GaussianEstimator();
      perClass[classIndex] = estimator;
      min[classIndex] = value;
      max[classIndex] = value;
    } else {
      if (value < min[classIndex]) {
        min[classIndex] = value;
      }
      if (value > max[classIndex]) {
        max[classIndex] = value;
      }
    }
    estimator.add(value, weight);
  }

  @Override
  public double likelihood(double value, int classIndex) {
    GaussianEstimator estimator = perClass[classIndex];
    return estimator != null ? estimator.density(value) : 0.0;
  }

  @Override
  public SplitSuggestion bestSplit(double[] preSplit, int featureId, HoeffdingTreeOptions options) {
    double minValue = Double.POSITIVE_INFINITY;
    double maxValue = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < 2; c++) {
      if (perClass[c] != null) {
        minValue = Math.min(minValue, min[c]);
        maxValue = Math.max(maxValue, max[c]);
      }
    }
    if (minValue == Double.POSITIVE_INFINITY) {
      return null;
    }
    int points = options.numericSplitPoints();
    double range = maxValue - minValue;
    SplitSuggestion best = null;
    double previous = Double.NaN;
    for (int i = 0; i < points; i++) {
      double threshold = range / (points + 1.0) * (i + 1) + minValue;
      // thresholds increase with i; equal neighbours (tiny ranges) are evaluated once
      if (threshold > minValue && threshold < maxValue && threshold != previous) {
        previous = threshold;
        double[][] branches = branchDistributions(threshold);
        double merit =
            InfoGainSplitCriterion.merit(preSplit, branches, options.minBranchFraction());
        if (best == null || merit > best.merit()) {
          best =
              new SplitSuggestion(
                  new SplitTest.NumericBinary(featureId, threshold), branches, merit);
        }
      }
    }
    return best;
  }

  /** The class weights estimated at or below {@code threshold} (row 0) and above it (row 1). */
  double[][] branchDistributions(double threshold) {
    double[] lhs = new double[2];
    double[] rhs = new double[2];
    double[] split = new double[2];
    for (int c = 0; c < 2; c++) {
      GaussianEstimator estimator = perClass[c];
      if (estimator == null) {
        continue;
      }
      if (threshold < min[c]) {
        rhs[c] += estimator.weight();
      } else if (threshold >= max[c]) {
        lhs[c] += estimator.weight();
      } else {
        estimator.splitWeight(threshold, split);
        lhs[c] += split[0];
        rhs[c] += split[1];
      }
    }
    return new double[][] {lhs, rhs};
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(1);
    for (int c = 0; c < 2; c++) {
      out.writeBoolean(perClass[c] != null);
      if (perClass[c] != null) {
        perClass[c].writeTo(out);
        out.writeDouble(min[c]);
        out.writeDouble(max[c]);
      }
    }
  }

  static GaussianNumericObserver readBody(DataInput in) throws IOException {
    GaussianNumericObserver observer = new GaussianNumericObserver();
    for (int c = 0; c < 2; c++) {
      if (in.readBoolean()) {
        observer.perClass[c] = GaussianEstimator.readFrom(in);
        observer.min[c] = in.readDouble();
        observer.max[c] = in.readDouble();
      }
    }
    return observer;
  }
}
