package io.streamlearn.model.core.tree;

/**
 * The split decision of a Hoeffding tree leaf (Domingos and Hulten, "Mining high-speed data
 * streams", KDD 2000), in MOA's form: the best candidate of every observed feature competes with
 * "no split"; the best candidate wins when its merit exceeds the runner-up's by more than the
 * Hoeffding bound, or when the bound has shrunk below the tie threshold.
 *
 * <p>As in MOA, "no split" ranks with merit negative infinity (the criterion's verdict on a
 * one-branch split), so merits, which can be negative when a leaf's inherited class counts exceed
 * what its observers saw, are compared feature against feature. A single candidate feature, which
 * MOA would split on at every attempt (its merit beats negative infinity by more than any bound),
 * is compared with 0, the gain of not splitting, as in the VFDT paper's pre-pruning: it splits when
 * its gain is significant or on the tie rule.
 */
final class SplitDecider {

  private static final SplitSuggestion NO_SPLIT =
      new SplitSuggestion(null, new double[0][], Double.NEGATIVE_INFINITY);

  private SplitDecider() {}

  /**
   * The winning candidate, {@code null} when the leaf should keep learning. A winner without a test
   * means no feature proposes any split: the leaf should forget its observers and start over.
   */
  static SplitSuggestion decide(LearningNode leaf, HoeffdingTreeOptions options) {
    if (leaf.isPure()) {
      return null;
    }
    double[] preSplit = leaf.classCounts.clone();
    // Ranking as a stable ascending sort of [no split, feature 0, feature 1, ...] by merit and
    // taking the last two: among equal merits the later candidate ranks higher.
    SplitSuggestion best = NO_SPLIT;
    SplitSuggestion second = null;
    int candidates = 1;
    AttributeObserver[] observers = leaf.observers;
    for (int id = 0; id < observers.length; id++) {
      if (observers[id] == null) {
        continue;
      }
      SplitSuggestion suggestion = observers[id].bestSplit(preSplit, id, options);
      if (suggestion == null) {
        continue;
      }
      candidates++;
      if (suggestion.merit() >= best.merit()) {
        second = best;
        best = suggestion;
      } else if (second == null || suggestion.merit() >= second.merit()) {
        second = suggestion;
      }
    }
    if (candidates < 2) {
      return best;
    }
    double bound =
        InfoGainSplitCriterion.hoeffdingBound(
            InfoGainSplitCriterion.RANGE_OF_MERIT, options.splitConfidence(), leaf.weightSeen());
    double runnerUp = second.test() == null ? 0.0 : second.merit();
    if (best.merit() - runnerUp > bound || bound < options.tieThreshold()) {
      return best;
    }
    return null;
  }

  /** The leaves of a new split, one per branch, starting from the branch distributions. */
  static Node[] newChildren(SplitSuggestion suggestion) {
    double[][] branches = suggestion.branchDistributions();
    Node[] children = new Node[branches.length];
    for (int i = 0; i < branches.length; i++) {
      children[i] = new LearningNode(branches[i]);
    }
    return children;
  }
}
