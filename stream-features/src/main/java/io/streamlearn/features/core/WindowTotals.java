package io.streamlearn.features.core;

import java.util.Arrays;

/**
 * Running totals of every window (length and delay, in buckets) of one entity state, each over the
 * sealed buckets whose index lies in its range {@code [lo, hi]}: counts, sums and sums of squares
 * (kept by adding buckets that enter and subtracting those that leave), minima and maxima
 * (monotonic deques) and value counts for distinct counts. A range only moves forward, so each
 * bucket enters and leaves once: O(1) amortized per bucket. An empty range has {@code hi < lo}.
 *
 * <p>All windows share flat primitive arrays ({@code [window * columns + column]}), so that an
 * update touches a few arrays rather than an object graph per window.
 */
final class WindowTotals {

  private final EntityFeatures layout;
  private final int windowCount;
  private final int countColumns;
  private final int valueColumns;
  private final int fields;
  private final int textCount;

  /** {@code [2w]}: first bucket of window {@code w}; {@code [2w + 1]}: its last bucket. */
  private final long[] range;

  /** {@code [w * countColumns + column]}. */
  private final long[] counts;

  /** {@code [w * valueColumns + column]}; only the running (double-double) columns are used. */
  private final double[] sums;

  /** {@code [w * fields + f]}, null where not needed; the arrays are null when none is. */
  private final MonotonicDeque[] minima;

  private final MonotonicDeque[] maxima;

  /** {@code [w * textCount + t]}, null where not needed; null when none is. */
  private final ValueCounts[] distinct;

  WindowTotals(EntityFeatures layout) {
    this.layout = layout;
    this.windowCount = layout.windowLength.length;
    this.countColumns = layout.countColumns;
    this.valueColumns = layout.valueColumns;
    this.fields = layout.numericFields.length;
    this.textCount = layout.textFields.length;
    this.range = new long[2 * windowCount];
    this.counts = new long[windowCount * countColumns];
    this.sums = new double[windowCount * valueColumns];
    MonotonicDeque[] min = new MonotonicDeque[windowCount * fields];
    MonotonicDeque[] max = new MonotonicDeque[windowCount * fields];
    ValueCounts[] values = new ValueCounts[windowCount * textCount];
    boolean deques = false;
    boolean anyDistinct = false;
    for (int w = 0; w < windowCount; w++) {
      for (int f = 0; f < fields; f++) {
        if (layout.windowMin[w][f]) {
          min[w * fields + f] = MonotonicDeque.minimum();
          deques = true;
        }
        if (layout.windowMax[w][f]) {
          max[w * fields + f] = MonotonicDeque.maximum();
          deques = true;
        }
      }
      for (int t = 0; t < textCount; t++) {
        if (layout.windowDistinct[w][t]) {
          values[w * textCount + t] = new ValueCounts();
          anyDistinct = true;
        }
      }
    }
    this.minima = deques ? min : null;
    this.maxima = deques ? max : null;
    this.distinct = anyDistinct ? values : null;
    for (int w = 0; w < windowCount; w++) {
      setRange(w, 1, 0);
    }
  }

  /** Totals equal to {@code other}'s that change apart from them. */
  private WindowTotals(WindowTotals other) {
    this.layout = other.layout;
    this.windowCount = other.windowCount;
    this.countColumns = other.countColumns;
    this.valueColumns = other.valueColumns;
    this.fields = other.fields;
    this.textCount = other.textCount;
    this.range = other.range.clone();
    this.counts = other.counts.clone();
    this.sums = other.sums.clone();
    this.minima = copyOf(other.minima);
    this.maxima = copyOf(other.maxima);
    if (other.distinct == null) {
      this.distinct = null;
    } else {
      this.distinct = new ValueCounts[other.distinct.length];
      for (int i = 0; i < distinct.length; i++) {
        distinct[i] = other.distinct[i] == null ? null : other.distinct[i].copy();
      }
    }
  }

