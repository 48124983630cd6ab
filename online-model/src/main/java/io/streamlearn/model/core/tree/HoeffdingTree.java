package io.streamlearn.model.core.tree;

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

  /** The kind naming this learner and its byte layout. */
  public static final String KIND = "hoeffding-tree";

  /** The version of the byte layout written by {@link #writeTo(DataOutput)}. */
  public static final int FORMAT_VERSION = 1;

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
    requireValidWeight(weight);
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
    return KIND;
  }

  @Override
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    options.writeTo(out);
    features.writeTo(out);
    tree.writeState(out);
  }

  /** Reads a tree written by {@link #writeTo(DataOutput)} in layout {@code formatVersion}. */
  public static HoeffdingTree readFrom(DataInput in, int formatVersion) throws IOException {
    if (formatVersion != FORMAT_VERSION) {
      throw new IOException(
          "unsupported " + KIND + " layout version " + formatVersion + " (reads 1)");
    }
    HoeffdingTreeOptions options = HoeffdingTreeOptions.readFrom(in);
    FeatureSpace features = FeatureSpace.readFrom(in, options.nominalFeatures());
    DenseHoeffdingTree tree =
        DenseHoeffdingTree.readState(in, options, features, FeatureSubspace.ALL);
    return new HoeffdingTree(options, features, tree);
  }

  static void requireValidWeight(double weight) {
    if (!(weight > 0.0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be positive and finite, got " + weight);
    }
  }
}
