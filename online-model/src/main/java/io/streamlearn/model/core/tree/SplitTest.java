package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.LearnerFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The test of a split node: which branch an encoded example takes, -1 when its value is missing.
 */
sealed interface SplitTest
    permits SplitTest.NumericBinary, SplitTest.NominalBinary, SplitTest.NominalMultiway {

  /** The index of the tested feature. */
  int featureId();

  /** The branch for {@code x}, or -1 when the tested feature is missing from it. */
  int branch(double[] x);

  /** Writes a tag byte then the test's fields. */
  void writeTo(DataOutput out) throws IOException;

  /** {@code value <= threshold} takes branch 0, {@code value > threshold} branch 1. */
  record NumericBinary(int featureId, double threshold) implements SplitTest {
    @Override
    public int branch(double[] x) {
      if (featureId >= x.length || Double.isNaN(x[featureId])) {
        return -1;
      }
      return x[featureId] <= threshold ? 0 : 1;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      out.writeByte(0);
      out.writeInt(featureId);
      out.writeDouble(threshold);
    }
  }

  /** Code {@code value} takes branch 0, any other code branch 1. */
  record NominalBinary(int featureId, int value) implements SplitTest {
    @Override
    public int branch(double[] x) {
      if (featureId >= x.length || Double.isNaN(x[featureId])) {
        return -1;
      }
      return (int) x[featureId] == value ? 0 : 1;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      out.writeByte(1);
      out.writeInt(featureId);
      out.writeInt(value);
    }
  }

  /** Code {@code c} takes branch {@code c}. */
  record NominalMultiway(int featureId) implements SplitTest {
    @Override
    public int branch(double[] x) {
      if (featureId >= x.length || Double.isNaN(x[featureId])) {
        return -1;
      }
      return (int) x[featureId];
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      out.writeByte(2);
      out.writeInt(featureId);
    }
  }

  /** Reads a test written by {@link #writeTo(DataOutput)}. */
  static SplitTest readFrom(DataInput in) throws IOException {
    int tag = in.readByte();
    int featureId = in.readInt();
    if (featureId < 0) {
      throw new LearnerFormatException("corrupt split test: negative feature index " + featureId);
    }
    return switch (tag) {
      case 0 -> new NumericBinary(featureId, in.readDouble());
      case 1 -> new NominalBinary(featureId, in.readInt());
      case 2 -> new NominalMultiway(featureId);
      default -> throw new LearnerFormatException("corrupt split test: unknown tag " + tag);
    };
  }
}
