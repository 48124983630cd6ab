package io.streamlearn.features.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Merges the partial vectors of one transaction (the event part and one per entity key) into its
 * {@link FeatureValues}, in the spec's order. The result does not depend on the order the parts
 * arrive in. Immutable and thread-safe.
 */
public final class FeatureVectorAssembler {

  private final List<String> featureNames;
  private final List<String> parts;
  private final String[] partArray;

  /** Per part (in {@link #parts} order), the vector position of each of its values. */
  private final int[][] positions;

  FeatureVectorAssembler(List<String> featureNames, Map<String, List<String>> partNames) {
    this.featureNames = List.copyOf(featureNames);
    this.parts = List.copyOf(partNames.keySet());
    this.partArray = parts.toArray(new String[0]);
    this.positions = new int[partArray.length][];
    for (int p = 0; p < partArray.length; p++) {
      List<String> names = partNames.get(partArray[p]);
      int[] at = new int[names.size()];
      for (int i = 0; i < at.length; i++) {
        at[i] = featureNames.indexOf(names.get(i));
      }
      positions[p] = at;
    }
  }

  /** The index of {@code part} in {@link #parts}, or -1. */
  private int partIndex(String part) {
    for (int p = 0; p < partArray.length; p++) {
      if (partArray[p].equals(part)) {
        return p;
      }
    }
    return -1;
  }

  /** The number of values in the assembled vector. */
  int size() {
    return featureNames.size();
  }

  /** The vector positions of the values of part number {@code part} (in {@link #parts} order). */
  int[] positionsOf(int part) {
    return positions[part];
  }

  /** A vector of {@code values} (finite, in the spec's order), which it takes ownership of. */
  FeatureValues vectorOf(double[] values) {
    return FeatureValues.owning(featureNames, values);
  }

  /** The parts a transaction's vector is made of: the event part, then the entity keys. */
  public List<String> parts() {
    return parts;
  }

  /**
   * The vector of the transaction the parts describe.
   *
   * @throws IllegalArgumentException unless there is exactly one part of each kind, all for the
   *     same transaction and of the expected sizes
   */
  public FeatureValues assemble(Collection<PartialVector> partials) {
    if (partials.size() != parts.size()) {
      throw new IllegalArgumentException(
          "a vector needs the parts " + parts + ", got " + partials.size() + " parts");
    }
    double[] values = new double[featureNames.size()];
    String transactionId = null;
    boolean[] seen = new boolean[partArray.length];
    for (PartialVector partial : partials) {
      int index = partIndex(partial.part());
      if (index < 0 || seen[index]) {
        throw new IllegalArgumentException(
            "unexpected or repeated part '" + partial.part() + "'; expected " + parts);
      }
      seen[index] = true;
      int[] at = positions[index];
      if (transactionId == null) {
        transactionId = partial.transactionId();
      } else if (!transactionId.equals(partial.transactionId())) {
        throw new IllegalArgumentException(
            "parts of different transactions: " + transactionId + ", " + partial.transactionId());
      }
      if (partial.size() != at.length) {
        throw new IllegalArgumentException(
            "part '"
                + partial.part()
                + "' has "
                + partial.size()
                + " values, expected "
                + at.length);
      }
      for (int i = 0; i < at.length; i++) {
        values[at[i]] = partial.value(i);
      }
    }
    return FeatureValues.owning(featureNames, values);
  }
}
