package io.streamlearn.features.core;

import java.util.Arrays;

/**
 * The sealed part of an entity's history, one bucket per non-empty resolution step, sorted by
 * bucket index. Columnar: parallel primitive arrays indexed by position, so a bucket costs a few
 * machine words, not an object graph. Buckets leave from the front (eviction) in O(1) amortized;
 * they are appended at the back, and only rarely inserted in the middle (a label for a transaction
 * this entity never counted).
 */
final class BucketStore {

  private final int countColumns;
  private final int valueColumns;
  private final int textColumns;
  private final double[] emptyValues;

  private long[] index;
  private long[] counts;
  private double[] values;
  private ValueCounts[] texts;
  private int head;
  private int size;

  /**
   * @param emptyValues the initial value of each value column of a new bucket (0 for sums,
   *     infinities for minimum and maximum)
   */
  BucketStore(int countColumns, int textColumns, double[] emptyValues) {
    this.countColumns = countColumns;
    this.valueColumns = emptyValues.length;
    this.textColumns = textColumns;
    this.emptyValues = emptyValues.clone();
    allocate(4);
  }

  /** A store equal to {@code other} that changes apart from it (its value counts copied too). */
  private BucketStore(BucketStore other) {
    this.countColumns = other.countColumns;
    this.valueColumns = other.valueColumns;
    this.textColumns = other.textColumns;
    this.emptyValues = other.emptyValues; // never changed
    this.index = other.index.clone();
    this.counts = other.counts.clone();
    this.values = other.values.clone();
    this.texts = other.texts.clone();
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] != null) {
        texts[i] = texts[i].copy();
      }
    }
    this.head = other.head;
    this.size = other.size;
  }

  /** A store equal to this one that changes apart from it. */
  BucketStore copy() {
    return new BucketStore(this);
  }

  private void allocate(int capacity) {
    index = new long[capacity];
    counts = new long[capacity * countColumns];
    values = new double[capacity * valueColumns];
    texts = new ValueCounts[capacity * textColumns];
  }

  /** Makes room for {@code capacity} buckets in all, e.g. before decoding that many. */
  void ensureCapacity(int capacity) {
    if (capacity <= index.length - head) {
      return;
    }
    long[] oldIndex = index;
    long[] oldCounts = counts;
    double[] oldValues = values;
    ValueCounts[] oldTexts = texts;
    allocate(capacity);
    System.arraycopy(oldIndex, head, index, 0, size);
    System.arraycopy(oldCounts, head * countColumns, counts, 0, size * countColumns);
    System.arraycopy(oldValues, head * valueColumns, values, 0, size * valueColumns);
    System.arraycopy(oldTexts, head * textColumns, texts, 0, size * textColumns);
    head = 0;
  }

  int size() {
    return size;
  }

  long index(int position) {
    return index[head + position];
  }

  long count(int position, int column) {
    return counts[(head + position) * countColumns + column];
  }

  void addCount(int position, int column, long delta) {
    counts[(head + position) * countColumns + column] += delta;
  }

  double value(int position, int column) {
    return values[(head + position) * valueColumns + column];
  }

  void setValue(int position, int column, double value) {
    values[(head + position) * valueColumns + column] = value;
  }

  /** Adds {@code x} to the double-double starting at {@code column}. */
  void addToPair(int position, int column, double x) {
    DoubleDouble.add(values, (head + position) * valueColumns + column, x);
  }

  /** Adds {@code x * x} to the double-double starting at {@code column}. */
  void addSquareToPair(int position, int column, double x) {
    DoubleDouble.addSquare(values, (head + position) * valueColumns + column, x);
  }

  /** The values of a text column of a bucket, or null when none were added. */
  ValueCounts texts(int position, int column) {
    return texts[(head + position) * textColumns + column];
  }

  ValueCounts textsForUpdate(int position, int column) {
    int slot = (head + position) * textColumns + column;
    if (texts[slot] == null) {
      texts[slot] = new ValueCounts();
    }
    return texts[slot];
  }

  /** The position of the first bucket with index at least {@code bucketIndex}; size if none. */
  int firstAtLeast(long bucketIndex) {
    int low = 0;
    int high = size;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (index(middle) < bucketIndex) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The position of bucket {@code bucketIndex}, inserted empty if absent. */
  int findOrInsert(long bucketIndex) {
    if (size > 0 && index(size - 1) == bucketIndex) {
      return size - 1;
    }
    int position = size == 0 || index(size - 1) < bucketIndex ? size : firstAtLeast(bucketIndex);
    if (position < size && index(position) == bucketIndex) {
      return position;
    }
    insertEmpty(position, bucketIndex);
    return position;
  }

  private void insertEmpty(int position, long bucketIndex) {
    if (head + size == index.length) {
      makeRoom();
    }
    int at = head + position;
    int moved = size - position;
    if (moved > 0) {
      System.arraycopy(index, at, index, at + 1, moved);
      System.arraycopy(
          counts, at * countColumns, counts, (at + 1) * countColumns, moved * countColumns);
      System.arraycopy(
          values, at * valueColumns, values, (at + 1) * valueColumns, moved * valueColumns);
      if (textColumns > 0) {
        System.arraycopy(
            texts, at * textColumns, texts, (at + 1) * textColumns, moved * textColumns);
      }
    }
    index[at] = bucketIndex;
    Arrays.fill(counts, at * countColumns, (at + 1) * countColumns, 0L);
    System.arraycopy(emptyValues, 0, values, at * valueColumns, valueColumns);
    if (textColumns > 0) {
      Arrays.fill(texts, at * textColumns, (at + 1) * textColumns, null);
    }
    size++;
  }

  /** Compacts to the front when half the array is free, else doubles the capacity. */
  private void makeRoom() {
    int capacity = index.length;
    int newCapacity = size * 2 <= capacity ? capacity : capacity * 2;
    long[] oldIndex = index;
    long[] oldCounts = counts;
    double[] oldValues = values;
    ValueCounts[] oldTexts = texts;
    if (newCapacity != capacity) {
      allocate(newCapacity);
    }
    System.arraycopy(oldIndex, head, index, 0, size);
    System.arraycopy(oldCounts, head * countColumns, counts, 0, size * countColumns);
    System.arraycopy(oldValues, head * valueColumns, values, 0, size * valueColumns);
    System.arraycopy(oldTexts, head * textColumns, texts, 0, size * textColumns);
    if (newCapacity == capacity) {
      Arrays.fill(texts, size * textColumns, texts.length, null);
    }
    head = 0;
  }

  void removeFirst() {
    if (textColumns > 0) {
      Arrays.fill(texts, head * textColumns, (head + 1) * textColumns, null);
    }
    head++;
    size--;
    if (size == 0) {
      head = 0;
    }
  }

  void clear() {
    Arrays.fill(texts, null);
    head = 0;
    size = 0;
    if (index.length > 64) {
      allocate(4);
    }
  }
}
