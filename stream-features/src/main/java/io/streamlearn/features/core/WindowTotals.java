package io.streamlearn.features.core;

import java.util.Arrays;

/**
 * Running totals of one window (length and delay, in buckets) over the sealed buckets whose index
 * lies in {@code [lo, hi]}: counts, sums and sums of squares (kept by adding buckets that enter and
 * subtracting those that leave), minima and maxima (monotonic deques) and value counts for distinct
 * counts. The range only moves forward, so each bucket enters and leaves once: O(1) amortized per
 * bucket. An empty range has {@code hi < lo}.
 */
final class WindowTotals {

  private final EntityFeatures layout;
  final long length;
  final long delay;
  long lo = 1;
  long hi = 0;
  final long[] counts;

  /** Only the running (double-double sum and sum-of-squares) columns are used. */
  final double[] sums;

  final MonotonicDeque[] minima;
  final MonotonicDeque[] maxima;
  final ValueCounts[] distinct;

  WindowTotals(EntityFeatures layout, int window) {
    this.layout = layout;
    this.length = layout.windowLength[window];
    this.delay = layout.windowDelay[window];
    this.counts = new long[layout.countColumns];
    this.sums = new double[layout.valueColumns];
    this.minima = new MonotonicDeque[layout.numericFields.length];
    this.maxima = new MonotonicDeque[layout.numericFields.length];
    for (int f = 0; f < minima.length; f++) {
      minima[f] = layout.windowMin[window][f] ? MonotonicDeque.minimum() : null;
      maxima[f] = layout.windowMax[window][f] ? MonotonicDeque.maximum() : null;
    }
    this.distinct = new ValueCounts[layout.textFields.length];
    for (int t = 0; t < distinct.length; t++) {
      distinct[t] = layout.windowDistinct[window][t] ? new ValueCounts() : null;
    }
  }

  /** First bucket of this window for a query in bucket {@code queryBucket}. */
  long firstBucketFor(long queryBucket) {
    return queryBucket - delay - length + 1;
  }

  /** Last bucket of this window for a query in bucket {@code queryBucket}. */
  long lastBucketFor(long queryBucket) {
    return queryBucket - delay;
  }

  boolean contains(long bucket) {
    return bucket >= lo && bucket <= hi;
  }

  void clear() {
    lo = 1;
    hi = 0;
    clearTotals();
  }

  private void clearTotals() {
    Arrays.fill(counts, 0L);
    Arrays.fill(sums, 0.0);
    for (MonotonicDeque deque : minima) {
      if (deque != null) {
        deque.clear();
      }
    }
    for (MonotonicDeque deque : maxima) {
      if (deque != null) {
        deque.clear();
      }
    }
    for (ValueCounts values : distinct) {
      if (values != null) {
        values.clear();
      }
    }
  }

  /** Moves the range forward to {@code [newLo, newHi]}, which must not lie behind it. */
  void slideTo(long newLo, long newHi, BucketStore buckets) {
    if (newLo == lo && newHi == hi) {
      return;
    }
    if (hi < lo || newLo > hi) {
      lo = newLo;
      hi = newHi;
      rebuild(buckets);
      return;
    }
    if (newLo < lo || newHi < hi) {
      throw new IllegalStateException(
          "window range moves back from ["
              + lo
              + ", "
              + hi
              + "] to ["
              + newLo
              + ", "
              + newHi
              + "]");
    }
    for (int p = buckets.firstAtLeast(lo); p < buckets.size() && buckets.index(p) < newLo; p++) {
      subtractBucket(buckets, p);
    }
    lo = newLo;
    evictDequesBefore(lo);
    for (int p = buckets.firstAtLeast(hi + 1);
        p < buckets.size() && buckets.index(p) <= newHi;
        p++) {
      addBucket(buckets, p);
    }
    hi = newHi;
  }

  /** Recomputes every total from the buckets in the current range. */
  void rebuild(BucketStore buckets) {
    clearTotals();
    if (hi < lo) {
      return;
    }
    for (int p = buckets.firstAtLeast(lo); p < buckets.size() && buckets.index(p) <= hi; p++) {
      addBucket(buckets, p);
    }
  }

