package io.streamlearn.model.core.tree;

/** How a leaf of a Hoeffding tree turns its statistics into a prediction (MOA's {@code -l}). */
public enum LeafPrediction {
  /** The class distribution observed at the leaf. */
  MAJORITY_CLASS(0),
  /** Naive Bayes over the leaf's attribute observers, once the leaf has seen the NB threshold. */
  NAIVE_BAYES(1),
  /**
   * Naive Bayes or the majority class, whichever has been right more often (by weight) on the
   * examples that reached the leaf, each judged before learning from it (Holmes, Kirkby and
   * Pfahringer, "Stress-testing Hoeffding trees", PKDD 2005).
   */
  NAIVE_BAYES_ADAPTIVE(2);

  private final int code;

  LeafPrediction(int code) {
    this.code = code;
  }

  /** The stable code written in byte layouts. */
  public int code() {
    return code;
  }

  /** The mode with the given {@link #code()}. */
  public static LeafPrediction fromCode(int code) {
    for (LeafPrediction mode : values()) {
      if (mode.code == code) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown leaf prediction code " + code);
  }
}
