package io.streamlearn.model.core.tree;

import io.streamlearn.monitoring.core.drift.Adwin;

/**
 * A split node of the Hoeffding Adaptive Tree: ADWIN watches the error of the subtree below it, and
 * an alternate leaf may grow beside it after the error rose (MOA's {@code AdaSplitNode}).
 */
final class AdaptiveSplitNode extends SplitNode {

  /** The 0/1 error of the subtree's predictions on the examples that reached this node. */
  Adwin error;

  /** The alternate grown since the error last rose, or {@code null}. */
  LearningNode alternate;

  /** The 0/1 error of {@link #alternate}'s own predictions, or {@code null} without one. */
  Adwin alternateError;

  AdaptiveSplitNode(
      SplitTest test, double[] classCounts, Node[] children, int missingBranch, Adwin error) {
    super(test, classCounts, children, missingBranch);
    this.error = error;
  }
}
