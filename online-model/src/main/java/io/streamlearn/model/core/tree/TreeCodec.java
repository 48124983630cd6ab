package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.monitoring.core.drift.Adwin;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The byte layout of tree nodes, written depth first. Each node starts with a tag byte:
 *
 * <ul>
 *   <li>{@code 0}: no node;
 *   <li>{@code 1}: a learning leaf: two doubles of class counts, double weight at the last split
 *       attempt, double majority-correct weight, double naive-Bayes-correct weight, boolean
 *       subspace drawn, int subspace length (-1 for every feature) and that many int feature ids,
 *       int observer count and, per feature id, an observer (tag 0 none, 1 Gaussian: per class a
 *       boolean present and then weight, mean, variance sum, minimum, maximum as doubles; 2
 *       nominal: per class a boolean seen, double total and an int count of doubles);
 *   <li>{@code 2}: a split node: two doubles of class counts, the test (tag byte 0 numeric binary
 *       with int feature and double threshold, 1 nominal binary with int feature and int code, 2
 *       nominal multiway with int feature), int missing-value branch, int child count and each
 *       child as a node;
 * </ul>
 */
final class TreeCodec {

  private TreeCodec() {}

  static void writeNode(Node node, DataOutput out) throws IOException {
    if (node == null) {
      out.writeByte(0);
    } else if (node instanceof LearningNode leaf) {
      out.writeByte(leaf.bootstrap == null ? 1 : 4);
      writeLeafBody(leaf, out);
      if (leaf.bootstrap != null) {
        out.writeLong(leaf.bootstrap.state());
      }
    } else {
      SplitNode split = (SplitNode) node;
      AdaptiveSplitNode adaptive = split instanceof AdaptiveSplitNode a ? a : null;
      out.writeByte(adaptive != null ? 3 : 2);
      out.writeDouble(split.classCounts[0]);
      out.writeDouble(split.classCounts[1]);
      split.test.writeTo(out);
      out.writeInt(split.missingBranch);
      out.writeInt(split.childCount());
      for (int i = 0; i < split.childCount(); i++) {
        writeNode(split.child(i), out);
      }
      if (adaptive != null) {
        adaptive.error.writeState(out);
        writeNode(adaptive.alternate, out);
        if (adaptive.alternate != null) {
          adaptive.alternateError.writeState(out);
        }
      }
    }
  }

  static void writeLeafBody(LearningNode leaf, DataOutput out) throws IOException {
    out.writeDouble(leaf.classCounts[0]);
    out.writeDouble(leaf.classCounts[1]);
    out.writeDouble(leaf.weightAtLastSplitAttempt);
    out.writeDouble(leaf.majorityCorrectWeight);
    out.writeDouble(leaf.naiveBayesCorrectWeight);
    out.writeBoolean(leaf.subspaceDrawn);
    if (leaf.subspace == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(leaf.subspace.length);
      for (int id : leaf.subspace) {
        out.writeInt(id);
      }
    }
    out.writeInt(leaf.observers.length);
    for (AttributeObserver observer : leaf.observers) {
      AttributeObserver.write(observer, out);
    }
  }

  /**
   * Reads a node and its subtree; {@code newAdwin} makes the detectors of adaptive split nodes
   * (with the tree's hyper-parameters) and is {@code null} for a plain Hoeffding tree.
   */
  static Node readNode(DataInput in, Supplier<Adwin> newAdwin) throws IOException {
    int tag = in.readByte();
    switch (tag) {
      case 0:
        return null;
      case 1:
        return readLeafBody(in);
      case 4:
        LearningNode leaf = readLeafBody(in);
        leaf.bootstrap = Lcg48Random.fromState(in.readLong());
        return leaf;
      case 2:
      case 3:
        double[] counts = {in.readDouble(), in.readDouble()};
        SplitTest test = SplitTest.readFrom(in);
        int missingBranch = in.readInt();
        int childCount = in.readInt();
        if (childCount < 0 || childCount > FeatureSpace.MAX_NOMINAL_CODE + 1) {
          throw new LearnerFormatException("corrupt tree: " + childCount + " children");
        }
        if (missingBranch < 0 || (childCount > 0 && missingBranch >= childCount)) {
          throw new LearnerFormatException("corrupt tree: missing-value branch " + missingBranch);
        }
        Node[] children = new Node[childCount];
        for (int i = 0; i < childCount; i++) {
          children[i] = readNode(in, newAdwin);
        }
        if (tag == 2) {
          return new SplitNode(test, counts, children, missingBranch);
        }
        if (newAdwin == null) {
          throw new LearnerFormatException("corrupt tree: adaptive split node in a plain tree");
        }
        Adwin error = newAdwin.get();
        error.readState(in);
        AdaptiveSplitNode node =
            new AdaptiveSplitNode(test, counts, children, missingBranch, error);
        Node alternate = readNode(in, newAdwin);
        if (alternate instanceof LearningNode alternateLeaf) {
          node.alternate = alternateLeaf;
          node.alternateError = newAdwin.get();
          node.alternateError.readState(in);
        } else if (alternate != null) {
          throw new LearnerFormatException("corrupt tree: an alternate that is not a leaf");
        }
        return node;
      default:
        throw new LearnerFormatException("corrupt tree: unknown node tag " + tag);
    }
  }

  static LearningNode readLeafBody(DataInput in) throws IOException {
    LearningNode leaf = new LearningNode(new double[] {in.readDouble(), in.readDouble()});
    leaf.weightAtLastSplitAttempt = in.readDouble();
    leaf.majorityCorrectWeight = in.readDouble();
    leaf.naiveBayesCorrectWeight = in.readDouble();
    leaf.subspaceDrawn = in.readBoolean();
    int subspaceLength = in.readInt();
    if (subspaceLength >= 0) {
      int[] subspace = new int[subspaceLength];
      for (int i = 0; i < subspaceLength; i++) {
        subspace[i] = in.readInt();
      }
      leaf.subspace = subspace;
    } else if (subspaceLength != -1) {
      throw new LearnerFormatException("corrupt leaf: subspace length " + subspaceLength);
    }
    int observerCount = in.readInt();
    if (observerCount < 0) {
      throw new LearnerFormatException("corrupt leaf: " + observerCount + " observers");
    }
    AttributeObserver[] observers = new AttributeObserver[observerCount];
    for (int i = 0; i < observerCount; i++) {
      observers[i] = AttributeObserver.readFrom(in);
    }
    leaf.observers = observers;
    return leaf;
  }
}
