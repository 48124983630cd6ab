package io.streamlearn.features.core;

import java.util.Arrays;

/**
 * Sliding-window minimum (or maximum) in O(1) amortized: a deque of (bucket, value) whose values
 * strictly increase from front to back (Lemire, Streaming Maximum-Minimum Filter Using No More than
 * Three Comparisons per Element, 2006). Entries are pushed in non-decreasing bucket order and
 * expire from the front by bucket; a value dominated by a later, smaller one can never be the
 * minimum again and is dropped. At most one entry per bucket is kept.
 */
final class MonotonicDeque {

  private final double sign;
  private long[] buckets = new long[4];
  private double[] values = new double[4];
  private int head;
  private int size;

  private MonotonicDeque(double sign) {
    this.sign = sign;
  }

  /** A deque equal to this one that changes apart from it. */
  MonotonicDeque copy() {
    MonotonicDeque copy = new MonotonicDeque(sign);
    copy.buckets = buckets.clone();
    copy.values = values.clone();
    copy.head = head;
    copy.size = size;
    return copy;
  }

  static MonotonicDeque minimum() {
    return new MonotonicDeque(1.0);
  }

  static MonotonicDeque maximum() {
    return new MonotonicDeque(-1.0);
  }

  void push(long bucket, double value) {
    double stored = sign * value;
    while (size > 0 && values[slot(size - 1)] >= stored) {
      size--;
    }
    if (size > 0) {
      int back = slot(size - 1);
      if (buckets[back] > bucket) {
        throw new IllegalStateException("bucket " + bucket + " pushed after " + buckets[back]);
      }
      if (buckets[back] == bucket) {
        return; // a smaller value of the same bucket is already there, and expires with it
      }
    }
    if (size == buckets.length) {
      grow();
    }
    int tail = slot(size);
    buckets[tail] = bucket;
    values[tail] = stored;
    size++;
  }

  /** Drops the entries of buckets before {@code firstBucket}. */
  void evictBefore(long firstBucket) {
    while (size > 0 && buckets[head] < firstBucket) {
      head = (head + 1) % buckets.length;
      size--;
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The minimum (maximum) of the window; the deque must not be empty. */
  double front() {
    return sign * values[head];
  }

  void clear() {
    head = 0;
    size = 0;
  }

  private int slot(int offset) {
    return (head + offset) % buckets.length;
  }

  private void grow() {
    long[] newBuckets = new long[buckets.length * 2];
    double[] newValues = new double[values.length * 2];
    for (int i = 0; i < size; i++) {
      newBuckets[i] = buckets[slot(i)];
      newValues[i] = values[slot(i)];
    }
    buckets = newBuckets;
    values = newValues;
    head = 0;
  }

  @Override
  public String toString() {
    return "MonotonicDeque" + Arrays.toString(Arrays.copyOf(buckets, size));
  }
}
