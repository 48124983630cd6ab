package io.streamlearn.model.core.tree;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A Hoeffding tree (VFDT; Domingos and Hulten, "Mining high-speed data streams", KDD 2000) over
 * feature vectors encoded by a {@link FeatureSpace}, so that an ensemble encodes each example once
 * for all its members. With a {@link FeatureSubspace} other than {@link FeatureSubspace#ALL}, each
 * leaf observes a random subset of the features: the base tree of the Adaptive Random Forest (MOA's
 * {@code ARFHoeffdingTree}).
 *
 * <p>{@link HoeffdingTree} is the learner over feature maps; see {@code docs/TREES.md} for how this
 * tree follows MOA and where it departs from it.
 */
public final class DenseHoeffdingTree {

  private final HoeffdingTreeOptions options;
  private final FeatureSpace features;
  private final FeatureSubspace subspace;
  private final SplitMix64 random;
  private Node root;

  /**
   * An empty tree.
   *
   * @param options the tree's hyper-parameters (its nominal feature names are the space's concern)
   * @param features the space that encodes the vectors this tree sees; it may be shared
   * @param subspace how many features each leaf observes
   * @param seed the seed of the generator that draws the leaves' subspaces
   */
  public DenseHoeffdingTree(
      HoeffdingTreeOptions options, FeatureSpace features, FeatureSubspace subspace, long seed) {
    this(options, features, subspace, new SplitMix64(seed), null);
  }

  private DenseHoeffdingTree(
      HoeffdingTreeOptions options,
      FeatureSpace features,
      FeatureSubspace subspace,
      SplitMix64 random,
      Node root) {
    this.options = options;
    this.features = features;
    this.subspace = subspace;
    this.random = random;
    this.root = root;
  }

  /** Learns one example encoded by this tree's feature space; {@code classIndex} is 0 or 1. */
  public void learn(double[] x, int classIndex, double weight) {
    if (root == null) {
      root = new LearningNode(new double[2]);
    }
    SplitNode parent = null;
    int parentBranch = -1;
    Node node = root;
    while (node instanceof SplitNode split) {
      int branch = split.branch(x);
      Node child = split.child(branch);
      if (child == null) {
        child = new LearningNode(new double[2]);
        split.setChild(branch, child);
      }
      parent = split;
      parentBranch = branch;
      node = child;
    }
    LearningNode leaf = (LearningNode) node;
    leaf.learn(x, classIndex, weight, options, features, subspace, random);
    double weightSeen = leaf.weightSeen();
    if (weightSeen - leaf.weightAtLastSplitAttempt >= options.gracePeriod()) {
      attemptToSplit(leaf, parent, parentBranch);
      leaf.weightAtLastSplitAttempt = weightSeen;
    }
  }

  private void attemptToSplit(LearningNode leaf, SplitNode parent, int parentBranch) {
    SplitSuggestion decision = SplitDecider.decide(leaf, options);
    if (decision == null) {
      return;
    }
    if (decision.test() == null) {
      leaf.reset();
      return;
    }
    SplitNode split =
        new SplitNode(
            decision.test(),
            leaf.classCounts.clone(),
            SplitDecider.newChildren(decision),
            SplitNode.heaviestBranch(decision.branchDistributions()));
    if (parent == null) {
      root = split;
    } else {
      parent.setChild(parentBranch, split);
    }
  }

  /**
   * Writes the normalised class distribution for {@code x} into {@code out} (index 1: positive) and
   * returns true, or returns false when the tree knows nothing yet (see {@link
   * TreePrediction#distribution}).
   */
  public boolean distribution(double[] x, double[] out) {
    return TreePrediction.distribution(root, x, options, out);
  }

  /**
   * The class predicted for {@code x}: 1 when its probability exceeds class 0's, 0 otherwise (and
   * before the tree knows anything). {@code scratch} (length 2) receives the distribution.
   */
  public int predictedClass(double[] x, double[] scratch) {
    if (!distribution(x, scratch)) {
      return 0;
    }
    return scratch[1] > scratch[0] ? 1 : 0;
  }

  /** The root, for tests. */
  Node root() {
    return root;
  }

  /** The number of leaves (0 before the first example). */
  public int leafCount() {
    return TreeShape.leaves(root);
  }

  /** The number of split nodes. */
  public int splitNodeCount() {
    return TreeShape.splitNodes(root);
  }

  /** The number of split nodes on the longest path from the root to a leaf. */
  public int depth() {
    return TreeShape.depth(root);
  }

  /** The test at the root as {@code feature <= threshold}, {@code feature = code} or similar. */
  public String rootTest() {
    return root instanceof SplitNode split ? TreeShape.describe(split.test, features) : "";
  }

  /**
   * Writes the learned state (the hyper-parameters and the feature space are the owner's): long
   * generator state, then the root node in the layout of {@code TreeCodec} ({@code docs/TREES.md}).
   */
  public void writeState(DataOutput out) throws IOException {
    out.writeLong(random.state());
    TreeCodec.writeNode(root, out);
  }

  /** Reads a tree written by {@link #writeState(DataOutput)} with the same hyper-parameters. */
  public static DenseHoeffdingTree readState(
      DataInput in, HoeffdingTreeOptions options, FeatureSpace features, FeatureSubspace subspace)
      throws IOException {
    SplitMix64 random = SplitMix64.fromState(in.readLong());
    Node root = TreeCodec.readNode(in, null);
    return new DenseHoeffdingTree(options, features, subspace, random, root);
  }
}
