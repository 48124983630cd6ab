package io.streamlearn.monitoring.core.metrics;

import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mean binary cross-entropy, {@code -(y ln p + (1 - y) ln(1 - p))}, over all examples (cumulative)
 * or the last {@code window} (rolling). Probabilities are clipped to {@code [1e-15, 1 - 1e-15]}
 * (scikit-learn's choice) so a confident mistake costs about 34.5, not infinity.
 *
 * <p>The rolling sum is updated by adding the new loss and subtracting the dropped one, and
 * recomputed from the window every {@code window} updates so rounding errors cannot accumulate
 * (amortised {@code O(1)}). {@code NaN} before the first example.
 */
public final class LogLoss implements BinaryMetric, Stateful {

  /** Probabilities are clipped to [EPSILON, 1 - EPSILON]. */
  public static final double EPSILON = 1e-15;

  private static final String KIND = "log-loss";
  private static final int VERSION = 1;

  private final ExampleWindow window;
  private double sum;
  private long count;
  private int sinceRecompute;

  private LogLoss(int window) {
    this.window = window == 0 ? null : new ExampleWindow(window);
  }

  /** Log loss over every example so far. */
  public static LogLoss cumulative() {
    return new LogLoss(0);
  }

  /** Log loss over the last {@code window} examples (&ge; 1). */
  public static LogLoss rolling(int window) {
    return new LogLoss(RankMetric.checkWindow(window));
  }

  /** The loss of one example. */
  public static double loss(boolean actual, double probability) {
    double p = Math.min(1 - EPSILON, Math.max(EPSILON, probability));
    return actual ? -Math.log(p) : -Math.log(1 - p);
  }

  @Override
  public void update(boolean actual, double score) {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("log loss needs a probability in [0, 1], got " + score);
    }
    if (window == null) {
      sum += loss(actual, score);
      count++;
      return;
    }
    if (window.isFull()) {
      sum -= loss(window.label(0), window.score(0));
      window.dropOldest();
    }
    window.add(score, actual);
    sum += loss(actual, score);
    if (++sinceRecompute >= window.capacity()) {
      recompute();
    }
  }

  private void recompute() {
    double exact = 0;
    for (int i = 0; i < window.size(); i++) {
      exact += loss(window.label(i), window.score(i));
    }
    sum = exact;
    sinceRecompute = 0;
  }

  @Override
  public double get() {
    long n = window == null ? count : window.size();
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The number of examples the current value is computed over. */
  public long count() {
    return window == null ? count : window.size();
  }

  /** The window size, or 0 for a cumulative metric. */
  public int window() {
    return window == null ? 0 : window.capacity();
  }

  public void reset() {
    sum = 0;
    count = 0;
    sinceRecompute = 0;
    if (window != null) {
      window.clear();
    }
  }

  @Override
  public boolean biggerIsBetter() {
    return false;
  }

  @Override
  public String name() {
    return window == null ? "log_loss" : "rolling_log_loss";
  }

  /**
   * Layout, version 1, after the header {@code ("log-loss", 1)}: {@code int} window (0 for
   * cumulative); cumulative: {@code double} sum, {@code long} count; rolling: the window's examples
   * oldest first ({@code int} capacity, {@code int} count, (double, boolean) pairs).
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeInt(window());
    if (window == null) {
      out.writeDouble(sum);
      out.writeLong(count);
    } else {
      window.write(out);
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    int saved = in.readInt();
    StateFormat.check(saved == window(), KIND, "saved with window " + saved);
    if (window == null) {
      double newSum = in.readDouble();
      long newCount = in.readLong();
      StateFormat.check(newCount >= 0 && newSum >= 0, KIND, "sum or count negative");
      sum = newSum;
      count = newCount;
      return;
    }
    double[][] examples = ExampleWindow.readScoresAndLabels(in, window.capacity(), KIND);
    for (double s : examples[0]) {
      StateFormat.check(s >= 0 && s <= 1, KIND, "probability " + s);
    }
    reset();
    for (int i = 0; i < examples[0].length; i++) {
      window.add(examples[0][i], examples[1][i] == 1);
    }
    recompute();
  }
}
