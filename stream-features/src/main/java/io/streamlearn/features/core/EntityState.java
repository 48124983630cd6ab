package io.streamlearn.features.core;

import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one entity (one customer, one terminal): its recent transactions and label outcomes
 * in buckets, with running window totals. Mutable, single-threaded; the engines keep one per key,
 * in memory or as {@link #toBytes()}.
 *
 * <p>Event time progresses with transactions only: the frontier is the newest transaction time. A
 * transaction or outcome whose time (event time, label time) is older than the frontier minus the
 * allowed lateness is rejected; a transaction later than the frontier plus the TTL first resets the
 * state (as if it had expired); otherwise the input is accepted. A transaction's features see
 * exactly the transactions received before it (and itself) whose event time is at or before its
 * own, and the outcomes received before it whose label time is at or before its event time. An
 * outcome ahead of the frontier waits, invisible, until the frontier passes its label time, so
 * labels running ahead of transactions never make transactions late. See {@code docs/FEATURES.md}.
 */
public final class EntityState {

  private static final long NONE = Long.MIN_VALUE;

  private final EntityFeatures layout;

  /** True once a transaction was accepted (since the last reset). */
  private boolean active;

  /** The frontier: the newest accepted transaction time. */
  private long maxSeen;

  /** The newest accepted label time, or NONE: keeps waiting outcomes alive for the TTL. */
  private long latestLabelTime = NONE;

  private long lastSealedTransaction = NONE;
  private long queryBucket = NONE;
  private final BucketStore buckets;
  private final ArrayList<TailItem> tail = new ArrayList<>(2);
  private final WindowTotals[] windows;

  EntityState(EntityFeatures layout) {
    this.layout = layout;
    this.buckets =
        new BucketStore(layout.countColumns, layout.textFields.length, layout.emptyValues);
    this.windows = new WindowTotals[layout.windowLength.length];
    for (int w = 0; w < windows.length; w++) {
      windows[w] = new WindowTotals(layout, w);
    }
  }

  /**
   * Applies a transaction of this entity and computes its partial vector, or rejects it as late.
   * The caller routes by {@link EntityFeatures#keyOf}; the key itself is not checked here.
   */
  public EntityUpdate onTransaction(TransactionEvent transaction) {
    long time = transaction.eventTimeMillis();
    if (active && time < maxSeen - layout.lateness) {
      return EntityUpdate.rejected(
          new Rejection(
              Rejection.Reason.LATE_TRANSACTION,
              transaction.transactionId(),
              layout.entityKey,
              lateMessage(
                  "transaction", transaction.transactionId(), time, layout.keyOf(transaction))));
    }
    if (active && time - maxSeen > layout.ttl) {
      reset();
    }
    long previous = previousTransactionTime(time);
    double[] numbers = new double[layout.numberReaders.length];
    for (int f = 0; f < numbers.length; f++) {
      numbers[f] = layout.numberReaders[f].read(transaction);
    }
    String[] texts = new String[layout.textReaders.length];
    for (int t = 0; t < texts.length; t++) {
      texts[t] = layout.textReaders[t].read(transaction);
    }
    TailItem item = TailItem.transaction(time, numbers, texts);
    maxSeen = active ? Math.max(maxSeen, time) : time;
    active = true;
    accept(item);
    double[] values = compute(time, item, previous);
    return EntityUpdate.accepted(
        PartialVector.owning(transaction.transactionId(), time, layout.entityKey, values));
  }

  /**
   * Applies the label outcome of a transaction of this entity, or rejects it as late. An outcome
   * counts for transactions whose event time is at or after its label time.
   */
  public Optional<Rejection> onOutcome(LabelOutcome outcome) {
    if (!layout.targets) {
      throw new IllegalStateException(
          layout.entityKey + " has no target aggregates; do not route label outcomes to it");
    }
    long labelTime = outcome.labelTimeMillis();
    if (active && labelTime < maxSeen - layout.lateness) {
      return Optional.of(
          new Rejection(
              Rejection.Reason.LATE_LABEL,
              outcome.transactionId(),
              layout.entityKey,
              lateMessage(
                  "label of transaction",
                  outcome.transactionId(),
                  labelTime,
                  outcome.entityIds().get(layout.entityKey))));
    }
    latestLabelTime = Math.max(latestLabelTime, labelTime);
    accept(TailItem.outcome(outcome.transactionTimeMillis(), labelTime, outcome.fraud()));
    return Optional.empty();
  }

  private String lateMessage(String what, String transactionId, long time, String entityId) {
    return what
        + " "
        + transactionId
        + " at "
        + Instant.ofEpochMilli(time)
        + " is more than the allowed lateness of "
        + layout.lateness
        + " ms behind "
        + Instant.ofEpochMilli(maxSeen)
        + ", the newest time seen for "
        + layout.entityKey
        + " "
        + entityId;
  }

  /** True when this state holds nothing, or nothing that matters after {@code eventTimeMillis}. */
  public boolean isExpiredAt(long eventTimeMillis) {
    return isEmpty() || eventTimeMillis > expiresAt();
  }

  /**
   * The last event time at which this state is alive: its newest transaction or label time plus the
   * TTL. An engine deletes the state once its watermark (the event time below which inputs are
   * late: newest time seen minus the allowed lateness) passes this; every input that can still
   * arrive then would reset the state anyway, so the moment of deletion never changes a result.
   */
  public long expiresAt() {
    if (isEmpty()) {
      throw new IllegalStateException("an empty state has no expiry; delete it");
    }
    long newest = active ? Math.max(maxSeen, latestLabelTime) : latestLabelTime;
    return newest + layout.ttl;
  }

  /** True when the state holds nothing (never used). */
  public boolean isEmpty() {
    return !active && tail.isEmpty();
  }

  /** The frontier: the newest transaction time this state has accepted. */
  public long newestTransactionTime() {
    if (!active) {
      throw new IllegalStateException("the state has no transaction");
    }
    return maxSeen;
  }

  /** Number of sealed buckets held, for footprint measurements. */
  public int bucketCount() {
    return buckets.size();
  }

  /**
   * Forgets the transactions and the sealed outcomes, which no window of a later transaction can
   * reach any more; outcomes still waiting in the tail are kept, as they may belong to transactions
   * this state has not seen yet.
   */
  private void reset() {
    active = false;
    maxSeen = NONE;
    lastSealedTransaction = NONE;
    queryBucket = NONE;
    buckets.clear();
    tail.removeIf(item -> !item.outcome);
    for (WindowTotals window : windows) {
      window.clear();
    }
  }

  private long previousTransactionTime(long time) {
    long previous = lastSealedTransaction;
    for (TailItem item : tail) {
      if (item.orderTime > time) {
        break; // the tail is sorted by order time
      }
      if (!item.outcome && item.time > previous) {
        previous = item.time;
      }
    }
    return previous;
  }

  private void accept(TailItem item) {
    tail.add(insertionPoint(item.orderTime), item);
    if (!active) {
      return; // no transaction yet: no frontier, nothing can be sealed
    }
    long watermark = maxSeen - layout.lateness;
    long evictThrough = Math.floorDiv(watermark, layout.resolution) - layout.maxSpan;
    int sealedCount = 0;
    while (sealedCount < tail.size() && tail.get(sealedCount).orderTime <= watermark) {
      TailItem sealed = tail.get(sealedCount++);
      if (sealed.outcome) {
        sealOutcome(sealed, evictThrough);
      } else {
        sealTransaction(sealed);
      }
    }
    tail.subList(0, sealedCount).clear();
    while (buckets.size() > 0 && buckets.index(0) <= evictThrough) {
      for (WindowTotals window : windows) {
        window.onEvictFirst(buckets);
      }
      buckets.removeFirst();
    }
  }

  /** After the last item with an order time at or before {@code orderTime}: keeps arrival order. */
  private int insertionPoint(long orderTime) {
    int low = 0;
    int high = tail.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (tail.get(middle).orderTime <= orderTime) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private void sealTransaction(TailItem item) {
    long bucket = Math.floorDiv(item.time, layout.resolution);
    int position = buckets.findOrInsert(bucket);
    buckets.addCount(position, EntityFeatures.TRANSACTIONS, 1);
    for (int f = 0; f < item.numbers.length; f++) {
      double value = item.numbers[f];
      if (Double.isNaN(value)) {
        continue;
      }
      buckets.addCount(position, layout.valueCountColumn[f], 1);
      if (layout.sumColumn[f] >= 0) {
        buckets.addToPair(position, layout.sumColumn[f], value);
      }
      if (layout.sumSquaresColumn[f] >= 0) {
        buckets.addSquareToPair(position, layout.sumSquaresColumn[f], value);
      }
      int min = layout.minColumn[f];
      if (min >= 0 && value < buckets.value(position, min)) {
        buckets.setValue(position, min, value);
      }
      int max = layout.maxColumn[f];
      if (max >= 0 && value > buckets.value(position, max)) {
        buckets.setValue(position, max, value);
      }
    }
    for (int t = 0; t < item.texts.length; t++) {
      if (item.texts[t] != null) {
        buckets.textsForUpdate(position, t).add(item.texts[t], 1);
      }
    }
    for (WindowTotals window : windows) {
      if (window.contains(bucket)) {
        window.addTransaction(item, bucket);
      }
    }
    lastSealedTransaction = Math.max(lastSealedTransaction, item.time);
  }

  private void sealOutcome(TailItem item, long evictThrough) {
    long bucket = Math.floorDiv(item.time, layout.resolution);
    if (bucket <= evictThrough) {
      return; // no window of any future query reaches this bucket: the label cannot count
    }
    int position = buckets.findOrInsert(bucket);
    buckets.addCount(position, layout.labelledColumn, 1);
    if (item.fraud) {
      buckets.addCount(position, layout.fraudColumn, 1);
    }
    for (WindowTotals window : windows) {
      if (window.contains(bucket)) {
        window.addOutcome(item.fraud);
      }
    }
  }

  /** The partial vector of a transaction at {@code time}, just accepted as {@code self}. */
  private double[] compute(long time, TailItem self, long previous) {
    long bucket = Math.floorDiv(time, layout.resolution);
    WindowTotals[] base = windows;
    if (queryBucket == NONE || bucket >= queryBucket) {
      for (WindowTotals window : windows) {
        window.slideTo(window.firstBucketFor(bucket), window.lastBucketFor(bucket), buckets);
      }
      queryBucket = bucket;
    } else {
      // an out-of-order transaction from an earlier bucket: total its windows from scratch,
      // leaving the running totals where they are
      base = new WindowTotals[windows.length];
      for (int w = 0; w < windows.length; w++) {
        base[w] = new WindowTotals(layout, w);
        base[w].lo = base[w].firstBucketFor(bucket);
        base[w].hi = base[w].lastBucketFor(bucket);
        base[w].rebuild(buckets);
      }
    }
    TailTotals extra = tail.isEmpty() ? null : new TailTotals(base, time);
    double[] values = new double[layout.slots.length];
    for (int s = 0; s < values.length; s++) {
      values[s] = evaluate(layout.slots[s], base, extra, time, self, previous);
    }
    return values;
  }

  private double evaluate(
      EntityFeatures.Slot slot,
      WindowTotals[] base,
      TailTotals extra,
      long time,
      TailItem self,
      long previous) {
    int w = slot.window();
    switch (slot.kind()) {
      case TIME_SINCE_LAST:
        return previous == NONE ? slot.missing() : (time - previous) / 1000.0;
      case COUNT:
        return count(base, extra, w, EntityFeatures.TRANSACTIONS);
      case TARGET_COUNT:
        return count(base, extra, w, layout.labelledColumn);
      case TARGET_SUM:
        return count(base, extra, w, layout.fraudColumn);
      case TARGET_MEAN:
        {
          long labelled = count(base, extra, w, layout.labelledColumn);
          return labelled == 0
              ? slot.missing()
              : (double) count(base, extra, w, layout.fraudColumn) / labelled;
        }
      case SUM:
        return sum(base, extra, w, layout.sumColumn[slot.numeric()]);
      case MEAN:
        return mean(base, extra, w, slot.numeric(), slot.missing());
      case RELATIVE_TO_MEAN:
        {
          double value = self.numbers[slot.numeric()];
          double mean = mean(base, extra, w, slot.numeric(), Double.NaN);
          return Double.isNaN(value) || Double.isNaN(mean) || mean == 0.0
              ? slot.missing()
              : value / mean;
        }
      case STDDEV:
        {
          int f = slot.numeric();
          long n = count(base, extra, w, layout.valueCountColumn[f]);
          if (n == 0) {
            return slot.missing();
          }
          double[] sum = pair(base, extra, w, layout.sumColumn[f]);
          double[] squares = pair(base, extra, w, layout.sumSquaresColumn[f]);
          return Math.sqrt(DoubleDouble.variance(sum[0], sum[1], squares[0], squares[1], n));
        }
      case MIN:
        {
          int f = slot.numeric();
          MonotonicDeque deque = base[w].minima[f];
          double min = deque.isEmpty() ? Double.POSITIVE_INFINITY : deque.front();
          if (extra != null) {
            min = Math.min(min, extra.min[w * extra.fields + f]);
          }
          return min == Double.POSITIVE_INFINITY ? slot.missing() : min;
        }
      case MAX:
        {
          int f = slot.numeric();
          MonotonicDeque deque = base[w].maxima[f];
          double max = deque.isEmpty() ? Double.NEGATIVE_INFINITY : deque.front();
          if (extra != null) {
            max = Math.max(max, extra.max[w * extra.fields + f]);
          }
          return max == Double.NEGATIVE_INFINITY ? slot.missing() : max;
        }
      case DISTINCT_COUNT:
        {
          int t = slot.text();
          int distinct = base[w].distinct[t].distinct();
          return extra == null ? distinct : distinct + extra.newValues(w, t);
        }
      default:
        throw new IllegalStateException("unknown slot kind " + slot.kind());
    }
  }

  private static long count(WindowTotals[] base, TailTotals extra, int w, int column) {
    long total = base[w].counts[column];
    return extra == null ? total : total + extra.counts[w * extra.countColumns + column];
  }

  private static double sum(WindowTotals[] base, TailTotals extra, int w, int column) {
    double hi = base[w].sums[column];
    double lo = base[w].sums[column + 1];
    if (extra == null) {
      return hi + lo;
    }
    int at = w * extra.valueColumns + column;
    return DoubleDouble.sum(hi, lo, extra.sums[at], extra.sums[at + 1]);
  }

  /** The double-double total of a running column: the window's plus the tail's. */
  private static double[] pair(WindowTotals[] base, TailTotals extra, int w, int column) {
    double[] total = {base[w].sums[column], base[w].sums[column + 1]};
    if (extra != null) {
      int at = w * extra.valueColumns + column;
      DoubleDouble.add(total, 0, extra.sums[at], extra.sums[at + 1]);
    }
    return total;
  }

  private double mean(WindowTotals[] base, TailTotals extra, int w, int field, double missing) {
    long n = count(base, extra, w, layout.valueCountColumn[field]);
    return n == 0 ? missing : sum(base, extra, w, layout.sumColumn[field]) / n;
  }

  /**
   * What the unsealed tail adds to each window for a query at {@code time}: transactions with event
   * time at or before it and outcomes with label time at or before it, in the window's buckets.
   */
  private final class TailTotals {
    final int countColumns = layout.countColumns;
    final int valueColumns = layout.valueColumns;
    final int fields = layout.numericFields.length;

    /** Flat per window: {@code [w * countColumns + column]}. */
    final long[] counts;

    /** Flat per window: {@code [w * valueColumns + column]}, double-double pairs. */
    final double[] sums;

    /** Flat per window: {@code [w * fields + field]}. */
    final double[] min;

    final double[] max;

    /** Per window and text field (index {@code w * texts + t}): values the window lacks. */
    private final List<Set<String>> added;

    TailTotals(WindowTotals[] base, long time) {
      int windowCount = base.length;
      counts = new long[windowCount * countColumns];
      sums = new double[windowCount * valueColumns];
      min = new double[windowCount * fields];
      max = new double[windowCount * fields];
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
      int texts = layout.textFields.length;
      added =
          texts == 0
              ? List.of()
              : new ArrayList<>(Collections.nCopies(windowCount * texts, (Set<String>) null));
      for (TailItem item : tail) {
        if (item.orderTime > time) {
          break; // the tail is sorted by order time
        }
        long bucket = Math.floorDiv(item.time, layout.resolution);
        for (int w = 0; w < windowCount; w++) {
          if (!base[w].contains(bucket)) {
            continue;
          }
          if (item.outcome) {
            counts[w * countColumns + layout.labelledColumn]++;
            if (item.fraud) {
              counts[w * countColumns + layout.fraudColumn]++;
            }
          } else {
            addTransaction(base[w], w, item);
          }
        }
      }
    }

    private void addTransaction(WindowTotals window, int w, TailItem item) {
      counts[w * countColumns + EntityFeatures.TRANSACTIONS]++;
      for (int f = 0; f < item.numbers.length; f++) {
        double value = item.numbers[f];
        if (Double.isNaN(value)) {
          continue;
        }
        counts[w * countColumns + layout.valueCountColumn[f]]++;
        if (layout.sumColumn[f] >= 0) {
          DoubleDouble.add(sums, w * valueColumns + layout.sumColumn[f], value);
        }
        if (layout.sumSquaresColumn[f] >= 0) {
          DoubleDouble.addSquare(sums, w * valueColumns + layout.sumSquaresColumn[f], value);
        }
        min[w * fields + f] = Math.min(min[w * fields + f], value);
        max[w * fields + f] = Math.max(max[w * fields + f], value);
      }
      for (int t = 0; t < item.texts.length; t++) {
        String value = item.texts[t];
        if (value != null && window.distinct[t] != null && !window.distinct[t].contains(value)) {
          int slot = w * layout.textFields.length + t;
          if (added.get(slot) == null) {
            added.set(slot, new HashSet<>());
          }
          added.get(slot).add(value);
        }
      }
    }

    int newValues(int w, int t) {
      Set<String> values = added.get(w * layout.textFields.length + t);
      return values == null ? 0 : values.size();
    }
  }

  // ---- byte format (see docs/FEATURES.md, "State byte format") ----

  /** The state in the versioned byte format that {@link EntityFeatures#decode} reads. */
  public byte[] toBytes() {
    ByteWriter out = new ByteWriter(32 + buckets.size() * (8 + 9 * layout.valueColumns));
    out.writeByte(EntityFeatures.FORMAT_VERSION);
    out.writeInt(layout.fingerprint);
    out.writeByte((active ? 1 : 0) | (latestLabelTime != NONE ? 2 : 0));
    if (latestLabelTime != NONE) {
      out.writeSignedVarLong(latestLabelTime);
    }
    if (!active) {
      writeTail(out); // outcomes waiting for a first transaction
      return out.toByteArray();
    }
    out.writeSignedVarLong(maxSeen);
    out.writeBoolean(lastSealedTransaction != NONE);
    if (lastSealedTransaction != NONE) {
      out.writeVarLong(maxSeen - lastSealedTransaction);
    }
    out.writeBoolean(queryBucket != NONE);
    if (queryBucket != NONE) {
      out.writeSignedVarLong(queryBucket);
    }
    writeBuckets(out);
    writeTail(out);
    for (WindowTotals window : windows) {
      out.writeSignedVarLong(window.lo);
      out.writeSignedVarLong(window.hi);
      for (int column : layout.runningColumns) {
        writePair(out, window.sums[column], window.sums[column + 1]);
      }
    }
    return out.toByteArray();
  }

  private void writeBuckets(ByteWriter out) {
    out.writeVarLong(buckets.size());
    for (int p = 0; p < buckets.size(); p++) {
      if (p == 0) {
        out.writeSignedVarLong(buckets.index(0));
      } else {
        out.writeVarLong(buckets.index(p) - buckets.index(p - 1));
      }
      for (int c = 0; c < layout.countColumns; c++) {
        out.writeVarLong(buckets.count(p, c));
      }
      for (int f = 0; f < layout.numericFields.length; f++) {
        if (buckets.count(p, layout.valueCountColumn[f]) == 0) {
          continue; // columns keep their empty values
        }
        for (int column : pairColumnsOf(f)) {
          writePair(out, buckets.value(p, column), buckets.value(p, column + 1));
        }
        for (int column : singleColumnsOf(f)) {
          out.writeDouble(buckets.value(p, column));
        }
      }
      for (int t = 0; t < layout.textFields.length; t++) {
        ValueCounts values = buckets.texts(p, t);
        List<String> sorted = values == null ? List.of() : values.sortedValues();
        out.writeVarLong(sorted.size());
        for (String value : sorted) {
          out.writeString(value);
          out.writeVarLong(values.count(value));
        }
      }
    }
  }

  private int[] pairColumnsOf(int field) {
    return present(layout.sumColumn[field], layout.sumSquaresColumn[field]);
  }

  private int[] singleColumnsOf(int field) {
    return present(layout.minColumn[field], layout.maxColumn[field]);
  }

  private static int[] present(int first, int second) {
    if (first >= 0 && second >= 0) {
      return new int[] {first, second};
    }
    if (first >= 0 || second >= 0) {
      return new int[] {Math.max(first, second)};
    }
    return new int[0];
  }

  /** A double-double: {@code hi}, then {@code lo} only when its bits are not all zero. */
  private static void writePair(ByteWriter out, double hi, double lo) {
    out.writeDouble(hi);
    boolean hasLo = Double.doubleToRawLongBits(lo) != 0L;
    out.writeBoolean(hasLo);
    if (hasLo) {
      out.writeDouble(lo);
    }
  }

  private static void readPair(ByteReader in, double[] target, int column) {
    target[column] = in.readDouble();
    target[column + 1] = in.readBoolean() ? in.readDouble() : 0.0;
  }

  private void writeTail(ByteWriter out) {
    out.writeVarLong(tail.size());
    for (TailItem item : tail) {
      writeTailItem(out, item);
    }
  }

  private void writeTailItem(ByteWriter out, TailItem item) {
    out.writeBoolean(item.outcome);
    out.writeSignedVarLong(item.orderTime);
    if (item.outcome) {
      out.writeVarLong(item.orderTime - item.time);
      out.writeBoolean(item.fraud);
      return;
    }
    for (double value : item.numbers) {
      out.writeBoolean(!Double.isNaN(value));
      if (!Double.isNaN(value)) {
        out.writeDouble(value);
      }
    }
    for (String value : item.texts) {
      out.writeNullableString(value);
    }
  }

  void readFrom(ByteReader in) {
    int flags = in.readByte();
    if (flags > 3) {
      throw new IllegalArgumentException(layout.entityKey + " state has malformed flags " + flags);
    }
    active = (flags & 1) != 0;
    latestLabelTime = (flags & 2) != 0 ? in.readSignedVarLong() : NONE;
    if (!active) {
      readTail(in);
      return;
    }
    maxSeen = in.readSignedVarLong();
    lastSealedTransaction = in.readBoolean() ? maxSeen - in.readVarLong() : NONE;
    queryBucket = in.readBoolean() ? in.readSignedVarLong() : NONE;
    int bucketCount = in.readCount();
    long index = 0;
    for (int p = 0; p < bucketCount; p++) {
      index = p == 0 ? in.readSignedVarLong() : index + in.readVarLong();
      int position = buckets.findOrInsert(index);
      if (position != p) {
        throw new IllegalArgumentException(layout.entityKey + " state has unsorted buckets");
      }
      for (int c = 0; c < layout.countColumns; c++) {
        buckets.addCount(p, c, in.readVarLong());
      }
      for (int f = 0; f < layout.numericFields.length; f++) {
        if (buckets.count(p, layout.valueCountColumn[f]) == 0) {
          continue;
        }
        double[] pair = new double[2];
        for (int column : pairColumnsOf(f)) {
          readPair(in, pair, 0);
          buckets.setValue(p, column, pair[0]);
          buckets.setValue(p, column + 1, pair[1]);
        }
        for (int column : singleColumnsOf(f)) {
          buckets.setValue(p, column, in.readDouble());
        }
      }
      for (int t = 0; t < layout.textFields.length; t++) {
        int entries = in.readCount();
        for (int e = 0; e < entries; e++) {
          buckets.textsForUpdate(p, t).add(in.readString(), in.readVarLong());
        }
      }
    }
    readTail(in);
    for (WindowTotals window : windows) {
      window.lo = in.readSignedVarLong();
      window.hi = in.readSignedVarLong();
      // exact totals (counts, minima, maxima, distinct values) are recomputed from the buckets;
      // floating sums are restored bit for bit, so a restored state continues exactly
      window.rebuild(buckets);
      for (int column : layout.runningColumns) {
        readPair(in, window.sums, column);
      }
    }
  }

  private void readTail(ByteReader in) {
    int tailCount = in.readCount();
    for (int i = 0; i < tailCount; i++) {
      TailItem item = readTailItem(in);
      if (!tail.isEmpty() && tail.get(tail.size() - 1).orderTime > item.orderTime) {
        throw new IllegalArgumentException(layout.entityKey + " state has an unsorted tail");
      }
      tail.add(item);
    }
  }

  private TailItem readTailItem(ByteReader in) {
    boolean outcome = in.readBoolean();
    long orderTime = in.readSignedVarLong();
    if (outcome) {
      long time = orderTime - in.readVarLong();
      return TailItem.outcome(time, orderTime, in.readBoolean());
    }
    double[] numbers = new double[layout.numericFields.length];
    for (int f = 0; f < numbers.length; f++) {
      numbers[f] = in.readBoolean() ? in.readDouble() : Double.NaN;
    }
    String[] texts = new String[layout.textFields.length];
    for (int t = 0; t < texts.length; t++) {
      texts[t] = in.readNullableString();
    }
    return TailItem.transaction(orderTime, numbers, texts);
  }
}
