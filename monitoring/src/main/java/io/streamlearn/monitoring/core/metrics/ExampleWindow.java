package io.streamlearn.monitoring.core.metrics;

import io.streamlearn.monitoring.core.state.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The last {@code capacity} (score, label) examples, oldest first, in a ring buffer. */
final class ExampleWindow {

  private final int capacity;
  private final double[] scores;
  private final boolean[] labels;
  private int head;
  private int size;

  ExampleWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "the window must hold at least 1 example, got " + capacity);
    }
    this.capacity = capacity;
    this.scores = new double[capacity];
    this.labels = new boolean[capacity];
  }

  int capacity() {
    return capacity;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == capacity;
  }

  /** The i-th example's score, 0 being the oldest. */
  double score(int i) {
    return scores[(head + i) % capacity];
  }

  /** The i-th example's label, 0 being the oldest. */
  boolean label(int i) {
    return labels[(head + i) % capacity];
  }

  /** Drops the oldest example (the window must not be empty). */
  void dropOldest() {
    head = (head + 1) % capacity;
    size--;
  }

  /** Appends an example (the window must not be full). */
  void add(double score, boolean label) {
    int slot = (head + size) % capacity;
    scores[slot] = score;
    labels[slot] = label;
    size++;
  }

  void clear() {
    head = 0;
    size = 0;
  }

  /**
   * Writes {@code int} capacity, {@code int} size, then size pairs (double score, boolean label).
   */
  void write(DataOutput out) throws IOException {
    out.writeInt(capacity);
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeDouble(score(i));
      out.writeBoolean(label(i));
    }
  }

  /** Reads what {@link #write} wrote, checking the capacity, into new arrays. */
  static double[][] readScoresAndLabels(DataInput in, int capacity, String kind)
      throws IOException {
    int savedCapacity = in.readInt();
    StateFormat.check(
        savedCapacity == capacity,
        kind,
        "saved with a window of " + savedCapacity + ", this metric has " + capacity);
    int n = in.readInt();
    StateFormat.check(n >= 0 && n <= capacity, kind, "window holds " + n);
    double[] s = new double[n];
    double[] l = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = in.readDouble();
      l[i] = in.readBoolean() ? 1 : 0;
    }
    return new double[][] {s, l};
  }
}
