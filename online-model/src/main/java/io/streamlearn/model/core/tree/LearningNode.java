package io.streamlearn.model.core.tree;

import java.util.Arrays;

/**
 * A leaf that learns: class counts, one attribute observer per feature it may split on, and the
 * naive Bayes adaptive bookkeeping (MOA's {@code ActiveLearningNode}, {@code LearningNodeNB} and
 * {@code LearningNodeNBAdaptive}, and {@code ARFHoeffdingTree.RandomLearningNode} when a feature
 * subspace is drawn).
 */
final class LearningNode extends Node {

  private static final AttributeObserver[] NO_OBSERVERS = new AttributeObserver[0];

  /** The weight seen when a split was last attempted (or when the leaf was made). */
  double weightAtLastSplitAttempt;

  /** Observers indexed by feature id; {@code null} where the feature was never seen here. */
  AttributeObserver[] observers = NO_OBSERVERS;

  /** Sorted ids of the features this leaf observes, or {@code null} for every feature. */
  int[] subspace;

  /** Whether {@link #subspace} has been drawn (leaves draw at their first example). */
  boolean subspaceDrawn;

  /**
   * The generator of this leaf's bootstrap weights in a Hoeffding Adaptive Tree, seeded anew for
   * every leaf as MOA does; {@code null} elsewhere.
   */
  Lcg48Random bootstrap;

  /** Weight of the examples the majority class predicted correctly before learning them. */
  double majorityCorrectWeight;

  /** Weight of the examples naive Bayes predicted correctly before learning them. */
  double naiveBayesCorrectWeight;

  LearningNode(double[] initialClassCounts) {
    super(Arrays.copyOf(initialClassCounts, 2));
    this.weightAtLastSplitAttempt = weightSeen();
  }

  /** Whether fewer than two classes have been seen. */
  boolean isPure() {
    return classCounts[0] == 0.0 || classCounts[1] == 0.0;
  }

  /** Learns one encoded example. */
  void learn(
      double[] x,
      int classIndex,
      double weight,
      HoeffdingTreeOptions options,
      FeatureSpace features,
      FeatureSubspace subspaceSize,
      SplitMix64 random) {
    if (options.leafPrediction() == LeafPrediction.NAIVE_BAYES_ADAPTIVE) {
      if (majorityClass() == classIndex) {
        majorityCorrectWeight += weight;
      }
      if (naiveBayesClass(x) == classIndex) {
        naiveBayesCorrectWeight += weight;
      }
    }
    classCounts[classIndex] += weight;
    if (!subspaceDrawn) {
      drawSubspace(x.length, subspaceSize, random);
    }
    if (subspace == null) {
      for (int id = 0; id < x.length; id++) {
        observe(id, x[id], classIndex, weight, features);
      }
    } else {
      for (int id : subspace) {
        if (id < x.length) {
          observe(id, x[id], classIndex, weight, features);
        }
      }
    }
  }

  private void observe(int id, double value, int classIndex, double weight, FeatureSpace features) {
    if (Double.isNaN(value)) {
      return;
    }
    if (id >= observers.length) {
      observers = Arrays.copyOf(observers, Math.max(id + 1, observers.length * 2));
    }
    AttributeObserver observer = observers[id];
    if (observer == null) {
      observer = features.isNominal(id) ? new NominalObserver() : new GaussianNumericObserver();
      observers[id] = observer;
    }
    observer.observe(value, classIndex, weight);
  }

  /**
   * Draws the features this leaf observes (never called for {@link FeatureSubspace#ALL}, which
   * draws nothing), as MOA's {@code RandomLearningNode}: {@code m} distinct ids among the {@code
   * numFeatures} known, each drawn uniformly from those left.
   */
  private void drawSubspace(int numFeatures, FeatureSubspace subspaceSize, SplitMix64 random) {
    subspaceDrawn = true;
    int size = subspaceSize.sizeFor(numFeatures);
    if (size >= numFeatures || subspaceSize.mode() == FeatureSubspace.Mode.ALL) {
      subspace = null;
      return;
    }
    int[] remaining = new int[numFeatures];
    for (int i = 0; i < numFeatures; i++) {
      remaining[i] = i;
    }
    int left = numFeatures;
    int[] chosen = new int[size];
    for (int j = 0; j < size; j++) {
      int pick = random.nextInt(left);
      chosen[j] = remaining[pick];
      System.arraycopy(remaining, pick + 1, remaining, pick, left - pick - 1);
      left--;
    }
    Arrays.sort(chosen);
    subspace = chosen;
  }

  /**
   * Forgets everything but the class counts, as MOA's deactivation followed by reactivation of a
   * leaf when no split candidate exists.
   */
  void reset() {
    observers = NO_OBSERVERS;
    subspace = null;
    subspaceDrawn = false;
    majorityCorrectWeight = 0.0;
    naiveBayesCorrectWeight = 0.0;
    weightAtLastSplitAttempt = weightSeen();
  }

  /** The majority class, lowest index on ties, or -1 before any weight was seen. */
  private int majorityClass() {
    if (weightSeen() == 0.0) {
      return -1;
    }
    return classCounts[1] > classCounts[0] ? 1 : 0;
  }

  /** The class naive Bayes predicts: the larger vote, class 0 on ties or undefined votes. */
  private int naiveBayesClass(double[] x) {
    double total = weightSeen();
    double negative = naiveBayesVote(x, 0, total);
    double positive = naiveBayesVote(x, 1, total);
    return positive > negative ? 1 : 0;
  }

  /** The class votes of this leaf under the given prediction mode (not normalised). */
  void votes(double[] x, HoeffdingTreeOptions options, double[] out) {
    boolean naiveBayes =
        switch (options.leafPrediction()) {
          case MAJORITY_CLASS -> false;
          case NAIVE_BAYES -> weightSeen() >= options.nbThreshold();
          case NAIVE_BAYES_ADAPTIVE -> majorityCorrectWeight <= naiveBayesCorrectWeight;
        };
    if (naiveBayes) {
      double total = weightSeen();
      out[0] = naiveBayesVote(x, 0, total);
      out[1] = naiveBayesVote(x, 1, total);
    } else {
      out[0] = classCounts[0];
      out[1] = classCounts[1];
    }
  }

  /** P(class) times the product of the likelihoods of the features present in {@code x}. */
  private double naiveBayesVote(double[] x, int classIndex, double total) {
    double vote = classCounts[classIndex] / total;
    int limit = Math.min(observers.length, x.length);
    for (int id = 0; id < limit; id++) {
      AttributeObserver observer = observers[id];
      if (observer != null && !Double.isNaN(x[id])) {
        vote *= observer.likelihood(x[id], classIndex);
      }
    }
    return vote;
  }
}
