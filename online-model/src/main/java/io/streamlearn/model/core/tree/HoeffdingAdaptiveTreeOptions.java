package io.streamlearn.model.core.tree;

import io.streamlearn.model.core.LearnerFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hyper-parameters of a Hoeffding Adaptive Tree, validated at construction. {@link #DEFAULTS}
 * are MOA's {@code trees.HoeffdingAdaptiveTree} defaults.
 *
 * @param tree the Hoeffding tree options (MOA's {@code HoeffdingTree} defaults)
 * @param adwinDelta confidence of the ADWIN detectors at the split nodes (MOA's {@code ADWIN}
 *     default, 0.002)
 * @param bootstrapSampling whether leaves learn each example with weight {@code w * k}, {@code k ~
 *     Poisson(1)} (kept at {@code w} when {@code k = 0}), as MOA's and River's trees do (true)
 * @param driftWindowThreshold the width both error windows must exceed before an alternate is
 *     compared with the subtree it shadows (MOA: 300)
 * @param switchSignificance the significance of that comparison (MOA: 0.05)
 * @param seed the seed of every leaf's bootstrap generator, which follows {@code
 *     java.util.Random}'s sequence (MOA seeds each node's with 1)
 */
public record HoeffdingAdaptiveTreeOptions(
    HoeffdingTreeOptions tree,
    double adwinDelta,
    boolean bootstrapSampling,
    int driftWindowThreshold,
    double switchSignificance,
    long seed) {

  /** MOA's defaults, with seed 1. */
  public static final HoeffdingAdaptiveTreeOptions DEFAULTS =
      new HoeffdingAdaptiveTreeOptions(HoeffdingTreeOptions.DEFAULTS, 0.002, true, 300, 0.05, 1L);

  /** Checks every argument, reporting all problems at once. */
  public HoeffdingAdaptiveTreeOptions {
    List<String> problems = new ArrayList<>();
    if (tree == null) {
      problems.add("tree must not be null");
    }
    if (!(adwinDelta > 0.0 && adwinDelta < 1.0)) {
      problems.add("adwinDelta must be in (0, 1), got " + adwinDelta);
    }
    if (driftWindowThreshold < 0) {
      problems.add("driftWindowThreshold must be >= 0, got " + driftWindowThreshold);
    }
    if (!(switchSignificance > 0.0 && switchSignificance < 1.0)) {
      problems.add("switchSignificance must be in (0, 1), got " + switchSignificance);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid Hoeffding Adaptive Tree options: " + problems);
    }
  }

  /** A copy with the given tree options. */
  public HoeffdingAdaptiveTreeOptions withTree(HoeffdingTreeOptions value) {
    return new HoeffdingAdaptiveTreeOptions(
        value, adwinDelta, bootstrapSampling, driftWindowThreshold, switchSignificance, seed);
  }

  /** A copy with the given ADWIN confidence. */
  public HoeffdingAdaptiveTreeOptions withAdwinDelta(double value) {
    return new HoeffdingAdaptiveTreeOptions(
        tree, value, bootstrapSampling, driftWindowThreshold, switchSignificance, seed);
  }

  /** A copy with bootstrap sampling on or off. */
  public HoeffdingAdaptiveTreeOptions withBootstrapSampling(boolean value) {
    return new HoeffdingAdaptiveTreeOptions(
        tree, adwinDelta, value, driftWindowThreshold, switchSignificance, seed);
  }

  /** A copy with the given seed. */
  public HoeffdingAdaptiveTreeOptions withSeed(long value) {
    return new HoeffdingAdaptiveTreeOptions(
        tree, adwinDelta, bootstrapSampling, driftWindowThreshold, switchSignificance, value);
  }

  /**
   * Writes the tree options ({@link HoeffdingTreeOptions#writeTo}), then double ADWIN delta,
   * boolean bootstrap sampling, int drift window threshold, double switch significance, long seed.
   */
  public void writeTo(DataOutput out) throws IOException {
    tree.writeTo(out);
    out.writeDouble(adwinDelta);
    out.writeBoolean(bootstrapSampling);
    out.writeInt(driftWindowThreshold);
    out.writeDouble(switchSignificance);
    out.writeLong(seed);
  }

  /** Reads options written by {@link #writeTo(DataOutput)}. */
  public static HoeffdingAdaptiveTreeOptions readFrom(DataInput in) throws IOException {
    HoeffdingTreeOptions tree = HoeffdingTreeOptions.readFrom(in);
    double adwinDelta = in.readDouble();
    boolean bootstrap = in.readBoolean();
    int threshold = in.readInt();
    double significance = in.readDouble();
    long seed = in.readLong();
    try {
      return new HoeffdingAdaptiveTreeOptions(
          tree, adwinDelta, bootstrap, threshold, significance, seed);
    } catch (IllegalArgumentException e) {
      throw new LearnerFormatException("corrupt options: " + e.getMessage(), e);
    }
  }
}
