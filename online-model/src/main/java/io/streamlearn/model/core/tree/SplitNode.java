package io.streamlearn.model.core.tree;

import java.util.Arrays;

/**
 * An inner node: a test and one child per branch. An example whose tested feature is missing takes
 * {@link #missingBranch}, the branch that received the most weight when the split was made (the
 * lowest such branch on ties).
 */
sealed class SplitNode extends Node permits AdaptiveSplitNode {

  final SplitTest test;
  final int missingBranch;
  private Node[] children;

  SplitNode(SplitTest test, double[] classCounts, Node[] children, int missingBranch) {
    super(classCounts);
    this.test = test;
    this.children = children;
    this.missingBranch = missingBranch;
  }

  /** The branch {@code x} takes, routing a missing value to {@link #missingBranch}. */
  final int branch(double[] x) {
    int branch = test.branch(x);
    return branch < 0 ? missingBranch : branch;
  }

  /** The child on {@code branch}, or {@code null} (a nominal code never seen at the split). */
  final Node child(int branch) {
    return branch < children.length ? children[branch] : null;
  }

  final int childCount() {
    return children.length;
  }

  final void setChild(int branch, Node child) {
    if (branch >= children.length) {
      children = Arrays.copyOf(children, branch + 1);
    }
    children[branch] = child;
  }

  /** The branch that received the most weight in {@code branchDistributions}, lowest on ties. */
  static int heaviestBranch(double[][] branchDistributions) {
    int heaviest = 0;
    double heaviestWeight = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < branchDistributions.length; i++) {
      double weight = branchDistributions[i][0] + branchDistributions[i][1];
      if (weight > heaviestWeight) {
        heaviest = i;
        heaviestWeight = weight;
      }
    }
    return heaviest;
  }
}