  private static MonotonicDeque[] copyOf(MonotonicDeque[] deques) {
    if (deques == null) {
      return null;
    }
    MonotonicDeque[] copy = new MonotonicDeque[deques.length];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = deques[i] == null ? null : deques[i].copy();
    }
    return copy;
  }

  /** Totals equal to these that change apart from them. */
  WindowTotals copy() {
    return new WindowTotals(this);
  }

  int windowCount() {
    return windowCount;
  }

  long lo(int w) {
    return range[2 * w];
  }

  long hi(int w) {
    return range[2 * w + 1];
  }

  /** Sets the range of window {@code w} without updating its totals (see {@link #rebuild}). */
  void setRange(int w, long lo, long hi) {
    range[2 * w] = lo;
    range[2 * w + 1] = hi;
  }

  /** First bucket of window {@code w} for a query in bucket {@code queryBucket}. */
  long firstBucketFor(int w, long queryBucket) {
    return queryBucket - layout.windowDelay[w] - layout.windowLength[w] + 1;
  }

  /** Last bucket of window {@code w} for a query in bucket {@code queryBucket}. */
  long lastBucketFor(int w, long queryBucket) {
    return queryBucket - layout.windowDelay[w];
  }

  boolean contains(int w, long bucket) {
    return bucket >= range[2 * w] && bucket <= range[2 * w + 1];
  }

  long count(int w, int column) {
    return counts[w * countColumns + column];
  }

  /** The {@code hi} part of the double-double at running column {@code column} of window w. */
  double sumHi(int w, int column) {
    return sums[w * valueColumns + column];
  }

  double sumLo(int w, int column) {
    return sums[w * valueColumns + column + 1];
  }

  /** The window's minimum deque of numeric field {@code f}. */
  MonotonicDeque minimum(int w, int f) {
    return minima[w * fields + f];
  }

  MonotonicDeque maximum(int w, int f) {
    return maxima[w * fields + f];
  }

  /** The window's value counts of text field {@code t}. */
  ValueCounts distinct(int w, int t) {
    return distinct[w * textCount + t];
  }

  /** Empties every window. */
  void clear() {
    for (int w = 0; w < windowCount; w++) {
      setRange(w, 1, 0);
      clearTotals(w);
    }
  }

  private void clearTotals(int w) {
    Arrays.fill(counts, w * countColumns, (w + 1) * countColumns, 0L);
    Arrays.fill(sums, w * valueColumns, (w + 1) * valueColumns, 0.0);
    if (minima != null) {
      for (int f = 0; f < fields; f++) {
        clear(minima[w * fields + f]);
        clear(maxima[w * fields + f]);
      }
    }
    if (distinct != null) {
      for (int t = 0; t < textCount; t++) {
        ValueCounts values = distinct[w * textCount + t];
        if (values != null) {
          values.clear();
        }
      }
    }
  }

  private static void clear(MonotonicDeque deque) {
    if (deque != null) {
      deque.clear();
    }
  }

  /** Moves the range of window {@code w} forward to {@code [newLo, newHi]}, not behind it. */
  void slideTo(int w, long newLo, long newHi, BucketStore buckets) {
    long lo = lo(w);
    long hi = hi(w);
    if (newLo == lo && newHi == hi) {
      return;
    }
    if (hi < lo || newLo > hi) {
      setRange(w, newLo, newHi);
      rebuild(w, buckets);
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
    if (newLo > lo) {
      for (int p = buckets.firstAtLeast(lo); p < buckets.size() && buckets.index(p) < newLo; p++) {
        subtractBucket(w, buckets, p);
      }
      range[2 * w] = newLo;
      evictDequesBefore(w, newLo);
    }
    if (newHi > hi) {
      for (int p = buckets.firstAtLeast(hi + 1);
          p < buckets.size() && buckets.index(p) <= newHi;
          p++) {
        addBucket(w, buckets, p);
      }
      range[2 * w + 1] = newHi;
    }
  }

  /** Recomputes every total of window {@code w} from the buckets in its current range. */
  void rebuild(int w, BucketStore buckets) {
    clearTotals(w);
    long lo = lo(w);
    long hi = hi(w);
    if (hi < lo) {
      return;
    }
    for (int p = buckets.firstAtLeast(lo); p < buckets.size() && buckets.index(p) <= hi; p++) {
      addBucket(w, buckets, p);
    }
  }

  /** The first bucket, at position 0, is about to be evicted. */
  void onEvictFirst(BucketStore buckets) {
    long bucket = buckets.index(0);
    for (int w = 0; w < windowCount; w++) {
      if (bucket < lo(w)) {
        continue;
      }
      if (bucket <= hi(w)) {
        subtractBucket(w, buckets, 0);
      }
      range[2 * w] = bucket + 1;
      evictDequesBefore(w, bucket + 1);
    }
  }

  private void evictDequesBefore(int w, long first) {
    if (minima == null) {
      return;
    }
    for (int f = 0; f < fields; f++) {
      MonotonicDeque min = minima[w * fields + f];
      if (min != null) {
        min.evictBefore(first);
      }
      MonotonicDeque max = maxima[w * fields + f];
      if (max != null) {
        max.evictBefore(first);
      }
    }
  }

  private void addBucket(int w, BucketStore buckets, int position) {
    int countBase = w * countColumns;
    for (int c = 0; c < countColumns; c++) {
      counts[countBase + c] += buckets.count(position, c);
    }
    int sumBase = w * valueColumns;
    for (int column : layout.runningColumns) {
      DoubleDouble.add(
          sums,
          sumBase + column,
          buckets.value(position, column),
          buckets.value(position, column + 1));
    }
    if (minima != null) {
      long bucket = buckets.index(position);
      for (int f = 0; f < fields; f++) {
        if (buckets.count(position, layout.valueCountColumn[f]) == 0) {
          continue;
        }
        MonotonicDeque min = minima[w * fields + f];
        if (min != null) {
          min.push(bucket, buckets.value(position, layout.minColumn[f]));
        }
        MonotonicDeque max = maxima[w * fields + f];
        if (max != null) {
          max.push(bucket, buckets.value(position, layout.maxColumn[f]));
        }
      }
    }
    if (distinct != null) {
      for (int t = 0; t < textCount; t++) {
        ValueCounts values = buckets.texts(position, t);
        if (distinct[w * textCount + t] != null && values != null) {
          distinct[w * textCount + t].addAll(values, 1);
        }
      }
    }
  }

  private void subtractBucket(int w, BucketStore buckets, int position) {
    int countBase = w * countColumns;
    for (int c = 0; c < countColumns; c++) {
      counts[countBase + c] -= buckets.count(position, c);
    }
    int sumBase = w * valueColumns;
    for (int column : layout.runningColumns) {
      DoubleDouble.add(
          sums,
          sumBase + column,
          -buckets.value(position, column),
          -buckets.value(position, column + 1));
    }
    for (int f = 0; f < fields; f++) {
      if (counts[countBase + layout.valueCountColumn[f]] == 0) {
        // re-anchor: an empty window sums to exactly zero, whatever rounding accumulated
        clearPair(sumBase, layout.sumColumn[f]);
        clearPair(sumBase, layout.sumSquaresColumn[f]);
      }
    }
    if (distinct != null) {
      for (int t = 0; t < textCount; t++) {
        ValueCounts values = buckets.texts(position, t);
        if (distinct[w * textCount + t] != null && values != null) {
          distinct[w * textCount + t].addAll(values, -1);
        }
      }
    }
  }

  private void clearPair(int sumBase, int column) {
    if (column >= 0) {
      sums[sumBase + column] = 0.0;
      sums[sumBase + column + 1] = 0.0;
    }
  }

  /**
   * A transaction sealed into bucket {@code bucket}, added to every window whose range holds it:
   * its numeric values from {@code numbers[numberOffset]} (NaN when missing), its texts from {@code
   * texts[textOffset]} (null when missing).
   */
  void addTransaction(
      double[] numbers, int numberOffset, String[] texts, int textOffset, long bucket) {
    for (int w = 0; w < windowCount; w++) {
      if (contains(w, bucket)) {
        addTransaction(w, numbers, numberOffset, texts, textOffset, bucket);
      }
    }
  }

  private void addTransaction(
      int w, double[] numbers, int numberOffset, String[] texts, int textOffset, long bucket) {
    int countBase = w * countColumns;
    int sumBase = w * valueColumns;
    counts[countBase + EntityFeatures.TRANSACTIONS]++;
    for (int f = 0; f < fields; f++) {
      double value = numbers[numberOffset + f];
      if (Double.isNaN(value)) {
        continue;
      }
      counts[countBase + layout.valueCountColumn[f]]++;
      if (layout.sumColumn[f] >= 0) {
        DoubleDouble.add(sums, sumBase + layout.sumColumn[f], value);
      }
      if (layout.sumSquaresColumn[f] >= 0) {
        DoubleDouble.addSquare(sums, sumBase + layout.sumSquaresColumn[f], value);
      }
      if (minima != null) {
        MonotonicDeque min = minima[w * fields + f];
        if (min != null) {
          min.push(bucket, value);
        }
        MonotonicDeque max = maxima[w * fields + f];
        if (max != null) {
          max.push(bucket, value);
        }
      }
    }
    if (distinct != null) {
      for (int t = 0; t < textCount; t++) {
        String value = texts[textOffset + t];
        ValueCounts values = distinct[w * textCount + t];
        if (values != null && value != null) {
          values.add(value, 1);
        }
      }
    }
  }

  /** A label outcome sealed into bucket {@code bucket}, added to every window that holds it. */
  void addOutcome(long bucket, boolean fraud) {
    for (int w = 0; w < windowCount; w++) {
      if (contains(w, bucket)) {
        counts[w * countColumns + layout.labelledColumn]++;
        if (fraud) {
          counts[w * countColumns + layout.fraudColumn]++;
        }
      }
    }
  }

  /** Restores the running double-double at {@code column} of window {@code w}, bit for bit. */
  void setSum(int w, int column, double hi, double lo) {
    sums[w * valueColumns + column] = hi;
    sums[w * valueColumns + column + 1] = lo;
  }
}
