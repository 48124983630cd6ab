package io.streamlearn.features.core;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The join state of one transaction id: the transaction's event time and target entity ids once it
 * arrived, a label waiting for it if the label came first, and whether a label was joined. Mutable,
 * single-threaded; small (tens of bytes as {@link #toBytes()}).
 */
public final class LabelJoinState {

  private final LabelJoin join;
  private String transactionId;
  private boolean hasTransaction;
  private long transactionTime;

  /**
   * The transaction's id for each target entity key (in {@link LabelJoin#targetKeys} order), from
   * its arrival until a label joins it; null before and after (a joined state only answers
   * duplicates for the rest of the horizon, which is most of its life: the ids would be kept for
   * nothing).
   */
  private String[] entityIds;

  private boolean labelled;
  private boolean hasPending;
  private long pendingLabelTime;
  private boolean pendingFraud;

  LabelJoinState(LabelJoin join) {
    this.join = join;
  }

  /** The transaction arrived: stores it, and joins a waiting label. */
  public LabelJoinResult onTransaction(TransactionEvent transaction) {
    checkId(transaction.transactionId());
    if (hasTransaction) {
      return reject(
          Rejection.Reason.DUPLICATE_TRANSACTION,
          "transaction " + transactionId + " was already seen; labels join the first one");
    }
    hasTransaction = true;
    transactionTime = transaction.eventTimeMillis();
    entityIds = new String[join.keyReaders.length];
    for (int i = 0; i < entityIds.length; i++) {
      entityIds[i] = join.keyReaders[i].read(transaction);
    }
    if (!hasPending) {
      return LabelJoinResult.NOTHING;
    }
    hasPending = false;
    return match(pendingLabelTime, pendingFraud);
  }

  /** A label arrived: joins it if its transaction is known, else keeps it waiting. */
  public LabelJoinResult onLabel(LabelEvent label) {
    checkId(label.transactionId());
    if (labelled || hasPending) {
      return reject(
          Rejection.Reason.DUPLICATE_LABEL,
          "transaction " + transactionId + " already has a label; the first one counts");
    }
    if (!hasTransaction) {
      hasPending = true;
      pendingLabelTime = label.labelTimeMillis();
      pendingFraud = label.fraud();
      return LabelJoinResult.NOTHING;
    }
    return match(label.labelTimeMillis(), label.fraud());
  }

  private LabelJoinResult match(long labelTime, boolean fraud) {
    if (labelTime < transactionTime) {
      return reject(
          Rejection.Reason.LABEL_BEFORE_TRANSACTION,
          "label of transaction "
              + transactionId
              + " at "
              + Instant.ofEpochMilli(labelTime)
              + " precedes the transaction at "
              + Instant.ofEpochMilli(transactionTime));
    }
    if (labelTime - transactionTime >= join.horizon) {
      return reject(
          Rejection.Reason.LABEL_BEYOND_HORIZON,
          "label of transaction "
              + transactionId
              + " came "
              + (labelTime - transactionTime)
              + " ms after it, at or beyond the target horizon of "
              + join.horizonText()
              + ": no target window can count it");
    }
    labelled = true;
    LabelOutcome outcome =
        new LabelOutcome(transactionId, transactionTime, labelTime, fraud, entityIdMap());
    entityIds = null; // routed with the outcome; a joined state needs them no more
    return new LabelJoinResult(outcome, null);
  }

  /** The target entity ids as a map, without the absent ones. */
  private Map<String, String> entityIdMap() {
    if (entityIds == null) {
      return Map.of();
    }
    if (entityIds.length == 1) {
      return entityIds[0] == null ? Map.of() : Map.of(join.targetKeys.get(0), entityIds[0]);
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map.Entry<String, String>[] entries = new Map.Entry[presentIds()];
    int e = 0;
    for (int i = 0; i < entityIds.length; i++) {
      if (entityIds[i] != null) {
        entries[e++] = Map.entry(join.targetKeys.get(i), entityIds[i]);
      }
    }
    return Map.ofEntries(entries);
  }

  private int presentIds() {
    if (entityIds == null) {
      return 0;
    }
    int present = 0;
    for (String id : entityIds) {
      if (id != null) {
        present++;
      }
    }
    return present;
  }

  private LabelJoinResult reject(Rejection.Reason reason, String message) {
    return new LabelJoinResult(
        null, new Rejection(reason, transactionId, Rejection.LABEL_JOIN, message));
  }

  private void checkId(String id) {
    if (transactionId == null) {
      transactionId = id;
    } else if (!transactionId.equals(id)) {
      throw new IllegalArgumentException(
          "join state of " + transactionId + " received an input of " + id);
    }
  }

  /**
   * The event time after which this state can be deleted: once its transaction is older than the
   * target horizon no label can count, and a label waiting that long has no transaction.
   */
  public long expiresAt() {
    if (hasTransaction) {
      return join.expiryOfTransactionAt(transactionTime);
    }
    if (hasPending) {
      return pendingLabelTime + join.horizon;
    }
    throw new IllegalStateException("an empty join state has no expiry");
  }

  /**
   * Called by the engine when it deletes this state: the rejection of a label still waiting for its
   * transaction, so that it is routed rather than dropped silently.
   */
  public Optional<Rejection> onExpiry() {
    if (!hasPending) {
      return Optional.empty();
    }
    return Optional.of(
        new Rejection(
            Rejection.Reason.LABEL_WITHOUT_TRANSACTION,
            transactionId,
            Rejection.LABEL_JOIN,
            "label of transaction "
                + transactionId
                + " at "
                + Instant.ofEpochMilli(pendingLabelTime)
                + " expired without its transaction arriving"));
  }

  /** {@link #flatFlags()}: the transaction arrived. */
  public static final int HAS_TRANSACTION = 1;

  /** {@link #flatFlags()}: a label was joined. */
  public static final int LABELLED = 2;

  /** {@link #flatFlags()}: a label waits for its transaction. */
  public static final int HAS_PENDING = 4;

  /** {@link #flatFlags()}: the waiting label says fraud. */
  public static final int PENDING_FRAUD = 8;

  /**
   * The state but its id as a few numbers, for a table that keeps states in flat arrays instead of
   * as objects (the single-task stage's join table): {@link #HAS_TRANSACTION}, {@link #LABELLED},
   * {@link #HAS_PENDING}, {@link #PENDING_FRAUD}. {@link #setFlat} takes them back.
   */
  public int flatFlags() {
    return (hasTransaction ? HAS_TRANSACTION : 0)
        | (labelled ? LABELLED : 0)
        | (hasPending ? HAS_PENDING : 0)
        | (hasPending && pendingFraud ? PENDING_FRAUD : 0);
  }

  /**
   * The one time the state keeps ({@link #flatFlags()}): the transaction's when it arrived, else
   * the waiting label's, else 0. A state never holds both: a transaction joins (or rejects) the
   * label waiting for it.
   */
  public long flatTime() {
    return hasTransaction ? transactionTime : hasPending ? pendingLabelTime : 0L;
  }

  /**
   * The target entity ids held until a label joins ({@link #flatFlags()}), or null: the array
   * itself, which a state never changes once it is set.
   */
  public String[] flatEntityIds() {
    return entityIds;
  }

  /**
   * Makes this the state of {@code transactionId} given by {@link #flatFlags()}, {@link
   * #flatTime()} and {@link #flatEntityIds()}: a table loads a state it keeps flat into one object
   * it reuses. The id may be null when only {@link #expiresAt()} and {@link #onExpiry()} of a state
   * without a waiting label are asked.
   *
   * @throws IllegalArgumentException when the flags are not a state's
   */
  public void setFlat(String transactionId, int flags, long time, String[] entityIds) {
    checkFlags(flags, HAS_TRANSACTION | LABELLED | HAS_PENDING | PENDING_FRAUD);
    this.transactionId = transactionId;
    this.hasTransaction = (flags & HAS_TRANSACTION) != 0;
    this.labelled = (flags & LABELLED) != 0;
    this.hasPending = (flags & HAS_PENDING) != 0;
    this.pendingFraud = (flags & PENDING_FRAUD) != 0;
    this.transactionTime = hasTransaction ? time : 0L;
    this.pendingLabelTime = hasPending ? time : 0L;
    this.entityIds = entityIds;
  }

  /**
   * Refuses flags beyond {@code known} or that no state has: a transaction joins or rejects the
   * label waiting for it, and only a waiting label says fraud.
   */
  private static void checkFlags(int flags, int known) {
    if ((flags & ~known) != 0
        || (flags & (HAS_TRANSACTION | HAS_PENDING)) == (HAS_TRANSACTION | HAS_PENDING)
        || (flags & (HAS_PENDING | PENDING_FRAUD)) == PENDING_FRAUD) {
      throw new IllegalArgumentException("label join state has malformed flags " + flags);
    }
  }

  /** Layout: version, fingerprint, id, flags, transaction time, entity ids, waiting label. */
  public byte[] toBytes() {
    ByteWriter out = new ByteWriter(48);
    out.writeByte(LabelJoin.FORMAT_VERSION);
    out.writeInt(join.fingerprint);
    out.writeNullableString(transactionId);
    out.writeByte(flatFlags() & ~PENDING_FRAUD); // the fraud flag follows the pending label time
    if (hasTransaction) {
      out.writeSignedVarLong(transactionTime);
      out.writeVarLong(presentIds());
      for (int i = 0; entityIds != null && i < entityIds.length; i++) {
        if (entityIds[i] != null) {
          out.writeString(join.targetKeys.get(i));
          out.writeString(entityIds[i]);
        }
      }
    }
    if (hasPending) {
      out.writeSignedVarLong(pendingLabelTime);
      out.writeBoolean(pendingFraud);
    }
    return out.toByteArray();
  }

  void readFrom(ByteReader in) {
    transactionId = in.readNullableString();
    int flags = in.readByte();
    checkFlags(flags, HAS_TRANSACTION | LABELLED | HAS_PENDING);
    hasTransaction = (flags & HAS_TRANSACTION) != 0;
    labelled = (flags & LABELLED) != 0;
    hasPending = (flags & HAS_PENDING) != 0;
    if (hasTransaction) {
      transactionTime = in.readSignedVarLong();
      if (!labelled) {
        entityIds = new String[join.keyReaders.length];
      } // else held by states written before they were dropped on joining: dropped now
      int count = in.readCount();
      for (int i = 0; i < count; i++) {
        String key = in.readString();
        int index = join.targetKeys.indexOf(key);
        if (index < 0) {
          throw new IllegalArgumentException(
              "label join state has an id for '" + key + "', not a target entity key");
        }
        String id = in.readString();
        if (entityIds != null) {
          entityIds[index] = id;
        }
      }
    }
    if (hasPending) {
      pendingLabelTime = in.readSignedVarLong();
      pendingFraud = in.readBoolean();
    }
  }
}
