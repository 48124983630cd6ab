package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.LearnerInputs;
import io.streamlearn.model.core.LearnerKind;
import io.streamlearn.model.core.OnlineClassifier;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * The Hoeffding tree, or Very Fast Decision Tree (Domingos and Hulten, "Mining high-speed data
 * streams", KDD 2000), as MOA's {@code trees.HoeffdingTree}: Gaussian observers for numeric
 * features (10 candidate thresholds), counts for nominal ones, information gain, the Hoeffding
 * bound with confidence 1e-7 and tie threshold 0.05, a split attempt every 200 units of weight at a
 * leaf, and naive Bayes adaptive leaves (Holmes, Kirkby and Pfahringer, PKDD 2005) by default.
 *
 * <p>A feature absent from an example is missing: it updates no observer and is left out of naive
 * Bayes; at a split on it the example takes the branch that received the most weight when the split
 * was made. Departures from MOA are listed in {@code docs/TREES.md}.
 *
 * <p>Byte layout, version 1: the {@linkplain HoeffdingTreeOptions#writeTo(DataOutput) options}, the
 * {@linkplain FeatureSpace#writeTo(DataOutput) feature names}, then the {@linkplain
 * DenseHoeffdingTree#writeState(DataOutput) tree}.
 */
public final class HoeffdingTree implements OnlineClassifier {

  /** The catalog entry. */
  public static final LearnerKind<HoeffdingTreeOptions> KIND =
      LearnerKind.<HoeffdingTreeOptions>builder("hoeffding-tree")
          .description(
              "Hoeffding tree (VFDT) with Gaussian numeric observers, information gain and naive"
                  + " Bayes adaptive leaves, as MOA's trees.HoeffdingTree.")
          .parameters(TreeParameters.declare(HoeffdingTreeOptions.DEFAULTS))
          .settings(TreeParameters::parse)
          .factory(HoeffdingTree::new)
          .format(1, 1, HoeffdingTree::read)
          .build();

  private final HoeffdingTreeOptions options;
  private final FeatureSpace features;
  private final DenseHoeffdingTree tree;

  /** A tree with MOA's defaults. */
  public HoeffdingTree() {
    this(HoeffdingTreeOptions.DEFAULTS);
  }

  /** A tree with the given options. */
  public HoeffdingTree(HoeffdingTreeOptions options) {
    this(options, new FeatureSpace(options.nominalFeatures()), null);
  }

  private HoeffdingTree(
      HoeffdingTreeOptions options, FeatureSpace features, DenseHoeffdingTree tree) {
    this.options = Objects.requireNonNull(options, "options");
    this.features = features;
    this.tree =
        tree != null ? tree : new DenseHoeffdingTree(options, features, FeatureSubspace.ALL, 0L);
  }

  /** This tree's hyper-parameters. */
  public HoeffdingTreeOptions options() {
    return options;
  }

  @Override
  public void learnOne(Map<String, Double> x, boolean y, double weight) {
    Objects.requireNonNull(x, "x");
    LearnerInputs.requireWeight(weight);
    tree.learn(features.encode(x, true), y ? 1 : 0, weight);
  }

  @Override
  public double predictProbaOne(Map<String, Double> x) {
    Objects.requireNonNull(x, "x");
    double[] distribution = new double[2];
    return tree.distribution(features.encode(x, false), distribution) ? distribution[1] : 0.5;
  }

  /** The number of leaves. */
  public int leafCount() {
    return tree.leafCount();
  }

  /** The number of split nodes. */
  public int splitNodeCount() {
    return tree.splitNodeCount();
  }

  /** The number of split nodes on the longest path from the root. */
  public int depth() {
    return tree.depth();
  }

  /** The root's test, e.g. {@code x1 <= 0.5}; empty while the root is a leaf. */
  public String rootTest() {
    return tree.rootTest();
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
    tree.writeState(out);
  }

  /** Reads a tree written by {@link #writeTo(DataOutput)} in layout {@code formatVersion}. */
  public static HoeffdingTree read(DataInput in, int formatVersion, LearnerCatalog catalog)
      throws IOException {
    if (formatVersion != 1) {
      throw new LearnerFormatException("unsupported hoeffding-tree layout " + formatVersion);
    }
    HoeffdingTreeOptions options = HoeffdingTreeOptions.readFrom(in);
    FeatureSpace features = FeatureSpace.readFrom(in, options.nominalFeatures());
    DenseHoeffdingTree tree =
        DenseHoeffdingTree.readState(in, options, features, FeatureSubspace.ALL);
    return new HoeffdingTree(options, features, tree);
  }
}
