package io.streamlearn.model.core;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * A binary classifier that learns one example at a time, in the spirit of River's {@code learn_one}
 * / {@code predict_proba_one}.
 *
 * <p>Features are a map from name to value. The map is never mutated by the learner; its order is
 * irrelevant; features may appear for the first time or stop appearing at any point. Learned state
 * is private; hyper-parameters are fixed at construction. A learner never reads the clock, and a
 * learner with a seed is deterministic.
 */
public interface OnlineClassifier {

  /** Learns from one labelled example with the given importance weight (&gt; 0). */
  void learnOne(Map<String, Double> x, boolean y, double weight);

  /** Learns from one labelled example with weight 1. */
  default void learnOne(Map<String, Double> x, boolean y) {
    learnOne(x, y, 1.0);
  }

  /** The probability that {@code x} is positive, in [0, 1]. */
  double predictProbaOne(Map<String, Double> x);

  /** The predicted class at threshold 0.5. */
  default boolean predictOne(Map<String, Double> x) {
    return predictProbaOne(x) >= 0.5;
  }

  /** Stable identifier of the learner type, e.g. {@code hoeffding-tree}; names its byte layout. */
  String kind();

  /** Version of the byte layout written by {@link #writeTo(DataOutput)}. */
  int formatVersion();

  /**
   * Writes the hyper-parameters and the learned state in this learner's explicit, versioned byte
   * layout (documented on the implementing class). Never Java serialisation.
   */
  void writeTo(DataOutput out) throws IOException;
}
