package io.streamlearn.features.core;

import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
  private final WindowTotals windows;

  // The tail: inputs accepted but not sealed yet, because an input up to the allowed lateness
  // older may still arrive and must not see them; sorted by order time (arrival order among equal
  // order times), as parallel arrays indexed by position: no object per input.
  private static final byte TRANSACTION = 0;
  private static final byte OUTCOME = 1;
  private static final byte FRAUD_OUTCOME = 2;
  private static final String[] NO_TEXTS = new String[0];

  private final int fields;
  private final int textCount;
  private int tailSize;

  /** When the item becomes visible: event time of a transaction, label time of an outcome. */
  private long[] tailOrder;

  /** Event time of the transaction (the one labelled, for an outcome). */
  private long[] tailTime;

  /** The bucket of {@link #tailTime}. */
  private long[] tailBucket;

  private byte[] tailKind;

  /** Numeric field values of transactions, {@code [position * fields + f]}, NaN when missing. */
  private double[] tailNumbers;

  /** Text field values of transactions, {@code [position * textCount + t]}, null when missing. */
  private String[] tailTexts;

  /**
   * A mark its owner may set and read, not part of the state or its bytes: the single-task stage
   * tags each state with the checkpoint capture it was made after, to copy a state that a capture
   * still holds before changing it (docs/FEATURES.md, "The single-task plan").
   */
  private int generation;

  EntityState(EntityFeatures layout) {
    this.layout = layout;
    this.buckets =
        new BucketStore(layout.countColumns, layout.textFields.length, layout.emptyValues);
    this.windows = new WindowTotals(layout);
    this.fields = layout.numericFields.length;
    this.textCount = layout.textFields.length;
    allocateTail(2);
  }

  /** A state equal to {@code other} that changes apart from it. */
  private EntityState(EntityState other) {
    this.layout = other.layout;
    this.active = other.active;
    this.maxSeen = other.maxSeen;
    this.latestLabelTime = other.latestLabelTime;
    this.lastSealedTransaction = other.lastSealedTransaction;
    this.queryBucket = other.queryBucket;
    this.buckets = other.buckets.copy();
    this.windows = other.windows.copy();
    this.fields = other.fields;
    this.textCount = other.textCount;
    this.tailSize = other.tailSize;
    this.tailOrder = other.tailOrder.clone();
    this.tailTime = other.tailTime.clone();
    this.tailBucket = other.tailBucket.clone();
    this.tailKind = other.tailKind.clone();
    this.tailNumbers = other.tailNumbers.clone();
    this.tailTexts = other.tailTexts.length == 0 ? NO_TEXTS : other.tailTexts.clone();
    this.generation = other.generation;
  }

  /**
   * A state equal to this one that changes apart from it: what {@link EntityFeatures#decode} of
   * {@link #toBytes()} gives, without the bytes (arrays copied as they are, at their capacity).
   */
  public EntityState copy() {
    return new EntityState(this);
  }

  private void allocateTail(int capacity) {
    tailOrder = new long[capacity];
    tailTime = new long[capacity];
    tailBucket = new long[capacity];
    tailKind = new byte[capacity];
    tailNumbers = new double[capacity * fields];
    tailTexts = textCount == 0 ? NO_TEXTS : new String[capacity * textCount];
  }

  /**
   * Applies a transaction of this entity and computes its partial vector, or rejects it as late.
   * The caller routes by {@link EntityFeatures#keyOf}; the key itself is not checked here.
   */
  public EntityUpdate onTransaction(TransactionEvent transaction) {
    double[] values = new double[layout.slots.length];
    Rejection rejection = applyTransaction(transaction, values, layout.ownPositions);
    return rejection != null
        ? EntityUpdate.rejected(rejection)
        : EntityUpdate.accepted(
            PartialVector.owning(
                transaction.transactionId(),
                transaction.eventTimeMillis(),
                layout.entityKey,
                values));
  }

  /**
   * Like {@link #onTransaction}, without creating a partial vector: applies the transaction and
   * writes value {@code i} of its partial vector (in {@link EntityFeatures#featureNames()} order)
   * to {@code vector[positions[i]]}, or rejects it as late and writes nothing.
   *
   * @return null when the transaction was accepted, else its rejection
   */
  public Rejection applyTransaction(
      TransactionEvent transaction, double[] vector, int[] positions) {
    if (positions.length != layout.slots.length) {
      throw new IllegalArgumentException(
          positions.length
              + " positions for the "
              + layout.slots.length
              + " values of "
              + layout.entityKey);
    }
    long time = transaction.eventTimeMillis();
    if (active && time < maxSeen - layout.lateness) {
      return new Rejection(
          Rejection.Reason.LATE_TRANSACTION,
          transaction.transactionId(),
          layout.entityKey,
          lateMessage("transaction", transaction.transactionId(), time, layout.keyOf(transaction)));
    }
    if (active && time - maxSeen > layout.ttl) {
      reset();
    }
    long previous = previousTransactionTime(time);
    int at = openTailSlot(time, time, TRANSACTION);
    for (int f = 0; f < fields; f++) {
      tailNumbers[at * fields + f] = layout.numberReaders[f].read(transaction);
    }
    for (int t = 0; t < textCount; t++) {
      tailTexts[at * textCount + t] = layout.textReaders[t].read(transaction);
    }
    maxSeen = active ? Math.max(maxSeen, time) : time;
    active = true;
    sealAndEvict();
    compute(time, transaction, previous, vector, positions);
    return null;
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
    openTailSlot(
        labelTime, outcome.transactionTimeMillis(), outcome.fraud() ? FRAUD_OUTCOME : OUTCOME);
    sealAndEvict();
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
    return !active && tailSize == 0;
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
    int kept = 0;
    for (int i = 0; i < tailSize; i++) {
      if (tailKind[i] != TRANSACTION) {
        moveTailItem(i, kept++);
      }
    }
    clearTailSlots(kept, tailSize);
    tailSize = kept;
    windows.clear();
  }

  private long previousTransactionTime(long time) {
    long previous = lastSealedTransaction;
    for (int i = 0; i < tailSize; i++) {
      if (tailOrder[i] > time) {
        break; // the tail is sorted by order time
      }
      if (tailKind[i] == TRANSACTION && tailTime[i] > previous) {
        previous = tailTime[i];
      }
    }
    return previous;
  }

  /**
   * Inserts an item into the tail after the last one with an order time at or before {@code
   * orderTime} (keeping arrival order), and returns its position; the caller fills in its values.
   */
  private int openTailSlot(long orderTime, long time, byte kind) {
    if (tailSize == tailOrder.length) {
      growTail();
    }
    int at = insertionPoint(orderTime);
    int moved = tailSize - at;
    if (moved > 0) {
      System.arraycopy(tailOrder, at, tailOrder, at + 1, moved);
      System.arraycopy(tailTime, at, tailTime, at + 1, moved);
      System.arraycopy(tailBucket, at, tailBucket, at + 1, moved);
      System.arraycopy(tailKind, at, tailKind, at + 1, moved);
      System.arraycopy(tailNumbers, at * fields, tailNumbers, (at + 1) * fields, moved * fields);
      if (textCount > 0) {
        System.arraycopy(
            tailTexts, at * textCount, tailTexts, (at + 1) * textCount, moved * textCount);
      }
    }
    tailOrder[at] = orderTime;
    tailTime[at] = time;
    tailBucket[at] = Math.floorDiv(time, layout.resolution);
    tailKind[at] = kind;
    for (int f = 0; f < fields; f++) {
      tailNumbers[at * fields + f] = Double.NaN;
    }
    for (int t = 0; t < textCount; t++) {
      tailTexts[at * textCount + t] = null;
    }
    tailSize++;
    return at;
  }

  private void growTail() {
    int size = tailSize;
    long[] order = tailOrder;
    long[] time = tailTime;
    long[] bucket = tailBucket;
    byte[] kind = tailKind;
    double[] numbers = tailNumbers;
    String[] texts = tailTexts;
    allocateTail(Math.max(2, order.length * 2));
    System.arraycopy(order, 0, tailOrder, 0, size);
    System.arraycopy(time, 0, tailTime, 0, size);
    System.arraycopy(bucket, 0, tailBucket, 0, size);
    System.arraycopy(kind, 0, tailKind, 0, size);
    System.arraycopy(numbers, 0, tailNumbers, 0, size * fields);
    System.arraycopy(texts, 0, tailTexts, 0, size * textCount);
  }

  /** Copies the tail item at position {@code from} to position {@code to}. */
  private void moveTailItem(int from, int to) {
    if (from == to) {
      return;
    }
    tailOrder[to] = tailOrder[from];
    tailTime[to] = tailTime[from];
    tailBucket[to] = tailBucket[from];
    tailKind[to] = tailKind[from];
    System.arraycopy(tailNumbers, from * fields, tailNumbers, to * fields, fields);
    System.arraycopy(tailTexts, from * textCount, tailTexts, to * textCount, textCount);
  }

  /** Drops the references held by tail positions {@code [from, to)}. */
  private void clearTailSlots(int from, int to) {
    if (textCount > 0 && from < to) {
      Arrays.fill(tailTexts, from * textCount, to * textCount, null);
    }
  }

  /** Removes the first {@code count} tail items. */
  private void removeTailPrefix(int count) {
    if (count == 0) {
      return;
    }
    int remaining = tailSize - count;
    if (remaining > 0) {
      System.arraycopy(tailOrder, count, tailOrder, 0, remaining);
      System.arraycopy(tailTime, count, tailTime, 0, remaining);
      System.arraycopy(tailBucket, count, tailBucket, 0, remaining);
      System.arraycopy(tailKind, count, tailKind, 0, remaining);
      System.arraycopy(tailNumbers, count * fields, tailNumbers, 0, remaining * fields);
      if (textCount > 0) {
        System.arraycopy(tailTexts, count * textCount, tailTexts, 0, remaining * textCount);
      }
    }
    clearTailSlots(remaining, tailSize);
    tailSize = remaining;
  }

  /** Seals the tail items the watermark passed, and evicts the buckets no window can reach. */
  private void sealAndEvict() {
    if (!active) {
      return; // no transaction yet: no frontier, nothing can be sealed
    }
    long watermark = maxSeen - layout.lateness;
    long evictThrough = Math.floorDiv(watermark, layout.resolution) - layout.maxSpan;
    int sealedCount = 0;
    while (sealedCount < tailSize && tailOrder[sealedCount] <= watermark) {
      int sealed = sealedCount++;
      if (tailKind[sealed] == TRANSACTION) {
        sealTransaction(sealed);
      } else {
        sealOutcome(sealed, evictThrough);
      }
    }
    removeTailPrefix(sealedCount);
    while (buckets.size() > 0 && buckets.index(0) <= evictThrough) {
      windows.onEvictFirst(buckets);
      buckets.removeFirst();
    }
  }

  /** After the last item with an order time at or before {@code orderTime}: keeps arrival order. */
  private int insertionPoint(long orderTime) {
    int high = tailSize;
    if (high == 0 || tailOrder[high - 1] <= orderTime) {
      return high; // the common case: inputs arrive in order
    }
    int low = 0;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (tailOrder[middle] <= orderTime) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private void sealTransaction(int item) {
    long bucket = tailBucket[item];
    int position = buckets.findOrInsert(bucket);
    buckets.addCount(position, EntityFeatures.TRANSACTIONS, 1);
    int numbers = item * fields;
    for (int f = 0; f < fields; f++) {
      double value = tailNumbers[numbers + f];
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
    int texts = item * textCount;
    for (int t = 0; t < textCount; t++) {
      if (tailTexts[texts + t] != null) {
        buckets.textsForUpdate(position, t).add(tailTexts[texts + t], 1);
      }
    }
    windows.addTransaction(tailNumbers, numbers, tailTexts, texts, bucket);
    lastSealedTransaction = Math.max(lastSealedTransaction, tailTime[item]);
  }

  private void sealOutcome(int item, long evictThrough) {
    long bucket = tailBucket[item];
    if (bucket <= evictThrough) {
      return; // no window of any future query reaches this bucket: the label cannot count
    }
    boolean fraud = tailKind[item] == FRAUD_OUTCOME;
    int position = buckets.findOrInsert(bucket);
    buckets.addCount(position, layout.labelledColumn, 1);
    if (fraud) {
      buckets.addCount(position, layout.fraudColumn, 1);
    }
    windows.addOutcome(bucket, fraud);
  }

  /** The partial vector of {@code transaction} at {@code time}, just accepted, into a vector. */
  private void compute(
      long time, TransactionEvent transaction, long previous, double[] vector, int[] positions) {
    long bucket = Math.floorDiv(time, layout.resolution);
    WindowTotals base = windows;
    if (queryBucket == NONE || bucket >= queryBucket) {
      for (int w = 0; w < windows.windowCount(); w++) {
        windows.slideTo(
            w, windows.firstBucketFor(w, bucket), windows.lastBucketFor(w, bucket), buckets);
      }
      queryBucket = bucket;
    } else {
      // an out-of-order transaction from an earlier bucket: total its windows from scratch,
      // leaving the running totals where they are
      base = new WindowTotals(layout);
      for (int w = 0; w < base.windowCount(); w++) {
        base.setRange(w, base.firstBucketFor(w, bucket), base.lastBucketFor(w, bucket));
        base.rebuild(w, buckets);
      }
    }
    // the tail items this query sees: transactions at or before it, outcomes known by then
    int visible = 0;
    while (visible < tailSize && tailOrder[visible] <= time) {
      visible++;
    }
    boolean hasTail = tailSize > 0;
    EntityFeatures.Slot[] slots = layout.slots;
    for (int s = 0; s < slots.length; s++) {
      double value = evaluate(slots[s], base, hasTail, visible, time, transaction, previous);
      if (!Double.isFinite(value)) {
        throw new IllegalStateException(
            layout.entityKey + " computed a non-finite value " + value + " for " + slots[s]);
      }
      vector[positions[s]] = value;
    }
  }

  private double evaluate(
      EntityFeatures.Slot slot,
      WindowTotals base,
      boolean hasTail,
      int visible,
      long time,
      TransactionEvent transaction,
      long previous) {
    int w = slot.window();
    switch (slot.kind()) {
      case TIME_SINCE_LAST:
        return previous == NONE ? slot.missing() : (time - previous) / 1000.0;
      case COUNT:
        return base.count(w, EntityFeatures.TRANSACTIONS) + tailTransactions(base, w, visible);
      case TARGET_COUNT:
        return base.count(w, layout.labelledColumn) + tailOutcomes(base, w, visible, false);
      case TARGET_SUM:
        return base.count(w, layout.fraudColumn) + tailOutcomes(base, w, visible, true);
      case TARGET_MEAN:
        {
          long labelled =
              base.count(w, layout.labelledColumn) + tailOutcomes(base, w, visible, false);
          return labelled == 0
              ? slot.missing()
              : (double) (base.count(w, layout.fraudColumn) + tailOutcomes(base, w, visible, true))
                  / labelled;
        }
      case SUM:
        return sum(base, w, hasTail, visible, slot.numeric());
      case MEAN:
        return mean(base, w, hasTail, visible, slot.numeric(), slot.missing());
      case RELATIVE_TO_MEAN:
        {
          double value = layout.numberReaders[slot.numeric()].read(transaction);
          double mean = mean(base, w, hasTail, visible, slot.numeric(), Double.NaN);
          return Double.isNaN(value) || Double.isNaN(mean) || mean == 0.0
              ? slot.missing()
              : value / mean;
        }
      case STDDEV:
        return stddev(base, w, hasTail, visible, slot.numeric(), slot.missing());
      case MIN:
        {
          MonotonicDeque deque = base.minimum(w, slot.numeric());
          double min = deque.isEmpty() ? Double.POSITIVE_INFINITY : deque.front();
          min = Math.min(min, tailExtreme(base, w, visible, slot.numeric(), true));
          return min == Double.POSITIVE_INFINITY ? slot.missing() : min;
        }
      case MAX:
        {
          MonotonicDeque deque = base.maximum(w, slot.numeric());
          double max = deque.isEmpty() ? Double.NEGATIVE_INFINITY : deque.front();
          max = Math.max(max, tailExtreme(base, w, visible, slot.numeric(), false));
          return max == Double.NEGATIVE_INFINITY ? slot.missing() : max;
        }
      case DISTINCT_COUNT:
        return base.distinct(w, slot.text()).distinct()
            + tailNewValues(base, w, visible, slot.text());
      default:
        throw new IllegalStateException("unknown slot kind " + slot.kind());
    }
  }

  // ---- what the visible tail items adds to a window: items in its bucket range ----

  private long tailTransactions(WindowTotals window, int w, int visible) {
    long n = 0;
    for (int i = 0; i < visible; i++) {
      if (tailKind[i] == TRANSACTION && window.contains(w, tailBucket[i])) {
        n++;
      }
    }
    return n;
  }

  private long tailOutcomes(WindowTotals window, int w, int visible, boolean fraudOnly) {
    byte wanted = fraudOnly ? FRAUD_OUTCOME : OUTCOME;
    long n = 0;
    for (int i = 0; i < visible; i++) {
      byte kind = tailKind[i];
      if (kind >= wanted && window.contains(w, tailBucket[i])) {
        n++;
      }
    }
    return n;
  }

  private long tailValues(WindowTotals window, int w, int visible, int field) {
    long n = 0;
    for (int i = 0; i < visible; i++) {
      if (tailKind[i] == TRANSACTION
          && window.contains(w, tailBucket[i])
          && !Double.isNaN(tailNumbers[i * fields + field])) {
        n++;
      }
    }
    return n;
  }

  /** The minimum ({@code minimum}) or maximum of a field over the tail items in the window. */
  private double tailExtreme(WindowTotals window, int w, int visible, int field, boolean minimum) {
    double extreme = minimum ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    for (int i = 0; i < visible; i++) {
      double value = tailNumbers[i * fields + field];
      if (tailKind[i] != TRANSACTION || !window.contains(w, tailBucket[i]) || Double.isNaN(value)) {
        continue;
      }
      extreme = minimum ? Math.min(extreme, value) : Math.max(extreme, value);
    }
    return extreme;
  }

  /**
   * The double-double sum (or sum of squares) of a field over the tail items in the window, added
   * in tail order into {@code total} at {@code i} (which starts at zero).
   */
  private void tailPair(
      WindowTotals window, int w, int visible, int field, boolean squares, double[] total) {
    for (int i = 0; i < visible; i++) {
      double value = tailNumbers[i * fields + field];
      if (tailKind[i] != TRANSACTION || !window.contains(w, tailBucket[i]) || Double.isNaN(value)) {
        continue;
      }
      if (squares) {
        DoubleDouble.addSquare(total, 0, value);
      } else {
        DoubleDouble.add(total, 0, value);
      }
    }
  }

  /** Values of a text field in the window's tail items that the window lacks, each once. */
  private int tailNewValues(WindowTotals window, int w, int visible, int text) {
    ValueCounts known = window.distinct(w, text);
    int added = 0;
    for (int i = 0; i < visible; i++) {
      String value = tailTexts[i * textCount + text];
      if (value == null
          || tailKind[i] != TRANSACTION
          || !window.contains(w, tailBucket[i])
          || known.contains(value)) {
        continue;
      }
      boolean repeated = false;
      for (int j = 0; j < i && !repeated; j++) {
        repeated =
            tailKind[j] == TRANSACTION
                && window.contains(w, tailBucket[j])
                && value.equals(tailTexts[j * textCount + text]);
      }
      if (!repeated) {
        added++;
      }
    }
    return added;
  }

  private double sum(WindowTotals window, int w, boolean hasTail, int visible, int field) {
    int column = layout.sumColumn[field];
    double hi = window.sumHi(w, column);
    double lo = window.sumLo(w, column);
    if (!hasTail) {
      return hi + lo;
    }
    // the tail's double-double total, accumulated in tail order (as a sealed bucket would be)
    double tailHi = 0.0;
    double tailLo = 0.0;
    for (int i = 0; i < visible; i++) {
      double x = tailNumbers[i * fields + field];
      if (tailKind[i] != TRANSACTION || !window.contains(w, tailBucket[i]) || Double.isNaN(x)) {
        continue;
      }
      // DoubleDouble.add on locals
      double total = tailHi + x;
      double virtual = total - tailHi;
      double error = (tailHi - (total - virtual)) + (x - virtual);
      double low = tailLo + error;
      double high = total + low;
      tailLo = low - (high - total);
      tailHi = high;
    }
    return DoubleDouble.sum(hi, lo, tailHi, tailLo);
  }

  private double mean(
      WindowTotals window, int w, boolean hasTail, int visible, int field, double missing) {
    long n =
        window.count(w, layout.valueCountColumn[field]) + tailValues(window, w, visible, field);
    return n == 0 ? missing : sum(window, w, hasTail, visible, field) / n;
  }

  private double stddev(
      WindowTotals window, int w, boolean hasTail, int visible, int field, double missing) {
    long n =
        window.count(w, layout.valueCountColumn[field]) + tailValues(window, w, visible, field);
    if (n == 0) {
      return missing;
    }
    int sumColumn = layout.sumColumn[field];
    int squaresColumn = layout.sumSquaresColumn[field];
    double[] sum = {window.sumHi(w, sumColumn), window.sumLo(w, sumColumn)};
    double[] squares = {window.sumHi(w, squaresColumn), window.sumLo(w, squaresColumn)};
    if (hasTail) {
      double[] tail = new double[2];
      tailPair(window, w, visible, field, false, tail);
      DoubleDouble.add(sum, 0, tail[0], tail[1]);
      tail[0] = 0.0;
      tail[1] = 0.0;
      tailPair(window, w, visible, field, true, tail);
      DoubleDouble.add(squares, 0, tail[0], tail[1]);
    }
    return Math.sqrt(DoubleDouble.variance(sum[0], sum[1], squares[0], squares[1], n));
  }

  /** The owner's mark ({@link #setGeneration}); 0 until set. */
  public int generation() {
    return generation;
  }

  /** Sets the owner's mark: it does not change the state, its features or its bytes. */
  public void setGeneration(int generation) {
    this.generation = generation;
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
    for (int w = 0; w < windows.windowCount(); w++) {
      out.writeSignedVarLong(windows.lo(w));
      out.writeSignedVarLong(windows.hi(w));
      for (int column : layout.runningColumns) {
        writePair(out, windows.sumHi(w, column), windows.sumLo(w, column));
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
        for (int column : layout.pairColumns[f]) {
          writePair(out, buckets.value(p, column), buckets.value(p, column + 1));
        }
        for (int column : layout.singleColumns[f]) {
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
    out.writeVarLong(tailSize);
    for (int i = 0; i < tailSize; i++) {
      writeTailItem(out, i);
    }
  }

  private void writeTailItem(ByteWriter out, int item) {
    boolean outcome = tailKind[item] != TRANSACTION;
    out.writeBoolean(outcome);
    out.writeSignedVarLong(tailOrder[item]);
    if (outcome) {
      out.writeVarLong(tailOrder[item] - tailTime[item]);
      out.writeBoolean(tailKind[item] == FRAUD_OUTCOME);
      return;
    }
    for (int f = 0; f < fields; f++) {
      double value = tailNumbers[item * fields + f];
      out.writeBoolean(!Double.isNaN(value));
      if (!Double.isNaN(value)) {
        out.writeDouble(value);
      }
    }
    for (int t = 0; t < textCount; t++) {
      out.writeNullableString(tailTexts[item * textCount + t]);
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
    buckets.ensureCapacity(bucketCount);
    double[] pair = new double[2];
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
        for (int column : layout.pairColumns[f]) {
          readPair(in, pair, 0);
          buckets.setValue(p, column, pair[0]);
          buckets.setValue(p, column + 1, pair[1]);
        }
        for (int column : layout.singleColumns[f]) {
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
    for (int w = 0; w < windows.windowCount(); w++) {
      long lo = in.readSignedVarLong();
      windows.setRange(w, lo, in.readSignedVarLong());
      // exact totals (counts, minima, maxima, distinct values) are recomputed from the buckets;
      // floating sums are restored bit for bit, so a restored state continues exactly
      windows.rebuild(w, buckets);
      for (int column : layout.runningColumns) {
        readPair(in, pair, 0);
        windows.setSum(w, column, pair[0], pair[1]);
      }
    }
  }

  private void readTail(ByteReader in) {
    int tailCount = in.readCount();
    for (int i = 0; i < tailCount; i++) {
      boolean outcome = in.readBoolean();
      long orderTime = in.readSignedVarLong();
      if (tailSize > 0 && tailOrder[tailSize - 1] > orderTime) {
        throw new IllegalArgumentException(layout.entityKey + " state has an unsorted tail");
      }
      if (outcome) {
        long time = orderTime - in.readVarLong();
        openTailSlot(orderTime, time, in.readBoolean() ? FRAUD_OUTCOME : OUTCOME);
        continue;
      }
      int at = openTailSlot(orderTime, orderTime, TRANSACTION);
      for (int f = 0; f < fields; f++) {
        tailNumbers[at * fields + f] = in.readBoolean() ? in.readDouble() : Double.NaN;
      }
      for (int t = 0; t < textCount; t++) {
        tailTexts[at * textCount + t] = in.readNullableString();
      }
    }
  }
}
