package io.streamlearn.model.core.forest;

import io.streamlearn.model.core.tree.DenseHoeffdingTree;
import io.streamlearn.model.core.tree.FeatureSpace;
import io.streamlearn.model.core.tree.SplitMix64;
import io.streamlearn.monitoring.core.drift.Adwin;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One member of the Adaptive Random Forest (MOA's {@code ARFBaseLearner}): a random-subspace
 * Hoeffding tree trained by online bagging, its accuracy, its drift and warning detectors and its
 * background tree. A member owns its generator, which draws its bagging weights and seeds its
 * trees, so members can learn in any order or in parallel with the same results.
 */
final class ForestMember {

  private final AdaptiveRandomForestOptions options;
  private final FeatureSpace features;
  private final SplitMix64 random;
  private final double[] scratch = new double[2];
  private DenseHoeffdingTree tree;
  private DenseHoeffdingTree background;
  private Adwin drift;
  private Adwin warning;
  private double correctWeight;
  private double observedWeight;
  private int drifts;
  private int warnings;

  ForestMember(AdaptiveRandomForestOptions options, FeatureSpace features, long seed) {
    this.options = options;
    this.features = features;
    this.random = new SplitMix64(seed);
    this.tree = newTree();
    if (options.driftDetection()) {
      this.drift = Adwin.increasesOnly(options.driftDelta());
      if (options.backgroundLearners()) {
        this.warning = Adwin.increasesOnly(options.warningDelta());
      }
    }
  }

  private ForestMember(
      AdaptiveRandomForestOptions options, FeatureSpace features, SplitMix64 random) {
    this.options = options;
    this.features = features;
    this.random = random;
  }

  private DenseHoeffdingTree newTree() {
    return new DenseHoeffdingTree(options.tree(), features, options.subspace(), random.nextLong());
  }

  /**
   * Learns one example as MOA's ARF does: the member's accuracy is updated with its prediction made
   * before learning; with weight {@code k ~ Poisson(λ)} (nothing when {@code k = 0}) the tree
   * learns, the background tree learns with the example's own weight, and the detectors are fed the
   * 0/1 error of the tree's prediction made after learning.
   */
  void learn(double[] x, int classIndex, double weight) {
    observedWeight += weight;
    if (tree.predictedClass(x, scratch) == classIndex) {
      correctWeight += weight;
    }
    int k = random.nextPoisson(options.lambda());
    if (k == 0) {
      return;
    }
    tree.learn(x, classIndex, weight * k);
    if (background != null) {
      background.learn(x, classIndex, weight);
    }
    if (!options.driftDetection()) {
      return;
    }
    double error = tree.predictedClass(x, scratch) == classIndex ? 0.0 : 1.0;
    if (options.backgroundLearners()) {
      warning.update(error);
      if (warning.driftDetected()) {
        warnings++;
        background = newTree();
        warning = Adwin.increasesOnly(options.warningDelta());
      }
    }
    drift.update(error);
    if (drift.driftDetected()) {
      drifts++;
      if (background != null) {
        tree = background;
        background = null;
        warning = Adwin.increasesOnly(options.warningDelta());
      } else {
        tree = newTree();
      }
      drift = Adwin.increasesOnly(options.driftDelta());
      correctWeight = 0.0;
      observedWeight = 0.0;
    }
  }

  /**
   * Adds this member's normalised class distribution for {@code x} to {@code votes}, weighted by
   * its accuracy in percent when weighted voting is on and the accuracy is positive (as MOA); a
   * member that knows nothing yet abstains.
   */
  void vote(double[] x, double[] votes) {
    if (!tree.distribution(x, scratch)) {
      return;
    }
    double weight = 1.0;
    if (options.weightedVote()) {
      double accuracy = observedWeight > 0.0 ? 100.0 * correctWeight / observedWeight : 0.0;
      if (accuracy > 0.0) {
        weight = accuracy;
      }
    }
    votes[0] += scratch[0] * weight;
    votes[1] += scratch[1] * weight;
  }

  int drifts() {
    return drifts;
  }

  int warnings() {
    return warnings;
  }

  boolean hasBackgroundTree() {
    return background != null;
  }

  int leafCount() {
    return tree.leafCount();
  }

  /**
   * Writes long generator state, double correct weight, double observed weight, int drifts, int
   * warnings, the drift and warning ADWIN states when the options have them, the tree ({@link
   * DenseHoeffdingTree#writeState}), boolean background present and, if so, the background tree.
   */
  void writeTo(DataOutput out) throws IOException {
    out.writeLong(random.state());
    out.writeDouble(correctWeight);
    out.writeDouble(observedWeight);
    out.writeInt(drifts);
    out.writeInt(warnings);
    if (drift != null) {
      drift.writeState(out);
    }
    if (warning != null) {
      warning.writeState(out);
    }
    tree.writeState(out);
    out.writeBoolean(background != null);
    if (background != null) {
      background.writeState(out);
    }
  }

  static ForestMember readFrom(
      DataInput in, AdaptiveRandomForestOptions options, FeatureSpace features) throws IOException {
    ForestMember member = new ForestMember(options, features, SplitMix64.fromState(in.readLong()));
    member.correctWeight = in.readDouble();
    member.observedWeight = in.readDouble();
    member.drifts = in.readInt();
    member.warnings = in.readInt();
    if (options.driftDetection()) {
      member.drift = Adwin.increasesOnly(options.driftDelta());
      member.drift.readState(in);
      if (options.backgroundLearners()) {
        member.warning = Adwin.increasesOnly(options.warningDelta());
        member.warning.readState(in);
      }
    }
    member.tree = DenseHoeffdingTree.readState(in, options.tree(), features, options.subspace());
    if (in.readBoolean()) {
      member.background =
          DenseHoeffdingTree.readState(in, options.tree(), features, options.subspace());
    }
    return member;
  }
}
