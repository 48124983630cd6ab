package io.streamlearn.model.core.tree;

/**
 * The split decision of a Hoeffding tree leaf (Domingos and Hulten, "Mining high-speed data
 * streams", KDD 2000), in MOA's form: the best candidate of every observed feature competes with
 * "no split"; the best candidate wins when its merit exceeds the runner-up's by more than the
 * Hoeffding bound, or when the bound has shrunk below the tie threshold.
 *
 * <p>"No split" has merit 0, the information gain of not splitting, as in the paper's pre-pruning.
 * MOA scores it negative infinity (its criterion's verdict on a one-branch split), so there a leaf
 * with a single candidate feature splits at every attempt, its merit beating negative infinity by
 * more than any bound; here it splits when its gain is significant or on the tie rule.
 */
final class SplitDecider {

  private static final SplitSuggestion NO_SPLIT = new SplitSuggestion(null, new double[0][], 0.0);

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
    if (best.merit() - second.merit() > bound || bound < options.tieThreshold()) {
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
