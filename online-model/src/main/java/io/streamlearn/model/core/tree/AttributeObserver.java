package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.LearnerFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The per-class statistics of one feature at a leaf: they feed naive Bayes predictions and propose
 * the feature's best split (MOA's {@code AttributeClassObserver}).
 */
sealed interface AttributeObserver permits GaussianNumericObserver, NominalObserver {

  /** Records a non-missing value seen with the given class and weight. */
  void observe(double value, int classIndex, double weight);

  /** The likelihood of {@code value} given the class, for naive Bayes. */
  double likelihood(double value, int classIndex);

  /** The best split on this feature, or {@code null} when there is none to propose. */
  SplitSuggestion bestSplit(double[] preSplit, int featureId, HoeffdingTreeOptions options);

  /** Writes a tag byte then the observer's statistics. */
  void writeTo(DataOutput out) throws IOException;

  /** Reads an observer written by {@link #writeTo(DataOutput)}, or {@code null} for tag 0. */
  static AttributeObserver readFrom(DataInput in) throws IOException {
    int tag = in.readByte();
    return switch (tag) {
      case 0 -> null;
      case 1 -> GaussianNumericObserver.readBody(in);
      case 2 -> NominalObserver.readBody(in);
      default -> throw new LearnerFormatException("corrupt attribute observer: unknown tag " + tag);
    };
  }

  /** Writes {@code observer}, or the tag 0 for none. */
  static void write(AttributeObserver observer, DataOutput out) throws IOException {
    if (observer == null) {
      out.writeByte(0);
    } else {
      observer.writeTo(out);
    }
  }
}
