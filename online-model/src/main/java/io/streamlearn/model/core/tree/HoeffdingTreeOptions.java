package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.LearnerFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hyper-parameters of a Hoeffding tree, validated at construction. {@link #DEFAULTS} are MOA's
 * {@code trees.HoeffdingTree} defaults.
 *
 * @param gracePeriod weight a leaf observes between split attempts (MOA {@code -g}, 200)
 * @param splitConfidence the allowed error δ of a split decision (MOA {@code -c}, 1e-7)
 * @param tieThreshold Hoeffding bound below which a split is forced to break ties (MOA {@code -t},
 *     0.05)
 * @param leafPrediction how leaves predict (MOA {@code -l}, naive Bayes adaptive)
 * @param nbThreshold weight a leaf must see before {@link LeafPrediction#NAIVE_BAYES} is used (MOA
 *     {@code -q}, 0)
 * @param numericSplitPoints split points evaluated per numeric feature by the Gaussian observer
 *     (MOA {@code GaussianNumericAttributeClassObserver -n}, 10)
 * @param minBranchFraction minimum fraction of the weight that at least two branches of a split
 *     must receive (MOA {@code InfoGainSplitCriterion -f}, 0.01)
 * @param binarySplits whether nominal features only split one value against the rest (MOA {@code
 *     -b}, false: multiway splits are candidates too)
 * @param nominalFeatures names of the features whose values are nominal codes (MOA uses nominal
 *     observers for nominal attributes); every other feature is numeric
 */
public record HoeffdingTreeOptions(
    int gracePeriod,
    double splitConfidence,
    double tieThreshold,
    LeafPrediction leafPrediction,
    int nbThreshold,
    int numericSplitPoints,
    double minBranchFraction,
    boolean binarySplits,
    Set<String> nominalFeatures) {

  /** MOA's defaults for {@code trees.HoeffdingTree}. */
  public static final HoeffdingTreeOptions DEFAULTS =
      new HoeffdingTreeOptions(
          200,
          1e-7,
          0.05,
          LeafPrediction.NAIVE_BAYES_ADAPTIVE,
          0,
          10,
          0.01,
          false,
          Collections.emptySortedSet());

  /** Checks every argument, reporting all problems at once. */
  public HoeffdingTreeOptions {
    List<String> problems = new ArrayList<>();
    if (gracePeriod < 1) {
      problems.add("gracePeriod must be >= 1, got " + gracePeriod);
    }
    if (!(splitConfidence > 0.0 && splitConfidence < 1.0)) {
      problems.add("splitConfidence must be in (0, 1), got " + splitConfidence);
    }
    if (!(tieThreshold >= 0.0 && tieThreshold <= 1.0)) {
      problems.add("tieThreshold must be in [0, 1], got " + tieThreshold);
    }
    if (leafPrediction == null) {
      problems.add("leafPrediction must not be null");
    }
    if (nbThreshold < 0) {
      problems.add("nbThreshold must be >= 0, got " + nbThreshold);
    }
    if (numericSplitPoints < 1) {
      problems.add("numericSplitPoints must be >= 1, got " + numericSplitPoints);
    }
    if (!(minBranchFraction >= 0.0 && minBranchFraction <= 0.5)) {
      problems.add("minBranchFraction must be in [0, 0.5], got " + minBranchFraction);
    }
    TreeSet<String> nominal = new TreeSet<>();
    if (nominalFeatures == null) {
      problems.add("nominalFeatures must not be null (use an empty set)");
    } else {
      for (String name : nominalFeatures) {
        if (name == null) {
          problems.add("nominalFeatures must not contain null");
        } else {
          nominal.add(name);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid Hoeffding tree options: " + problems);
    }
    nominalFeatures = Collections.unmodifiableSortedSet(nominal);
  }

  /** A copy with the given grace period. */
  public HoeffdingTreeOptions withGracePeriod(int value) {
    return new HoeffdingTreeOptions(
        value,
        splitConfidence,
        tieThreshold,
        leafPrediction,
        nbThreshold,
        numericSplitPoints,
        minBranchFraction,
        binarySplits,
        nominalFeatures);
  }

  /** A copy with the given split confidence. */
  public HoeffdingTreeOptions withSplitConfidence(double value) {
    return new HoeffdingTreeOptions(
        gracePeriod,
        value,
        tieThreshold,
        leafPrediction,
        nbThreshold,
        numericSplitPoints,
        minBranchFraction,
        binarySplits,
        nominalFeatures);
  }

  /** A copy with the given tie threshold. */
  public HoeffdingTreeOptions withTieThreshold(double value) {
    return new HoeffdingTreeOptions(
        gracePeriod,
        splitConfidence,
        value,
        leafPrediction,
        nbThreshold,
        numericSplitPoints,
        minBranchFraction,
        binarySplits,
        nominalFeatures);
  }

  /** A copy with the given leaf prediction. */
  public HoeffdingTreeOptions withLeafPrediction(LeafPrediction value) {
    return new HoeffdingTreeOptions(
        gracePeriod,
        splitConfidence,
        tieThreshold,
        value,
        nbThreshold,
        numericSplitPoints,
        minBranchFraction,
        binarySplits,
        nominalFeatures);
  }

  /** A copy with the given naive Bayes threshold. */
  public HoeffdingTreeOptions withNbThreshold(int value) {
    return new HoeffdingTreeOptions(
        gracePeriod,
        splitConfidence,
        tieThreshold,
        leafPrediction,
        value,
        numericSplitPoints,
        minBranchFraction,
        binarySplits,
        nominalFeatures);
  }

  /** A copy with the given number of numeric split points. */
  public HoeffdingTreeOptions withNumericSplitPoints(int value) {
    return new HoeffdingTreeOptions(
        gracePeriod,
        splitConfidence,
        tieThreshold,
        leafPrediction,
        nbThreshold,
        value,
        minBranchFraction,
        binarySplits,
        nominalFeatures);
  }

  /** A copy with the given minimum branch fraction. */
  public HoeffdingTreeOptions withMinBranchFraction(double value) {
    return new HoeffdingTreeOptions(
        gracePeriod,
        splitConfidence,
        tieThreshold,
        leafPrediction,
        nbThreshold,
        numericSplitPoints,
        value,
        binarySplits,
        nominalFeatures);
  }

  /** A copy with binary splits only, or not. */
  public HoeffdingTreeOptions withBinarySplits(boolean value) {
    return new HoeffdingTreeOptions(
        gracePeriod,
        splitConfidence,
        tieThreshold,
        leafPrediction,
        nbThreshold,
        numericSplitPoints,
        minBranchFraction,
        value,
        nominalFeatures);
  }

  /** A copy in which exactly the given features are nominal. */
  public HoeffdingTreeOptions withNominalFeatures(Set<String> value) {
    return new HoeffdingTreeOptions(
        gracePeriod,
        splitConfidence,
        tieThreshold,
        leafPrediction,
        nbThreshold,
        numericSplitPoints,
        minBranchFraction,
        binarySplits,
        value == null ? null : new TreeSet<>(value));
  }

  /**
   * Writes the options: int grace period, double split confidence, double tie threshold, byte leaf
   * prediction code, int NB threshold, int numeric split points, double minimum branch fraction,
   * boolean binary splits, int count of nominal feature names followed by each name (modified
   * UTF-8, sorted).
   */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(gracePeriod);
    out.writeDouble(splitConfidence);
    out.writeDouble(tieThreshold);
    out.writeByte(leafPrediction.code());
    out.writeInt(nbThreshold);
    out.writeInt(numericSplitPoints);
    out.writeDouble(minBranchFraction);
    out.writeBoolean(binarySplits);
    out.writeInt(nominalFeatures.size());
    for (String name : nominalFeatures) {
      out.writeUTF(name);
    }
  }

  /** Reads options written by {@link #writeTo(DataOutput)}. */
  public static HoeffdingTreeOptions readFrom(DataInput in) throws IOException {
    int gracePeriod = in.readInt();
    double splitConfidence = in.readDouble();
    double tieThreshold = in.readDouble();
    int leafCode = in.readByte();
    int nbThreshold = in.readInt();
    int splitPoints = in.readInt();
    double minBranchFraction = in.readDouble();
    boolean binarySplits = in.readBoolean();
    int nominalCount = in.readInt();
    if (nominalCount < 0) {
      throw new LearnerFormatException(
          "corrupt options: negative nominal feature count " + nominalCount);
    }
    TreeSet<String> nominal = new TreeSet<>();
    for (int i = 0; i < nominalCount; i++) {
      nominal.add(in.readUTF());
    }
    try {
      return new HoeffdingTreeOptions(
          gracePeriod,
          splitConfidence,
          tieThreshold,
          LeafPrediction.fromCode(leafCode),
          nbThreshold,
          splitPoints,
          minBranchFraction,
          binarySplits,
          nominal);
    } catch (IllegalArgumentException e) {
      throw new LearnerFormatException("corrupt Hoeffding tree options: " + e.getMessage(), e);
    }
  }
}
