package io.streamlearn.monitoring.core.metrics;

import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A metric of how the scores rank the examples, over all examples so far (cumulative) or over the
 * last {@code window} (rolling, exact): the examples are kept in a {@link ScoreTree}, and a rolling
 * metric also keeps them in arrival order to remove the oldest.
 */
abstract class RankMetric implements BinaryMetric, Stateful {

  private static final int VERSION = 1;

  final ScoreTree tree = new ScoreTree();
  private final ExampleWindow window;

  RankMetric(int window) {
    this.window = window == 0 ? null : new ExampleWindow(window);
  }

  static int checkWindow(int window) {
    if (window < 1) {
      throw new IllegalArgumentException(
          "a rolling window holds at least 1 example, got " + window);
    }
    return window;
  }

  /** The window size, or 0 for a cumulative metric. */
  public final int window() {
    return window == null ? 0 : window.capacity();
  }

  /** The number of examples the current value is computed over. */
  public final long count() {
    return tree.totalPositives() + tree.totalNegatives();
  }

  @Override
  public final void update(boolean actual, double score) {
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException(name() + " needs a finite score, got " + score);
    }
    double s = score + 0.0; // -0.0 and 0.0 are the same score
    if (window != null) {
      if (window.isFull()) {
        double oldScore = window.score(0);
        boolean oldLabel = window.label(0);
        window.dropOldest();
        tree.add(oldScore, oldLabel, -1);
        removed(oldScore, oldLabel);
      }
      window.add(s, actual);
    }
    added(s, actual);
    tree.add(s, actual, 1);
  }

  /** Called before an example enters the tree. */
  abstract void added(double score, boolean actual);

  /** Called after an example left the tree. */
  abstract void removed(double score, boolean actual);

  /** Clears the subclass's running sums. */
  abstract void clearSums();

  /** Forgets every example. */
  public final void reset() {
    tree.clear();
    if (window != null) {
      window.clear();
    }
    clearSums();
  }

  abstract String kind();

  /**
   * Layout, version 1, after the header {@code (kind, 1)}: {@code int} window (0 for cumulative);
   * for a rolling metric the window's examples oldest first ({@code int} capacity, {@code int}
   * count, then (double score, boolean label) pairs); for a cumulative one {@code int} distinct
   * scores, then per score from the highest: {@code double} score, {@code long} positives, {@code
   * long} negatives. Running sums are recomputed on reading.
   */
  @Override
  public final void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, kind(), VERSION);
    out.writeInt(window());
    if (window != null) {
      window.write(out);
    } else {
      out.writeInt(tree.distinctScores());
      IOException[] failure = new IOException[1];
      tree.forEachDescending(
          (score, p, n) -> {
            try {
              out.writeDouble(score);
              out.writeLong(p);
              out.writeLong(n);
            } catch (IOException e) {
              failure[0] = e;
            }
          });
      if (failure[0] != null) {
        throw failure[0];
      }
    }
  }

  @Override
  public final void readState(DataInput in) throws IOException {
    String kind = kind();
    StateFormat.readHeader(in, kind, VERSION);
    int savedWindow = in.readInt();
    StateFormat.check(
        savedWindow == window(),
        kind,
        "saved with window " + savedWindow + ", this metric has " + window());
    List<double[]> entries = new ArrayList<>();
    if (window != null) {
      double[][] examples = ExampleWindow.readScoresAndLabels(in, window.capacity(), kind);
      for (int i = 0; i < examples[0].length; i++) {
        checkScore(examples[0][i], kind);
        entries.add(new double[] {examples[0][i], examples[1][i]});
      }
    } else {
      int distinct = in.readInt();
      StateFormat.check(distinct >= 0, kind, "negative score count");
      for (int i = 0; i < distinct; i++) {
        double score = in.readDouble();
        long p = in.readLong();
        long n = in.readLong();
        checkScore(score, kind);
        StateFormat.check(p >= 0 && n >= 0 && p + n > 0, kind, "counts at score " + score);
        entries.add(new double[] {score, p, n});
      }
    }
    reset();
    for (double[] e : entries) {
      if (window != null) {
        update(e[1] == 1, e[0]);
      } else {
        addCounts(e[0], (long) e[1], (long) e[2]);
      }
    }
  }

  private void addCounts(double score, long p, long n) {
    for (int k = 0; k < 2; k++) {
      boolean positive = k == 0;
      long count = positive ? p : n;
      if (count > 0) {
        addMany(score, positive, count);
        tree.add(score, positive, count);
      }
    }
  }

  /** Like {@link #added} for {@code count} equal examples. */
  abstract void addMany(double score, boolean actual, long count);

  private static void checkScore(double score, String kind) throws IOException {
    StateFormat.check(Double.isFinite(score), kind, "score " + score);
  }
}
