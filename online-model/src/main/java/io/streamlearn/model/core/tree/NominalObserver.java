package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.LearnerFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Observes a nominal feature (integer codes) with per-class weight counts, as MOA's {@code
 * NominalAttributeClassObserver}: Laplace-smoothed likelihoods for naive Bayes; a multiway split
 * (one branch per code seen, unless binary splits are required) and every one-code-versus-the-rest
 * binary split as candidates.
 */
final class NominalObserver implements AttributeObserver {

  private static final double[] EMPTY = new double[0];

  /** counts[c][v]: weight of class c seen with code v; its length is 1 + the largest code seen. */
  private final double[][] counts = {EMPTY, EMPTY};

  private final double[] classTotals = new double[2];

  private final boolean[] seen = new boolean[2];

  @Override
  public void observe(double value, int classIndex, double weight) {
    int code = (int) value;
    double[] row = counts[classIndex];
    if (code >= row.length) {
      row = Arrays.copyOf(row, code + 1);
      counts[classIndex] = row;
    }
    row[code] += weight;
    classTotals[classIndex] += weight;
    seen[classIndex] = true;
  }

  @Override
  public double likelihood(double value, int classIndex) {
    if (!seen[classIndex]) {
      return 0.0;
    }
    double[] row = counts[classIndex];
    int code = (int) value;
    double count = code < row.length ? row[code] : 0.0;
    return (count + 1.0) / (classTotals[classIndex] + row.length);
  }

  private int codesObserved() {
    return Math.max(counts[0].length, counts[1].length);
  }

  @Override
  public SplitSuggestion bestSplit(double[] preSplit, int featureId, HoeffdingTreeOptions options) {
    int codes = codesObserved();
    SplitSuggestion best = null;
    if (!options.binarySplits()) {
      double[][] branches = multiwayDistributions(codes);
      double merit = InfoGainSplitCriterion.merit(preSplit, branches, options.minBranchFraction());
      best = new SplitSuggestion(new SplitTest.NominalMultiway(featureId), branches, merit);
    }
    for (int code = 0; code < codes; code++) {
      double[][] branches = binaryDistributions(code);
      double merit = InfoGainSplitCriterion.merit(preSplit, branches, options.minBranchFraction());
      if (best == null || merit > best.merit()) {
        best = new SplitSuggestion(new SplitTest.NominalBinary(featureId, code), branches, merit);
      }
    }
    return best;
  }

  /** Row v: the class weights seen with code v. */
  double[][] multiwayDistributions(int codes) {
    double[][] branches = new double[codes][2];
    for (int c = 0; c < 2; c++) {
      double[] row = counts[c];
      for (int code = 0; code < row.length; code++) {
        branches[code][c] += row[code];
      }
    }
    return branches;
  }

  /** Row 0: the class weights seen with {@code code}; row 1: with any other code. */
  double[][] binaryDistributions(int code) {
    double[] equal = new double[2];
    double[] other = new double[2];
    for (int c = 0; c < 2; c++) {
      double[] row = counts[c];
      for (int v = 0; v < row.length; v++) {
        if (v == code) {
          equal[c] += row[v];
        } else {
          other[c] += row[v];
        }
      }
    }
    return new double[][] {equal, other};
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(2);
    for (int c = 0; c < 2; c++) {
      out.writeBoolean(seen[c]);
      out.writeDouble(classTotals[c]);
      out.writeInt(counts[c].length);
      for (double count : counts[c]) {
        out.writeDouble(count);
      }
    }
  }

  static NominalObserver readBody(DataInput in) throws IOException {
    NominalObserver observer = new NominalObserver();
    for (int c = 0; c < 2; c++) {
      observer.seen[c] = in.readBoolean();
      observer.classTotals[c] = in.readDouble();
      int length = in.readInt();
      if (length < 0 || length > FeatureSpace.MAX_NOMINAL_CODE + 1) {
        throw new LearnerFormatException("corrupt nominal observer: " + length + " codes");
      }
      double[] row = new double[length];
      for (int v = 0; v < length; v++) {
        row[v] = in.readDouble();
      }
      observer.counts[c] = row;
    }
    return observer;
  }
}
