package io.streamlearn.features.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the partial vectors of one transaction (the event part and one per entity key) into its
 * {@link FeatureValues}, in the spec's order. The result does not depend on the order the parts
 * arrive in. Immutable and thread-safe.
 */
public final class FeatureVectorAssembler {

  private final List<String> featureNames;
  private final List<String> parts;
  private final Map<String, int[]> positions;

  FeatureVectorAssembler(List<String> featureNames, Map<String, List<String>> partNames) {
    this.featureNames = featureNames;
    this.parts = List.copyOf(partNames.keySet());
    this.positions = new HashMap<>();
    for (Map.Entry<String, List<String>> part : partNames.entrySet()) {
      int[] at = new int[part.getValue().size()];
      for (int i = 0; i < at.length; i++) {
        at[i] = featureNames.indexOf(part.getValue().get(i));
      }
      positions.put(part.getKey(), at);
    }
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
    Set<String> seen = new HashSet<>();
    for (PartialVector partial : partials) {
      int[] at = positions.get(partial.part());
      if (at == null || !seen.add(partial.part())) {
        throw new IllegalArgumentException(
            "unexpected or repeated part '" + partial.part() + "'; expected " + parts);
      }
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
    return FeatureValues.of(featureNames, values);
  }
}
