package io.streamlearn.monitoring.core.metrics;

/**
 * Average precision, exact, over all examples (cumulative) or the last {@code window} examples
 * (rolling): the area under the precision–recall curve as a step function, {@code AP = Σ_t (R_t -
 * R_{t-1}) P_t} over the distinct scores {@code t} taken as thresholds from the highest down, with
 * {@code P_t} and {@code R_t} the precision and recall of predicting positive at score &ge; {@code
 * t} (scikit-learn's {@code average_precision_score}; tied scores enter together).
 *
 * <p>Updates cost {@code O(log n)} (a {@link ScoreTree}, as for {@link RocAuc}); {@link #get()}
 * walks the distinct scores once, {@code O(d)}: every precision below a new example's score
 * changes, so AP has no cheap incremental form. Read it at reporting time, not per event. {@code
 * NaN} until a positive is present.
 */
public final class AveragePrecision extends RankMetric {

  private AveragePrecision(int window) {
    super(window);
  }

  /** AP over every example so far. */
  public static AveragePrecision cumulative() {
    return new AveragePrecision(0);
  }

  /** AP over the last {@code window} examples (&ge; 1). */
  public static AveragePrecision rolling(int window) {
    return new AveragePrecision(checkWindow(window));
  }

  /**
   * AP over the examples {@code auc} holds (cumulative or rolling as it is), kept once for both:
   * {@code auc}'s updates are this metric's, and this one cannot be updated or reset itself. Its
   * state bytes are those of a metric with its own copy of the examples; reading them checks they
   * are {@code auc}'s, so read {@code auc} first.
   */
  public static AveragePrecision over(RocAuc auc) {
    return new AveragePrecision(auc);
  }

  private AveragePrecision(RocAuc auc) {
    super(auc);
  }

  @Override
  void added(double score, boolean actual) {}

  @Override
  void addMany(double score, boolean actual, long count) {}

  @Override
  void removed(double score, boolean actual) {}

  @Override
  void clearSums() {}

  @Override
  public double get() {
    long totalPositives = tree.totalPositives();
    if (totalPositives == 0) {
      return Double.NaN;
    }
    double[] sum = new double[1];
    long[] seen = new long[2];
    tree.forEachDescending(
        (score, p, n) -> {
          seen[0] += p;
          seen[1] += n;
          if (p > 0) {
            sum[0] += p * ((double) seen[0] / (seen[0] + seen[1]));
          }
        });
    return sum[0] / totalPositives;
  }

  @Override
  public boolean biggerIsBetter() {
    return true;
  }

  @Override
  public String name() {
    return window() == 0 ? "average_precision" : "rolling_average_precision";
  }

  @Override
  String kind() {
    return "average-precision";
  }
}
