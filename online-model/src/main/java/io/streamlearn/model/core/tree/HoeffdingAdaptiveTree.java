package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.LearnerInputs;
import io.streamlearn.model.core.LearnerKind;
import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.Parameter;
import io.streamlearn.model.core.ParameterValues;
import io.streamlearn.monitoring.core.drift.Adwin;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Hoeffding Adaptive Tree (Bifet and Gavaldà, "Adaptive learning from evolving data streams",
 * IDA 2009), as MOA's {@code trees.HoeffdingAdaptiveTree}: a Hoeffding tree whose split nodes watch
 * the 0/1 error of their subtree with ADWIN. When that error rises, an alternate leaf starts
 * learning from the examples reaching the node; the alternate replaces the subtree when its own
 * error is significantly lower (both error windows wider than 300, significance 0.05), is dropped
 * when significantly higher, and, as in MOA and River, takes the subtree's place as soon as it
 * makes its first split. Leaves learn with bootstrap weights (Poisson(1)), as MOA's and River's do,
 * each leaf drawing them from its own generator seeded with {@code seed}, as MOA's nodes draw from
 * their own {@code new Random(1)}.
 *
 * <p>Missing features are handled as in {@link HoeffdingTree}. Departures from MOA are listed in
 * {@code docs/TREES.md}.
 *
 * <p>Byte layout, version 1: the {@linkplain HoeffdingAdaptiveTreeOptions#writeTo options}, the
 * {@linkplain FeatureSpace#writeTo feature names}, three ints (alternates grown, switched in,
 * pruned), then the root node (see {@code TreeCodec}: adaptive split nodes carry their ADWIN
 * states, leaves their bootstrap generators).
 */
public final class HoeffdingAdaptiveTree implements OnlineClassifier {

  /** The catalog entry. */
  public static final LearnerKind<HoeffdingAdaptiveTreeOptions> KIND =
      LearnerKind.<HoeffdingAdaptiveTreeOptions>builder("hoeffding-adaptive-tree")
          .description(
              "Hoeffding Adaptive Tree: a Hoeffding tree that replaces subtrees when ADWIN sees"
                  + " their error rise, as MOA's trees.HoeffdingAdaptiveTree.")
          .parameters(parameters())
          .settings(HoeffdingAdaptiveTree::settings)
          .factory(HoeffdingAdaptiveTree::new)
          .format(1, 1, HoeffdingAdaptiveTree::read)
          .build();

  private final HoeffdingAdaptiveTreeOptions options;
  private final HoeffdingTreeOptions treeOptions;
  private final FeatureSpace features;
  private final double[] scratch = new double[2];
  private Node root;
  private int alternatesGrown;
  private int alternatesSwitched;
  private int alternatesPruned;

  /** A tree with MOA's defaults. */
  public HoeffdingAdaptiveTree() {
    this(HoeffdingAdaptiveTreeOptions.DEFAULTS);
  }

  /** A tree with the given options. */
  public HoeffdingAdaptiveTree(HoeffdingAdaptiveTreeOptions options) {
    this(options, new FeatureSpace(options.tree().nominalFeatures()));
  }

  private HoeffdingAdaptiveTree(HoeffdingAdaptiveTreeOptions options, FeatureSpace features) {
    this.options = Objects.requireNonNull(options, "options");
    this.treeOptions = options.tree();
    this.features = features;
  }

  /** A leaf with its own bootstrap generator, seeded as every other. */
  private LearningNode newLeaf(double[] classCounts) {
    LearningNode leaf = new LearningNode(classCounts);
    leaf.bootstrap = Lcg48Random.seeded(options.seed());
    return leaf;
  }

  /** This tree's hyper-parameters. */
  public HoeffdingAdaptiveTreeOptions options() {
    return options;
  }

  @Override
  public void learnOne(Map<String, Double> x, boolean y, double weight) {
    Objects.requireNonNull(x, "x");
    LearnerInputs.requireWeight(weight);
    double[] vector = features.encode(x, true);
    if (root == null) {
      root = newLeaf(new double[2]);
    }
    learn(root, vector, y ? 1 : 0, weight, null, -1);
  }

  private void learn(
      Node node, double[] x, int classIndex, double weight, SplitNode parent, int parentBranch) {
    if (node instanceof AdaptiveSplitNode split) {
      learnAtSplit(split, x, classIndex, weight, parent, parentBranch);
    } else {
      learnAtLeaf((LearningNode) node, x, classIndex, weight, parent, parentBranch, null);
    }
  }

  private void learnAtSplit(
      AdaptiveSplitNode split,
      double[] x,
      int classIndex,
      double weight,
      SplitNode parent,
      int parentBranch) {
    int predicted = TreePrediction.subtreeClass(split, x, treeOptions, scratch);
    double before = estimation(split.error);
    split.error.update(predicted == classIndex ? 0.0 : 1.0);
    boolean errorRose = split.error.driftDetected() && !(before > estimation(split.error));
    if (errorRose) {
      split.alternate = newLeaf(new double[2]);
      split.alternateError = new Adwin(options.adwinDelta());
      alternatesGrown++;
    } else if (split.alternate != null
        && split.error.width() > options.driftWindowThreshold()
        && split.alternateError.width() > options.driftWindowThreshold()) {
      double subtreeError = estimation(split.error);
      double alternateError = estimation(split.alternateError);
      double n = 1.0 / split.alternateError.width() + 1.0 / split.error.width();
      double bound =
          Math.sqrt(
              2.0
                  * subtreeError
                  * (1.0 - subtreeError)
                  * Math.log(2.0 / options.switchSignificance())
                  * n);
      if (bound < subtreeError - alternateError) {
        LearningNode alternate = split.alternate;
        replace(parent, parentBranch, alternate);
        alternatesSwitched++;
        learnAtLeaf(alternate, x, classIndex, weight, parent, parentBranch, null);
        return;
      } else if (bound < alternateError - subtreeError) {
        split.alternate = null;
        split.alternateError = null;
        alternatesPruned++;
      }
    }
    if (split.alternate != null) {
      // As in MOA and River, the alternate learns in the place of the node it shadows: when it
      // splits, its split node replaces this one.
      learnAtLeaf(
          split.alternate, x, classIndex, weight, parent, parentBranch, split.alternateError);
      if (!isChild(parent, parentBranch, split)) {
        return;
      }
    }
    int branch = split.branch(x);
    Node child = split.child(branch);
    if (child == null) {
      child = newLeaf(new double[2]);
      split.setChild(branch, child);
    }
    learn(child, x, classIndex, weight, split, branch);
  }

  private void learnAtLeaf(
      LearningNode leaf,
      double[] x,
      int classIndex,
      double weight,
      SplitNode parent,
      int parentBranch,
      Adwin error) {
    double leafWeight = weight;
    if (options.bootstrapSampling()) {
      int k = leaf.bootstrap.nextPoisson(1.0);
      if (k > 0) {
        leafWeight = weight * k;
      }
    }
    if (error != null) {
      leaf.votes(x, treeOptions, scratch);
      int predicted = scratch[1] > scratch[0] ? 1 : 0;
      error.update(predicted == classIndex ? 0.0 : 1.0);
    }
    leaf.learn(x, classIndex, leafWeight, treeOptions, features, FeatureSubspace.ALL, null);
    double weightSeen = leaf.weightSeen();
    if (weightSeen - leaf.weightAtLastSplitAttempt >= treeOptions.gracePeriod()) {
      attemptToSplit(leaf, parent, parentBranch);
      leaf.weightAtLastSplitAttempt = weightSeen;
    }
  }

  private void attemptToSplit(LearningNode leaf, SplitNode parent, int parentBranch) {
    SplitSuggestion decision = SplitDecider.decide(leaf, treeOptions);
    if (decision == null) {
      return;
    }
    if (decision.test() == null) {
      leaf.reset();
      leaf.bootstrap = Lcg48Random.seeded(options.seed());
      return;
    }
    Node[] children = SplitDecider.newChildren(decision);
    for (Node child : children) {
      ((LearningNode) child).bootstrap = Lcg48Random.seeded(options.seed());
    }
    replace(
        parent,
        parentBranch,
        new AdaptiveSplitNode(
            decision.test(),
            leaf.classCounts.clone(),
            children,
            SplitNode.heaviestBranch(decision.branchDistributions()),
            new Adwin(options.adwinDelta())));
  }

  private void replace(SplitNode parent, int branch, Node replacement) {
    if (parent == null) {
      root = replacement;
    } else {
      parent.setChild(branch, replacement);
    }
  }

  private boolean isChild(SplitNode parent, int branch, Node node) {
    return parent == null ? root == node : parent.child(branch) == node;
  }

  /** ADWIN's estimate of the error, 0 while its window is empty (as MOA's). */
  private static double estimation(Adwin adwin) {
    return adwin.width() > 0 ? adwin.estimation() : 0.0;
  }

  @Override
  public double predictProbaOne(Map<String, Double> x) {
    Objects.requireNonNull(x, "x");
    double[] distribution = new double[2];
    return TreePrediction.distribution(root, features.encode(x, false), treeOptions, distribution)
        ? distribution[1]
        : 0.5;
  }

  /** How many alternates were started because a subtree's error rose. */
  public int alternatesGrown() {
    return alternatesGrown;
  }

  /** How many alternates replaced their subtree for being significantly more accurate. */
  public int alternatesSwitched() {
    return alternatesSwitched;
  }

  /** How many alternates were dropped for being significantly less accurate. */
  public int alternatesPruned() {
    return alternatesPruned;
  }

  /** The root of the main tree, for tests. */
  Node root() {
    return root;
  }

  /** The number of leaves of the main tree. */
  public int leafCount() {
    return TreeShape.leaves(root);
  }

  /** The number of split nodes of the main tree. */
  public int splitNodeCount() {
    return TreeShape.splitNodes(root);
  }

  /** The root's test, e.g. {@code x1 <= 0.5}; empty while the root is a leaf. */
  public String rootTest() {
    return root instanceof SplitNode split ? TreeShape.describe(split.test, features) : "";
  }

  @Override
  public String kind() {
    return KIND.name();
  }

  @Override
  public int formatVersion() {
    return KIND.formatVersion();
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    options.writeTo(out);
    features.writeTo(out);
    out.writeInt(alternatesGrown);
    out.writeInt(alternatesSwitched);
    out.writeInt(alternatesPruned);
    TreeCodec.writeNode(root, out);
  }

  /** Reads a tree written by {@link #writeTo(DataOutput)} in layout {@code formatVersion}. */
  public static HoeffdingAdaptiveTree read(DataInput in, int formatVersion, LearnerCatalog catalog)
      throws IOException {
    if (formatVersion != 1) {
      throw new LearnerFormatException(
          "unsupported hoeffding-adaptive-tree layout " + formatVersion);
    }
    HoeffdingAdaptiveTreeOptions options = HoeffdingAdaptiveTreeOptions.readFrom(in);
    FeatureSpace features = FeatureSpace.readFrom(in, options.tree().nominalFeatures());
    HoeffdingAdaptiveTree tree = new HoeffdingAdaptiveTree(options, features);
    tree.alternatesGrown = in.readInt();
    tree.alternatesSwitched = in.readInt();
    tree.alternatesPruned = in.readInt();
    tree.root = TreeCodec.readNode(in, () -> new Adwin(options.adwinDelta()));
    return tree;
  }

  private static List<Parameter> parameters() {
    HoeffdingAdaptiveTreeOptions d = HoeffdingAdaptiveTreeOptions.DEFAULTS;
    List<Parameter> parameters = new ArrayList<>(TreeParameters.declare(d.tree()));
    parameters.add(
        Parameter.decimal(
            "adwin_delta", d.adwinDelta(), "Confidence of the ADWIN detector at each split node."));
    parameters.add(
        Parameter.flag(
            "bootstrap_sampling",
            d.bootstrapSampling(),
            "Leaves learn each example with weight w * k, k ~ Poisson(1) (w when k = 0)."));
    parameters.add(
        Parameter.integer(
            "drift_window_threshold",
            d.driftWindowThreshold(),
            "Error windows must be wider than this before an alternate is compared."));
    parameters.add(
        Parameter.decimal(
            "switch_significance",
            d.switchSignificance(),
            "Significance of the test that switches in or drops an alternate."));
    parameters.add(
        Parameter.longInteger(
            "seed", d.seed(), "Seed of every leaf's bootstrap generator (MOA: 1 at every node)."));
    return parameters;
  }

  private static HoeffdingAdaptiveTreeOptions settings(ParameterValues p) {
    return new HoeffdingAdaptiveTreeOptions(
        TreeParameters.parse(p),
        p.getDouble("adwin_delta"),
        p.getBoolean("bootstrap_sampling"),
        p.getInt("drift_window_threshold"),
        p.getDouble("switch_significance"),
        p.getLong("seed"));
  }
}
