package io.streamlearn.monitoring.core.metrics;

/**
 * A streaming metric of a binary classifier, in the spirit of River's {@code metrics}: {@link
 * #update(boolean, double)} with each (ground truth, score) pair as it becomes known, {@link
 * #get()} at any time.
 */
public interface BinaryMetric {

  /**
   * Adds one example.
   *
   * @param actual the ground truth (true = positive)
   * @param score the predicted probability of the positive class, in [0, 1]
   */
  void update(boolean actual, double score);

  /** The current value; {@code NaN} while undefined (e.g. ROC-AUC before both classes are seen). */
  double get();

  /** Whether a larger value is better (true for AUC, false for log loss). */
  boolean biggerIsBetter();

  /** A short name, e.g. {@code roc_auc}. */
  String name();
}
