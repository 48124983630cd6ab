package io.streamlearn.monitoring.core.metrics;

import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A metric of how the scores rank the examples, over all examples so far (cumulative) or over the
 * last {@code window} (rolling, exact): the examples are kept in a {@link ScoreTree}, and a rolling
 * metric also keeps them in arrival order to remove the oldest.
 *
 * <p>A metric can also be a <em>view</em> of another's examples ({@link
 * AveragePrecision#over(RocAuc)}): it reads the other's tree and window, which the other's updates
 * fill, so that two metrics of the same examples keep them once. A view cannot be updated or reset
 * itself; its state bytes are those of a metric that kept its own copy.
 */
abstract class RankMetric implements BinaryMetric, Stateful {

  private static final int VERSION = 1;

  final ScoreTree tree;
  private final ExampleWindow window;
  private final RankMetric viewed;

  RankMetric(int window) {
    this.tree = new ScoreTree();
    this.window = window == 0 ? null : new ExampleWindow(window);
    this.viewed = null;
  }

  /** A view of {@code viewed}'s examples (see the class comment). */
  RankMetric(RankMetric viewed) {
    this.tree = viewed.tree;
    this.window = viewed.window;
    this.viewed = viewed;
  }

  /** Whether this metric reads another's examples ({@link AveragePrecision#over(RocAuc)}). */
  public final boolean isView() {
    return viewed != null;
  }

  private void requireOwnExamples(String operation) {
    if (viewed != null) {
      throw new IllegalStateException(
          name()
              + " reads the examples of the "
              + viewed.name()
              + " it was made over: "
              + operation
              + " that metric instead");
    }
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
    requireOwnExamples("update");
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
    requireOwnExamples("reset");
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
   * long} negatives. Running sums are recomputed on reading. A view writes the examples it reads,
   * and on reading checks that they are those it reads (the viewed metric is read first).
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
    if (viewed != null) {
      List<double[]> held = heldEntries();
      boolean same = held.size() == entries.size();
      for (int i = 0; same && i < held.size(); i++) {
        same = Arrays.equals(held.get(i), entries.get(i));
      }
      StateFormat.check(same, kind, "examples differ from those of the " + viewed.name());
      return;
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

  /** The examples held, as {@link #readState} lists the ones it reads. */
  private List<double[]> heldEntries() {
    List<double[]> held = new ArrayList<>();
    if (window != null) {
      for (int i = 0; i < window.size(); i++) {
        held.add(new double[] {window.score(i), window.label(i) ? 1 : 0});
      }
    } else {
      tree.forEachDescending((score, p, n) -> held.add(new double[] {score, p, n}));
    }
    return held;
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
