package io.streamlearn.model.core.forest;

import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.tree.FeatureSubspace;
import io.streamlearn.model.core.tree.HoeffdingTreeOptions;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hyper-parameters of an Adaptive Random Forest, validated at construction.
 *
 * <p>{@link #DEFAULTS} follow the paper (Gomes et al. 2017): {@code m = round(sqrt(M)) + 1}
 * features per leaf, λ = 6, ADWIN with δ = 1e-5 for drifts and 1e-4 for warnings, member trees with
 * MOA's ARF settings (grace period 50, split confidence 0.01, tie threshold 0.05, naive Bayes
 * adaptive leaves), 10 members (River's default; MOA's is 100). {@link #MOA_2024} are MOA
 * 2024.07.0's {@code meta.AdaptiveRandomForest} defaults but 10 members: {@code m} = 60% of {@code
 * M} and ADWIN δ = 1e-3 and 1e-2.
 *
 * @param tree the member trees' options
 * @param ensembleSize the number of members (MOA {@code -s})
 * @param subspace the features each leaf of a member observes (MOA {@code -o}, {@code -m})
 * @param lambda the mean of the Poisson weight of online bagging (MOA {@code -a})
 * @param driftDelta confidence of each member's drift detector (MOA {@code -x})
 * @param warningDelta confidence of each member's warning detector (MOA {@code -p})
 * @param driftDetection whether members are watched for drift (MOA {@code -u} off)
 * @param backgroundLearners whether a warning starts a background tree that replaces the member at
 *     drift, instead of resetting it then (MOA {@code -q} off)
 * @param weightedVote whether votes are weighted by each member's accuracy (MOA {@code -w} off)
 * @param threads how many threads train the members (1: the caller's only); results do not depend
 *     on it
 * @param seed seeds every member's generator
 */
public record AdaptiveRandomForestOptions(
    HoeffdingTreeOptions tree,
    int ensembleSize,
    FeatureSubspace subspace,
    double lambda,
    double driftDelta,
    double warningDelta,
    boolean driftDetection,
    boolean backgroundLearners,
    boolean weightedVote,
    int threads,
    long seed) {

  /** MOA's tree settings for ARF members: {@code ARFHoeffdingTree -g 50 -c 0.01}. */
  public static final HoeffdingTreeOptions MEMBER_TREE =
      HoeffdingTreeOptions.DEFAULTS.withGracePeriod(50).withSplitConfidence(0.01);

  /** The paper's settings with 10 members; see the class comment. */
  public static final AdaptiveRandomForestOptions DEFAULTS =
      new AdaptiveRandomForestOptions(
          MEMBER_TREE, 10, FeatureSubspace.SQRT_PLUS_ONE, 6.0, 1e-5, 1e-4, true, true, true, 1, 1L);

  /** MOA 2024.07.0's defaults with 10 members: 60% of the features, ADWIN 1e-3 and 1e-2. */
  public static final AdaptiveRandomForestOptions MOA_2024 =
      new AdaptiveRandomForestOptions(
          MEMBER_TREE,
          10,
          FeatureSubspace.percentage(60),
          6.0,
          1e-3,
          1e-2,
          true,
          true,
          true,
          1,
          1L);

  /** Checks every argument, reporting all problems at once. */
  public AdaptiveRandomForestOptions {
    List<String> problems = new ArrayList<>();
    if (tree == null) {
      problems.add("tree must not be null");
    }
    if (ensembleSize < 1) {
      problems.add("ensembleSize must be >= 1, got " + ensembleSize);
    }
    if (subspace == null) {
      problems.add("subspace must not be null");
    }
    if (!(lambda > 0.0) || Double.isInfinite(lambda)) {
      problems.add("lambda must be positive and finite, got " + lambda);
    }
    if (!(driftDelta > 0.0 && driftDelta < 1.0)) {
      problems.add("driftDelta must be in (0, 1), got " + driftDelta);
    }
    if (!(warningDelta > 0.0 && warningDelta < 1.0)) {
      problems.add("warningDelta must be in (0, 1), got " + warningDelta);
    }
    if (threads < 1) {
      problems.add("threads must be >= 1, got " + threads);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid Adaptive Random Forest options: " + problems);
    }
  }

  /** A copy with the given member tree options. */
  public AdaptiveRandomForestOptions withTree(HoeffdingTreeOptions value) {
    return new AdaptiveRandomForestOptions(
        value,
        ensembleSize,
        subspace,
        lambda,
        driftDelta,
        warningDelta,
        driftDetection,
        backgroundLearners,
        weightedVote,
        threads,
        seed);
  }

  /** A copy with the given number of members. */
  public AdaptiveRandomForestOptions withEnsembleSize(int value) {
    return new AdaptiveRandomForestOptions(
        tree,
        value,
        subspace,
        lambda,
        driftDelta,
        warningDelta,
        driftDetection,
        backgroundLearners,
        weightedVote,
        threads,
        seed);
  }

  /** A copy with the given feature subspace. */
  public AdaptiveRandomForestOptions withSubspace(FeatureSubspace value) {
    return new AdaptiveRandomForestOptions(
        tree,
        ensembleSize,
        value,
        lambda,
        driftDelta,
        warningDelta,
        driftDetection,
        backgroundLearners,
        weightedVote,
        threads,
        seed);
  }

  /** A copy with the given drift and warning detector confidences. */
  public AdaptiveRandomForestOptions withDetectorDeltas(double drift, double warning) {
    return new AdaptiveRandomForestOptions(
        tree,
        ensembleSize,
        subspace,
        lambda,
        drift,
        warning,
        driftDetection,
        backgroundLearners,
        weightedVote,
        threads,
        seed);
  }

  /** A copy with drift detection and background learners on or off. */
  public AdaptiveRandomForestOptions withDriftHandling(boolean detection, boolean background) {
    return new AdaptiveRandomForestOptions(
        tree,
        ensembleSize,
        subspace,
        lambda,
        driftDelta,
        warningDelta,
        detection,
        background,
        weightedVote,
        threads,
        seed);
  }

  /** A copy with the given number of training threads. */
  public AdaptiveRandomForestOptions withThreads(int value) {
    return new AdaptiveRandomForestOptions(
        tree,
        ensembleSize,
        subspace,
        lambda,
        driftDelta,
        warningDelta,
        driftDetection,
        backgroundLearners,
        weightedVote,
        value,
        seed);
  }

  /** A copy with the given seed. */
  public AdaptiveRandomForestOptions withSeed(long value) {
    return new AdaptiveRandomForestOptions(
        tree,
        ensembleSize,
        subspace,
        lambda,
        driftDelta,
        warningDelta,
        driftDetection,
        backgroundLearners,
        weightedVote,
        threads,
        value);
  }

  /**
   * Writes the tree options ({@link HoeffdingTreeOptions#writeTo}), then int ensemble size, byte
   * subspace mode code, int subspace value, double lambda, double drift delta, double warning
   * delta, boolean drift detection, boolean background learners, boolean weighted vote, int
   * threads, long seed.
   */
  public void writeTo(DataOutput out) throws IOException {
    tree.writeTo(out);
    out.writeInt(ensembleSize);
    out.writeByte(subspace.mode().code());
    out.writeInt(subspace.value());
    out.writeDouble(lambda);
    out.writeDouble(driftDelta);
    out.writeDouble(warningDelta);
    out.writeBoolean(driftDetection);
    out.writeBoolean(backgroundLearners);
    out.writeBoolean(weightedVote);
    out.writeInt(threads);
    out.writeLong(seed);
  }

  /** Reads options written by {@link #writeTo(DataOutput)}. */
  public static AdaptiveRandomForestOptions readFrom(DataInput in) throws IOException {
    HoeffdingTreeOptions tree = HoeffdingTreeOptions.readFrom(in);
    int ensembleSize = in.readInt();
    int mode = in.readByte();
    int value = in.readInt();
    double lambda = in.readDouble();
    double driftDelta = in.readDouble();
    double warningDelta = in.readDouble();
    boolean driftDetection = in.readBoolean();
    boolean background = in.readBoolean();
    boolean weighted = in.readBoolean();
    int threads = in.readInt();
    long seed = in.readLong();
    try {
      return new AdaptiveRandomForestOptions(
          tree,
          ensembleSize,
          new FeatureSubspace(FeatureSubspace.Mode.fromCode(mode), value),
          lambda,
          driftDelta,
          warningDelta,
          driftDetection,
          background,
          weighted,
          threads,
          seed);
    } catch (IllegalArgumentException e) {
      throw new LearnerFormatException("corrupt options: " + e.getMessage(), e);
    }
  }
}
