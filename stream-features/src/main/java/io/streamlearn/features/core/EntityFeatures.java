package io.streamlearn.features.core;

import io.streamlearn.features.core.spec.AggregateFunction;
import io.streamlearn.features.core.spec.EntityFeature;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.RelativeToMean;
import io.streamlearn.features.core.spec.TargetAggregate;
import io.streamlearn.features.core.spec.TimeSinceLast;
import io.streamlearn.features.core.spec.TransactionFields;
import io.streamlearn.features.core.spec.TransactionFields.NumberReader;
import io.streamlearn.features.core.spec.TransactionFields.TextReader;
import io.streamlearn.features.core.spec.WindowAggregate;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The compiled features of one entity key field (e.g. {@code customerId}) of a spec: the layout of
 * its per-entity state, the factory and byte codec of that state, and the names of the partial
 * vector it computes. One instance serves every entity of that key; it is immutable and may be
 * shared across threads (states may not).
 *
 * <p>Engine use: route a transaction to the state of {@link #keyOf} (or reject it with {@link
 * #missingKey} when absent), call {@link EntityState#onTransaction}, keep the state as {@link
 * EntityState#toBytes()} or in memory, restore it with {@link #decode}.
 */
public final class EntityFeatures {

  /** Count column of transactions; always present. */
  static final int TRANSACTIONS = 0;

  static final byte FORMAT_VERSION = 1;

  enum Kind {
    COUNT,
    SUM,
    MEAN,
    MIN,
    MAX,
    STDDEV,
    DISTINCT_COUNT,
    TARGET_MEAN,
    TARGET_COUNT,
    TARGET_SUM,
    TIME_SINCE_LAST,
    RELATIVE_TO_MEAN
  }

  /** One output value: what to compute, from which window and field. */
  record Slot(Kind kind, int window, int numeric, int text, double missing) {}

  final String entityKey;
  final TextReader keyReader;
  final long resolution;
  final long lateness;
  final long ttl;

  final String[] numericFields;
  final NumberReader[] numberReaders;
  final String[] textFields;
  final TextReader[] textReaders;
  final boolean targets;

  final int countColumns;
  final int labelledColumn;
  final int fraudColumn;
  final int[] valueCountColumn;

  final int valueColumns;

  /** First slot of the double-double sum of each numeric field, or -1. */
  final int[] sumColumn;

  /** First slot of the double-double sum of squares of each numeric field, or -1. */
  final int[] sumSquaresColumn;

  final int[] minColumn;
  final int[] maxColumn;

  /** Per numeric field, the first slots of its double-double columns (sum, sum of squares). */
  final int[][] pairColumns;

  /** Per numeric field, its single-slot columns (minimum, maximum). */
  final int[][] singleColumns;

  /** First slots of the double-double columns that windows keep running totals of. */
  final int[] runningColumns;

  final double[] emptyValues;

  final long[] windowLength;
  final long[] windowDelay;
  final boolean[][] windowMin;
  final boolean[][] windowMax;
  final boolean[][] windowDistinct;
  final long maxSpan;

  final Slot[] slots;

  /** {@code 0, 1, ...}: the positions of a partial vector's own values. */
  final int[] ownPositions;

  private final List<String> featureNames;
  final int fingerprint;

  EntityFeatures(FeatureSpec spec, String entityKey, StreamSettings settings) {
    this.entityKey = entityKey;
    this.keyReader = TransactionFields.textReader(entityKey);
    this.resolution = spec.resolution().toMillis();
    this.lateness = settings.allowedLateness().toMillis();
    this.ttl = settings.stateTtl().toMillis();

    Builder builder = new Builder();
    List<String> names = new ArrayList<>();
    List<Slot> slotList = new ArrayList<>();
    for (EntityFeature feature : spec.entityFeatures(entityKey)) {
      slotList.add(builder.slotFor(feature));
      names.add(feature.name());
    }
    this.featureNames = List.copyOf(names);
    this.slots = slotList.toArray(new Slot[0]);
    this.ownPositions = new int[slots.length];
    for (int s = 0; s < slots.length; s++) {
      ownPositions[s] = s;
    }

    this.numericFields = builder.numeric.toArray(new String[0]);
    this.numberReaders = new NumberReader[numericFields.length];
    for (int f = 0; f < numericFields.length; f++) {
      numberReaders[f] = TransactionFields.numberReader(numericFields[f]);
    }
    this.textFields = builder.text.toArray(new String[0]);
    this.textReaders = new TextReader[textFields.length];
    for (int t = 0; t < textFields.length; t++) {
      textReaders[t] = TransactionFields.textReader(textFields[t]);
    }
    this.targets = builder.targets;

    int column = 1;
    this.labelledColumn = targets ? column++ : -1;
    this.fraudColumn = targets ? column++ : -1;
    this.valueCountColumn = new int[numericFields.length];
    for (int f = 0; f < numericFields.length; f++) {
      valueCountColumn[f] = column++;
    }
    this.countColumns = column;

    this.sumColumn = new int[numericFields.length];
    this.sumSquaresColumn = new int[numericFields.length];
    this.minColumn = new int[numericFields.length];
    this.maxColumn = new int[numericFields.length];
    List<Double> empty = new ArrayList<>();
    List<Integer> running = new ArrayList<>();
    for (int f = 0; f < numericFields.length; f++) {
      int needs = builder.numericNeeds.get(f);
      sumColumn[f] = (needs & Builder.SUM) != 0 ? addPairColumn(empty, running) : -1;
      sumSquaresColumn[f] = (needs & Builder.SUM_SQUARES) != 0 ? addPairColumn(empty, running) : -1;
      minColumn[f] =
          (needs & Builder.MIN) != 0
              ? addColumn(empty, running, Double.POSITIVE_INFINITY, false)
              : -1;
      maxColumn[f] =
          (needs & Builder.MAX) != 0
              ? addColumn(empty, running, Double.NEGATIVE_INFINITY, false)
              : -1;
    }
    this.pairColumns = new int[numericFields.length][];
    this.singleColumns = new int[numericFields.length][];
    for (int f = 0; f < numericFields.length; f++) {
      pairColumns[f] = present(sumColumn[f], sumSquaresColumn[f]);
      singleColumns[f] = present(minColumn[f], maxColumn[f]);
    }
    this.valueColumns = empty.size();
    this.emptyValues = empty.stream().mapToDouble(Double::doubleValue).toArray();
    this.runningColumns = running.stream().mapToInt(Integer::intValue).toArray();

    int windows = builder.windows.size();
    this.windowLength = new long[windows];
    this.windowDelay = new long[windows];
    this.windowMin = new boolean[windows][numericFields.length];
    this.windowMax = new boolean[windows][numericFields.length];
    this.windowDistinct = new boolean[windows][textFields.length];
    long span = 0;
    for (int w = 0; w < windows; w++) {
      windowLength[w] = builder.windows.get(w)[0];
      windowDelay[w] = builder.windows.get(w)[1];
      span = Math.max(span, windowLength[w] + windowDelay[w]);
    }
    this.maxSpan = span;
    for (Slot slot : slots) {
      if (slot.kind == Kind.MIN) {
        windowMin[slot.window][slot.numeric] = true;
      } else if (slot.kind == Kind.MAX) {
        windowMax[slot.window][slot.numeric] = true;
      } else if (slot.kind == Kind.DISTINCT_COUNT) {
        windowDistinct[slot.window][slot.text] = true;
      }
    }
    this.fingerprint = fingerprint();
  }

  /** The columns among {@code first} and {@code second} that exist (are not -1), in order. */
  private static int[] present(int first, int second) {
    if (first >= 0 && second >= 0) {
      return new int[] {first, second};
    }
    if (first >= 0 || second >= 0) {
      return new int[] {Math.max(first, second)};
    }
    return new int[0];
  }

  /** A double-double column: two slots, {@code hi} then {@code lo}. */
  private static int addPairColumn(List<Double> empty, List<Integer> running) {
    int column = addColumn(empty, running, 0.0, true);
    empty.add(0.0);
    return column;
  }

  private static int addColumn(
      List<Double> empty, List<Integer> running, double initial, boolean isRunning) {
    int column = empty.size();
    empty.add(initial);
    if (isRunning) {
      running.add(column);
    }
    return column;
  }

  /** Assigns fields, windows and columns while the slots are compiled in output order. */
  private final class Builder {
    static final int SUM = 1;
    static final int SUM_SQUARES = 2;
    static final int MIN = 4;
    static final int MAX = 8;

    final List<String> numeric = new ArrayList<>();
    final List<Integer> numericNeeds = new ArrayList<>();
    final List<String> text = new ArrayList<>();
    final List<long[]> windows = new ArrayList<>();
    boolean targets;

    Slot slotFor(EntityFeature feature) {
      if (feature instanceof WindowAggregate aggregate) {
        int window = window(aggregate.window().toMillis(), aggregate.delay().toMillis());
        AggregateFunction function = aggregate.function();
        switch (function) {
          case COUNT:
            return new Slot(Kind.COUNT, window, -1, -1, aggregate.missing());
          case SUM:
          case MEAN:
            return new Slot(
                function == AggregateFunction.SUM ? Kind.SUM : Kind.MEAN,
                window,
                numeric(aggregate.field(), SUM),
                -1,
                aggregate.missing());
          case STDDEV:
            return new Slot(
                Kind.STDDEV,
                window,
                numeric(aggregate.field(), SUM | SUM_SQUARES),
                -1,
                aggregate.missing());
          case MIN:
            return new Slot(
                Kind.MIN, window, numeric(aggregate.field(), MIN), -1, aggregate.missing());
          case MAX:
            return new Slot(
                Kind.MAX, window, numeric(aggregate.field(), MAX), -1, aggregate.missing());
          case DISTINCT_COUNT:
            return new Slot(
                Kind.DISTINCT_COUNT, window, -1, text(aggregate.field()), aggregate.missing());
          default:
            throw new IllegalArgumentException("unknown aggregate function " + function);
        }
      }
      if (feature instanceof TargetAggregate target) {
        targets = true;
        int window = window(target.window().toMillis(), target.delay().toMillis());
        Kind kind;
        switch (target.function()) {
          case MEAN:
            kind = Kind.TARGET_MEAN;
            break;
          case COUNT:
            kind = Kind.TARGET_COUNT;
            break;
          default:
            kind = Kind.TARGET_SUM;
            break;
        }
        return new Slot(kind, window, -1, -1, target.missing());
      }
      if (feature instanceof TimeSinceLast since) {
        return new Slot(Kind.TIME_SINCE_LAST, -1, -1, -1, since.missing());
      }
      RelativeToMean relative = (RelativeToMean) feature;
      return new Slot(
          Kind.RELATIVE_TO_MEAN,
          window(relative.window().toMillis(), 0),
          numeric(relative.field(), SUM),
          -1,
          relative.missing());
    }

    int window(long windowMillis, long delayMillis) {
      long length = windowMillis / resolution;
      long delay = delayMillis / resolution;
      for (int w = 0; w < windows.size(); w++) {
        if (windows.get(w)[0] == length && windows.get(w)[1] == delay) {
          return w;
        }
      }
      windows.add(new long[] {length, delay});
      return windows.size() - 1;
    }

    int numeric(String field, int needs) {
      int index = numeric.indexOf(field);
      if (index < 0) {
        numeric.add(field);
        numericNeeds.add(needs);
        return numeric.size() - 1;
      }
      numericNeeds.set(index, numericNeeds.get(index) | needs);
      return index;
    }

    int text(String field) {
      int index = text.indexOf(field);
      if (index < 0) {
        text.add(field);
        return text.size() - 1;
      }
      return index;
    }
  }

  private int fingerprint() {
    StringBuilder layout = new StringBuilder("entity-state|").append(entityKey);
    layout.append("|resolution=").append(resolution).append("|targets=").append(targets);
    for (int f = 0; f < numericFields.length; f++) {
      layout.append("|number=").append(numericFields[f]);
      layout.append(':').append(sumColumn[f]).append(',').append(sumSquaresColumn[f]);
      layout.append(',').append(minColumn[f]).append(',').append(maxColumn[f]);
    }
    for (String field : textFields) {
      layout.append("|text=").append(field);
    }
    for (int w = 0; w < windowLength.length; w++) {
      layout.append("|window=").append(windowLength[w]).append('/').append(windowDelay[w]);
    }
    CRC32 crc = new CRC32();
    crc.update(layout.toString().getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  /** The entity key field, e.g. {@code customerId}. */
  public String entityKey() {
    return entityKey;
  }

  /** Names of the values of this entity's partial vectors, in output order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** True when this entity consumes label outcomes (it has target aggregates). */
  public boolean hasTargets() {
    return targets;
  }

  /** The entity id of {@code transaction}, or null when it has none (see {@link #missingKey}). */
  public String keyOf(TransactionEvent transaction) {
    return keyReader.read(transaction);
  }

  /** The rejection of a transaction without a value for this entity key. */
  public Rejection missingKey(TransactionEvent transaction) {
    return new Rejection(
        Rejection.Reason.MISSING_ENTITY_KEY,
        transaction.transactionId(),
        entityKey,
        "transaction " + transaction.transactionId() + " has no " + entityKey);
  }

  /** A fresh state for an entity never seen (or expired). */
  public EntityState newState() {
    return new EntityState(this);
  }

  /**
   * Restores a state from {@link EntityState#toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are corrupt, of an unknown format version, or
   *     written for a different feature layout (another spec's state)
   */
  public EntityState decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, entityKey + " state");
    int version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          entityKey
              + " state has format version "
              + version
              + "; this build reads "
              + FORMAT_VERSION);
    }
    int writtenFingerprint = in.readInt();
    if (writtenFingerprint != fingerprint) {
      throw new IllegalArgumentException(
          entityKey
              + " state was written for a different feature layout (fingerprint "
              + Integer.toHexString(writtenFingerprint)
              + ", this spec's is "
              + Integer.toHexString(fingerprint)
              + "): rebuild the state by replaying the input");
    }
    EntityState state = new EntityState(this);
    state.readFrom(in);
    in.expectEnd();
    return state;
  }

  @Override
  public String toString() {
    return "EntityFeatures[" + entityKey + ", " + featureNames + "]";
  }
}
