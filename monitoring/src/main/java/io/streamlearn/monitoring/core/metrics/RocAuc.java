package io.streamlearn.monitoring.core.metrics;

/**
 * The area under the ROC curve, exact, over all examples (cumulative) or over the last {@code
 * window} examples (rolling): the probability that a random positive scores above a random
 * negative, ties counting one half, i.e. the Mann–Whitney statistic {@code U / (P N)}.
 *
 * <p>The value is maintained incrementally: when a positive with score {@code s} arrives, {@code U}
 * grows by the negatives below {@code s} plus half those at {@code s} (and symmetrically for a
 * negative, and in reverse when a rolling window drops its oldest example); the counts come from a
 * {@link ScoreTree} in {@code O(log d)} for {@code d} distinct scores. So an update costs {@code
 * O(log n)} and {@link #get()} {@code O(1)}, with no sort. Memory is {@code O(window)} when rolling
 * and {@code O(distinct scores)} when cumulative. {@code NaN} until both classes are present.
 */
public final class RocAuc extends RankMetric {

  private long twiceU;

  private RocAuc(int window) {
    super(window);
  }

  /** ROC-AUC over every example so far. */
  public static RocAuc cumulative() {
    return new RocAuc(0);
  }

  /** ROC-AUC over the last {@code window} examples (&ge; 1). */
  public static RocAuc rolling(int window) {
    return new RocAuc(checkWindow(window));
  }

  @Override
  void added(double score, boolean actual) {
    twiceU += contribution(score, actual);
  }

  @Override
  void addMany(double score, boolean actual, long count) {
    twiceU += count * contribution(score, actual);
  }

  @Override
  void removed(double score, boolean actual) {
    twiceU -= contribution(score, actual);
  }

  /** Twice the pairs this example wins against the other class, ties counting once. */
  private long contribution(double score, boolean actual) {
    return actual ? tree.twiceNegativesBelowPlusAt(score) : tree.twicePositivesAbovePlusAt(score);
  }

  @Override
  void clearSums() {
    twiceU = 0;
  }

  @Override
  public double get() {
    long p = tree.totalPositives();
    long n = tree.totalNegatives();
    if (p == 0 || n == 0) {
      return Double.NaN;
    }
    return twiceU / (2.0 * p * n);
  }

  @Override
  public boolean biggerIsBetter() {
    return true;
  }

  @Override
  public String name() {
    return window() == 0 ? "roc_auc" : "rolling_roc_auc";
  }

  @Override
  String kind() {
    return "roc-auc";
  }
}
