package io.streamlearn.features.core;

import java.util.List;

/**
 * What a run over a sequence of inputs produced, each list in emission order: the vectors of the
 * transactions every entity accepted, and the rejections.
 */
public record FeatureRun(List<TransactionFeatures> vectors, List<Rejection> rejections) {

  public FeatureRun {
    vectors = List.copyOf(vectors);
    rejections = List.copyOf(rejections);
  }
}
