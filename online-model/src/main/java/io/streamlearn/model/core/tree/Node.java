package io.streamlearn.model.core.tree;

/** A node of a Hoeffding tree: it knows the class distribution of the weight it has seen. */
abstract sealed class Node permits LearningNode, SplitNode {

  /**
   * Weight seen per class (index 0: negative, 1: positive). A leaf keeps counting; a split node
   * keeps the distribution it had when it was made.
   */
  final double[] classCounts;

  Node(double[] classCounts) {
    this.classCounts = classCounts;
  }

  /** The total weight in {@link #classCounts}. */
  final double weightSeen() {
    return classCounts[0] + classCounts[1];
  }
}
