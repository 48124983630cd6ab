package io.streamlearn.monitoring.core.metrics;

import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A metric of the hard predictions {@code score >= threshold} (the convention of {@code
 * OnlineClassifier.predictOne}), computed from a {@link ConfusionCounts} over all examples
 * (cumulative) or over the last {@code window} examples (rolling, exact: the window keeps each
 * example's cell). Create one with {@link #precision}, {@link #recall}, {@link #f1}, {@link
 * #accuracy} or {@link #kappa}; every update is {@code O(1)}.
 */
public final class ThresholdMetric implements BinaryMetric, Stateful {

  /** The default decision threshold, 0.5. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Which value of the confusion matrix is reported. */
  public enum Kind {
    PRECISION,
    RECALL,
    F1,
    ACCURACY,
    KAPPA;

    double of(ConfusionCounts counts) {
      return switch (this) {
        case PRECISION -> counts.precision();
        case RECALL -> counts.recall();
        case F1 -> counts.f1();
        case ACCURACY -> counts.accuracy();
        case KAPPA -> counts.kappa();
      };
    }
  }

  private static final int VERSION = 1;
  private static final int TP = 0;
  private static final int FP = 1;
  private static final int TN = 2;
  private static final int FN = 3;

  private final Kind kind;
  private final double threshold;
  private final byte[] ring;
  private int head;
  private int size;
  private final long[] cells = new long[4];

  private ThresholdMetric(Kind kind, double threshold, int window) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("the threshold must be in [0, 1], got " + threshold);
    }
    this.kind = kind;
    this.threshold = threshold;
    this.ring = window == 0 ? null : new byte[RankMetric.checkWindow(window)];
  }

  /** A cumulative metric of the given kind at the given threshold. */
  public static ThresholdMetric cumulative(Kind kind, double threshold) {
    return new ThresholdMetric(kind, threshold, 0);
  }

  /** A rolling metric of the given kind at the given threshold over the last {@code window}. */
  public static ThresholdMetric rolling(Kind kind, double threshold, int window) {
    return new ThresholdMetric(kind, threshold, RankMetric.checkWindow(window));
  }

  /** Cumulative precision at 0.5. */
  public static ThresholdMetric precision() {
    return cumulative(Kind.PRECISION, DEFAULT_THRESHOLD);
  }

  /** Cumulative recall at 0.5. */
  public static ThresholdMetric recall() {
    return cumulative(Kind.RECALL, DEFAULT_THRESHOLD);
  }

  /** Cumulative F1 at 0.5. */
  public static ThresholdMetric f1() {
    return cumulative(Kind.F1, DEFAULT_THRESHOLD);
  }

  /** Cumulative accuracy at 0.5. */
  public static ThresholdMetric accuracy() {
    return cumulative(Kind.ACCURACY, DEFAULT_THRESHOLD);
  }

  /** Cumulative Cohen's kappa at 0.5. */
  public static ThresholdMetric kappa() {
    return cumulative(Kind.KAPPA, DEFAULT_THRESHOLD);
  }

  @Override
  public void update(boolean actual, double score) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException(name() + " needs a score, got NaN");
    }
    boolean predicted = score >= threshold;
    int cell = predicted ? (actual ? TP : FP) : (actual ? FN : TN);
    if (ring != null) {
      if (size == ring.length) {
        cells[ring[head]]--;
        head = (head + 1) % ring.length;
        size--;
      }
      ring[(head + size) % ring.length] = (byte) cell;
      size++;
    }
    cells[cell]++;
  }

  /** The confusion matrix the value is computed from. */
  public ConfusionCounts counts() {
    return new ConfusionCounts(cells[TP], cells[FP], cells[TN], cells[FN]);
  }

  @Override
  public double get() {
    return kind.of(counts());
  }

  @Override
  public boolean biggerIsBetter() {
    return true;
  }

  @Override
  public String name() {
    String base = kind.name().toLowerCase(Locale.ROOT);
    return ring == null ? base : "rolling_" + base;
  }

  public Kind kind() {
    return kind;
  }

  public double threshold() {
    return threshold;
  }

  /** The window size, or 0 for a cumulative metric. */
  public int window() {
    return ring == null ? 0 : ring.length;
  }

  public void reset() {
    Arrays.fill(cells, 0);
    head = 0;
    size = 0;
  }

  private String stateKind() {
    return "threshold-metric";
  }

  /**
   * Layout, version 1, after the header {@code ("threshold-metric", 1)}: {@code int} window (0 for
   * cumulative); cumulative: four {@code long} cells (TP, FP, TN, FN); rolling: {@code int} count,
   * then one byte per example oldest first (0 TP, 1 FP, 2 TN, 3 FN).
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, stateKind(), VERSION);
    out.writeInt(window());
    if (ring == null) {
      for (long c : cells) {
        out.writeLong(c);
      }
    } else {
      out.writeInt(size);
      for (int i = 0; i < size; i++) {
        out.writeByte(ring[(head + i) % ring.length]);
      }
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    String k = stateKind();
    StateFormat.readHeader(in, k, VERSION);
    int saved = in.readInt();
    StateFormat.check(saved == window(), k, "saved with window " + saved);
    long[] newCells = new long[4];
    if (ring == null) {
      for (int i = 0; i < 4; i++) {
        newCells[i] = in.readLong();
        StateFormat.check(newCells[i] >= 0, k, "negative count");
      }
      System.arraycopy(newCells, 0, cells, 0, 4);
      return;
    }
    int n = in.readInt();
    StateFormat.check(n >= 0 && n <= ring.length, k, "window holds " + n);
    byte[] newRing = new byte[n];
    for (int i = 0; i < n; i++) {
      newRing[i] = in.readByte();
      StateFormat.check(newRing[i] >= 0 && newRing[i] < 4, k, "cell " + newRing[i]);
      newCells[newRing[i]]++;
    }
    System.arraycopy(newRing, 0, ring, 0, n);
    head = 0;
    size = n;
    System.arraycopy(newCells, 0, cells, 0, 4);
  }

  @Override
  public String toString() {
    return name() + "@" + threshold + "=" + String.format(Locale.ROOT, "%.4f", get());
  }
}