  /** The first bucket, at position 0, is about to be evicted. */
  void onEvictFirst(BucketStore buckets) {
    long bucket = buckets.index(0);
    if (bucket < lo) {
      return;
    }
    if (bucket <= hi) {
      subtractBucket(buckets, 0);
    }
    lo = bucket + 1;
    evictDequesBefore(lo);
  }

  private void evictDequesBefore(long first) {
    for (MonotonicDeque deque : minima) {
      if (deque != null) {
        deque.evictBefore(first);
      }
    }
    for (MonotonicDeque deque : maxima) {
      if (deque != null) {
        deque.evictBefore(first);
      }
    }
  }

  private void addBucket(BucketStore buckets, int position) {
    long bucket = buckets.index(position);
    for (int c = 0; c < counts.length; c++) {
      counts[c] += buckets.count(position, c);
    }
    for (int column : layout.runningColumns) {
      DoubleDouble.add(
          sums, column, buckets.value(position, column), buckets.value(position, column + 1));
    }
    for (int f = 0; f < minima.length; f++) {
      if (buckets.count(position, layout.valueCountColumn[f]) == 0) {
        continue;
      }
      if (minima[f] != null) {
        minima[f].push(bucket, buckets.value(position, layout.minColumn[f]));
      }
      if (maxima[f] != null) {
        maxima[f].push(bucket, buckets.value(position, layout.maxColumn[f]));
      }
    }
    for (int t = 0; t < distinct.length; t++) {
      ValueCounts values = buckets.texts(position, t);
      if (distinct[t] != null && values != null) {
        distinct[t].addAll(values, 1);
      }
    }
  }

  private void subtractBucket(BucketStore buckets, int position) {
    for (int c = 0; c < counts.length; c++) {
      counts[c] -= buckets.count(position, c);
    }
    for (int column : layout.runningColumns) {
      DoubleDouble.add(
          sums, column, -buckets.value(position, column), -buckets.value(position, column + 1));
    }
    for (int f = 0; f < layout.numericFields.length; f++) {
      if (counts[layout.valueCountColumn[f]] == 0) {
        // re-anchor: an empty window sums to exactly zero, whatever rounding accumulated
        clearSums(f);
      }
    }
    for (int t = 0; t < distinct.length; t++) {
      ValueCounts values = buckets.texts(position, t);
      if (distinct[t] != null && values != null) {
        distinct[t].addAll(values, -1);
      }
    }
  }

  private void clearSums(int field) {
    clearPair(layout.sumColumn[field]);
    clearPair(layout.sumSquaresColumn[field]);
  }

  private void clearPair(int column) {
    if (column >= 0) {
      sums[column] = 0.0;
      sums[column + 1] = 0.0;
    }
  }

  /**
   * A transaction sealed into bucket {@code bucket}, which lies in the range: its numeric values
   * from {@code numbers[numberOffset]} (NaN when missing), its texts from {@code texts[textOffset]}
   * (null when missing).
   */
  void addTransaction(
      double[] numbers, int numberOffset, String[] texts, int textOffset, long bucket) {
    counts[EntityFeatures.TRANSACTIONS]++;
    for (int f = 0; f < minima.length; f++) {
      double value = numbers[numberOffset + f];
      if (Double.isNaN(value)) {
        continue;
      }
      counts[layout.valueCountColumn[f]]++;
      if (layout.sumColumn[f] >= 0) {
        DoubleDouble.add(sums, layout.sumColumn[f], value);
      }
      if (layout.sumSquaresColumn[f] >= 0) {
        DoubleDouble.addSquare(sums, layout.sumSquaresColumn[f], value);
      }
      if (minima[f] != null) {
        minima[f].push(bucket, value);
      }
      if (maxima[f] != null) {
        maxima[f].push(bucket, value);
      }
    }
    for (int t = 0; t < distinct.length; t++) {
      String value = texts[textOffset + t];
      if (distinct[t] != null && value != null) {
        distinct[t].add(value, 1);
      }
    }
  }

  /** A label outcome sealed into a bucket in the range. */
  void addOutcome(boolean fraud) {
    counts[layout.labelledColumn]++;
    if (fraud) {
      counts[layout.fraudColumn]++;
    }
  }
}
