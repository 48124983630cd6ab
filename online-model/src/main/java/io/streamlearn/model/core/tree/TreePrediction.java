package io.streamlearn.model.core.tree;

/** How a tree answers: the leaf an example reaches, and that leaf's class distribution. */
final class TreePrediction {

  private TreePrediction() {}

  /**
   * Writes the normalised class distribution for {@code x} into {@code out} (index 1: positive) and
   * returns true, or returns false when the tree knows nothing yet. The leaf's votes are used when
   * they are positive and finite (naive Bayes votes can underflow); otherwise its class counts,
   * then those of the nearest split node above it. A split node answers alone for a nominal code it
   * never saw.
   */
  static boolean distribution(Node root, double[] x, HoeffdingTreeOptions options, double[] out) {
    if (root == null) {
      return false;
    }
    Node node = root;
    SplitNode parent = null;
    while (node instanceof SplitNode split) {
      Node child = split.child(split.branch(x));
      if (child == null) {
        return normalise(split.classCounts, out);
      }
      parent = split;
      node = child;
    }
    LearningNode leaf = (LearningNode) node;
    leaf.votes(x, options, out);
    double sum = out[0] + out[1];
    if (sum > 0.0 && Double.isFinite(sum)) {
      out[0] /= sum;
      out[1] /= sum;
      return true;
    }
    if (normalise(leaf.classCounts, out)) {
      return true;
    }
    return parent != null && normalise(parent.classCounts, out);
  }

  /**
   * The class a subtree predicts for {@code x} as MOA judges it: the larger raw vote of the leaf
   * reached from {@code node}, class 0 on ties; 0 when the branch has no child.
   */
  static int subtreeClass(Node node, double[] x, HoeffdingTreeOptions options, double[] scratch) {
    while (node instanceof SplitNode split) {
      node = split.child(split.branch(x));
    }
    if (node == null) {
      return 0;
    }
    ((LearningNode) node).votes(x, options, scratch);
    return scratch[1] > scratch[0] ? 1 : 0;
  }

  private static boolean normalise(double[] counts, double[] out) {
    double sum = counts[0] + counts[1];
    if (!(sum > 0.0)) {
      return false;
    }
    out[0] = counts[0] / sum;
    out[1] = counts[1] / sum;
    return true;
  }
}
