package io.streamlearn.model.core.serving;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The label join of one transaction id: the scored features wait for their label, or a label that
 * came first waits for its features, and they meet once. The engines keep one state per transaction
 * id (Kafka Streams: a store; Flink: keyed state), load it, apply an input, store it, and delete it
 * once their clock (the largest event time seen, or the watermark) passes {@link #expiresAt()},
 * after calling {@link #onExpiry()}.
 *
 * <p>Rules ({@code docs/SERVING.md}, "The label join"), with TTL {@code t}:
 *
 * <ul>
 *   <li>features and label join when the label time is at most {@code event time + t}, whichever
 *       arrives first; a later label is {@link JoinOutcome#LABEL_AFTER_TTL} and closes the join;
 *   <li>features wait until {@code event time + t}, a label until {@code label time + t}; then they
 *       expire ({@link JoinOutcome#EXPIRED_UNLABELLED}, {@link
 *       JoinOutcome#EXPIRED_UNMATCHED_LABEL});
 *   <li>after a join the state is a closed marker until {@code event time + t}, so that a second
 *       label or a second scoring of the same id is a duplicate, never a second example.
 * </ul>
 *
 * Whether an input joins depends only on the event and label times, never on when an engine deletes
 * expired states.
 *
 * <p>The scored event is kept as the bytes it came in ({@link ExampleCodec}), checked but never
 * decoded: the join reads only its transaction id and event time, and the joined example is those
 * bytes behind the label ({@link JoinResult#exampleBytes()}), so an event is encoded once, when
 * scored, and decoded once, by the trainer. Not thread-safe.
 */
public final class LabelJoinState {

  private static final int LAYOUT = 1;

  private enum Status {
    EMPTY,
    SCORED,
    LABEL_WAITING,
    CLOSED
  }

  private final long ttlMillis;
  private Status status = Status.EMPTY;
  private long expiresAt = Long.MAX_VALUE;
  private byte[] scored; // the scored event's bytes from scoredOffset on, while SCORED
  private int scoredOffset;
  private String transactionId;
  private boolean label;
  private long labelTime;

  private LabelJoinState(long ttlMillis) {
    this.ttlMillis = ttlMillis;
  }

  /** An empty join with time-to-live {@code ttl}. */
  public static LabelJoinState empty(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the label-join TTL must be positive, got " + ttl);
    }
    return new LabelJoinState(ttl.toMillis());
  }

  /**
   * A join stored by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a join state of a known layout
   */
  public static LabelJoinState fromBytes(byte[] bytes, Duration ttl) {
    LabelJoinState state = empty(ttl);
    if (holdsScored(bytes)) {
      // the scored event stays in the stored bytes: checked, not decoded
      try {
        ExampleCodec.checkScored(bytes, HEADER);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unreadable label-join state bytes: " + e.getMessage());
      }
      state.status = Status.SCORED;
      state.expiresAt = ExampleCodec.getLong(bytes, 2);
      state.scored = bytes;
      state.scoredOffset = HEADER;
      return state;
    }
    return ExampleCodec.decode(
        bytes,
        "label-join state",
        in -> {
          state.read(in);
          return state;
        });
  }

  /** The bytes of a stored state before what its status holds: layout, status and expiry. */
  private static final int HEADER = 10;

  /**
   * What expiring the state stored as {@code bytes} by {@link #toBytes()} means ({@link
   * #onExpiry()}), read from its first bytes only: an engine deleting expired states need not
   * decode the features they hold.
   *
   * @throws IllegalArgumentException when the bytes are not a join state of a known layout
   */
  public static Optional<JoinOutcome> expiryOutcome(byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != LAYOUT || !isStoredStatus(bytes[1])) {
      throw new IllegalArgumentException("unreadable label-join state bytes: not layout 1");
    }
    return expiryOutcome(Status.values()[bytes[1]]);
  }

  /**
   * The expiry ({@link #expiresAt()}) of the state stored as {@code bytes} by {@link #toBytes()},
   * read from its first bytes only: an engine rebuilding an index of its states by expiry need not
   * decode the features they hold.
   *
   * @throws IllegalArgumentException when the bytes are not a join state of a known layout
   */
  public static long expiresAt(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != LAYOUT || !isStoredStatus(bytes[1])) {
      throw new IllegalArgumentException("unreadable label-join state bytes: not layout 1");
    }
    return ExampleCodec.getLong(bytes, 2);
  }

  /** Scored features of this transaction arrive. */
  public JoinResult onScored(ScoredEvent event) {
    return onScored(ExampleCodec.encode(event));
  }

  /**
   * Scored features of this transaction arrive as the bytes of {@link
   * ExampleCodec#encode(ScoredEvent)}, which the state keeps (the caller no longer changes them).
   *
   * @throws IllegalArgumentException when the bytes are not a scored event of a known layout
   */
  public JoinResult onScored(byte[] event) {
    ExampleCodec.checkScored(event, 0);
    switch (status) {
      case EMPTY:
        status = Status.SCORED;
        scored = event;
        scoredOffset = 0;
        expiresAt = saturatedAdd(ExampleCodec.scoredEventTime(event, 0), ttlMillis);
        return JoinResult.of(JoinOutcome.WAITING_FOR_LABEL);
      case LABEL_WAITING:
        return close(event, 0, label, labelTime);
      default:
        return JoinResult.of(JoinOutcome.DUPLICATE_FEATURES);
    }
  }

  /** The label of this transaction arrives. */
  public JoinResult onLabel(String id, boolean isPositive, long labelTimeMillis) {
    switch (status) {
      case EMPTY:
        status = Status.LABEL_WAITING;
        transactionId = id;
        label = isPositive;
        labelTime = labelTimeMillis;
        expiresAt = saturatedAdd(labelTimeMillis, ttlMillis);
        return JoinResult.of(JoinOutcome.WAITING_FOR_FEATURES);
      case SCORED:
        return close(scored, scoredOffset, isPositive, labelTimeMillis);
      default:
        return JoinResult.of(JoinOutcome.DUPLICATE_LABEL);
    }
  }

  private JoinResult close(byte[] event, int offset, boolean isPositive, long labelTimeMillis) {
    long deadline = saturatedAdd(ExampleCodec.scoredEventTime(event, offset), ttlMillis);
    status = Status.CLOSED;
    scored = null;
    transactionId = ExampleCodec.scoredTransactionId(event, offset);
    expiresAt = Math.max(deadline, expiresAt == Long.MAX_VALUE ? deadline : expiresAt);
    if (labelTimeMillis > deadline) {
      return JoinResult.of(JoinOutcome.LABEL_AFTER_TTL);
    }
    expiresAt = deadline;
    return JoinResult.joined(ExampleCodec.joined(event, offset, isPositive, labelTimeMillis));
  }

  /** When an engine may delete this state; {@link Long#MAX_VALUE} while empty. */
  public long expiresAt() {
    return expiresAt;
  }

  /** Whether nothing arrived yet (nothing to store). */
  public boolean isEmpty() {
    return status == Status.EMPTY;
  }

  /**
   * What expiring this state means: features that never got their label, a label that never got its
   * features, or nothing (a closed join).
   */
  public Optional<JoinOutcome> onExpiry() {
    return expiryOutcome(status);
  }

  private static Optional<JoinOutcome> expiryOutcome(Status status) {
    return switch (status) {
      case SCORED -> Optional.of(JoinOutcome.EXPIRED_UNLABELLED);
      case LABEL_WAITING -> Optional.of(JoinOutcome.EXPIRED_UNMATCHED_LABEL);
      default -> Optional.empty();
    };
  }

  /**
   * Whether {@code ordinal} is a status a stored state has (1 scored, 2 label waiting, 3 closed).
   */
  private static boolean isStoredStatus(int ordinal) {
    return ordinal >= 1 && ordinal <= 3;
  }

  /**
   * The state as bytes. Layout 1: {@code byte} layout, {@code byte} status (1 scored, 2 label
   * waiting, 3 closed), {@code long} expiry; then a scored event ({@link ExampleCodec}) when
   * scored; {@code UTF} transaction id, {@code boolean} label and {@code long} label time when a
   * label waits; {@code UTF} transaction id when closed. The bytes hold everything: they may be
   * stored anywhere and read by any process.
   *
   * @throws IllegalStateException when empty: an empty join is not stored
   */
  public byte[] toBytes() {
    return toBytes(false);
  }

  /**
   * The state as bytes whose feature names stay with this process: those of {@link #toBytes()}, but
   * a scored event's feature names, the same for every event of a stream, are a reference to this
   * process's copy of them ({@link ExampleCodec}, the local form), about 430 of 630 bytes fewer for
   * the default spec. {@link #fromBytes} reads them in this process, or in another once the blocks
   * of {@link #nameBlocks()} are restored there ({@link #restoreNameBlock}): a checkpoint of local
   * bytes carries those beside them. {@link #portable} turns them into the bytes of {@link
   * #toBytes()}, which any process reads.
   *
   * @throws IllegalStateException when empty: an empty join is not stored
   */
  public byte[] toLocalBytes() {
    return toBytes(true);
  }

  /**
   * The bytes of {@link #toBytes()} for the state stored as {@code bytes} by {@link #toBytes()} or
   * {@link #toLocalBytes()}: {@code bytes} themselves unless they hold a local scored event.
   *
   * @throws IllegalArgumentException when local bytes name feature names this process does not hold
   */
  public static byte[] portable(byte[] bytes) {
    return rewrite(bytes, false);
  }

  /**
   * The bytes of {@link #toLocalBytes()} for the state stored as {@code bytes} by {@link
   * #toBytes()} (a state read back from a checkpoint): {@code bytes} themselves unless they hold a
   * scored event that is not local.
   *
   * @throws IllegalArgumentException when the scored event they hold does not read
   */
  public static byte[] local(byte[] bytes) {
    return rewrite(bytes, true);
  }

  /**
   * The feature-name blocks that bytes of {@link #toLocalBytes()} in this process may refer to,
   * each as bytes for {@link #restoreNameBlock}: what a checkpoint that holds local bytes carries
   * beside them, so that another process reads them. Every block of the process (one per stream of
   * scored events: a handful).
   */
  public static List<byte[]> nameBlocks() {
    return NameBlocks.SHARED.export();
  }

  /**
   * Keeps a block {@link #nameBlocks()} gave in another process, before local bytes that refer to
   * it are read here (a restore).
   *
   * @throws IllegalArgumentException when the bytes are not such a block
   * @throws IllegalStateException when this process holds another block of the same fingerprint
   */
  public static void restoreNameBlock(byte[] block) {
    NameBlocks.SHARED.restore(block);
  }

  /** {@code bytes} with their scored event written local or not; themselves when it already is. */
  private static byte[] rewrite(byte[] bytes, boolean local) {
    if (!holdsScored(bytes) || ExampleCodec.isLocal(bytes, HEADER) == local) {
      return bytes;
    }
    ExampleCodec.checkScored(bytes, HEADER);
    return ExampleCodec.bytes(
        out -> {
          out.write(bytes, 0, HEADER);
          writeScored(bytes, HEADER, out, local);
        });
  }

  private static void writeScored(byte[] event, int offset, DataOutput out, boolean local)
      throws IOException {
    if (local) {
      ExampleCodec.writeLocal(event, offset, out);
    } else {
      ExampleCodec.writePortable(event, offset, out);
    }
  }

  private static boolean holdsScored(byte[] bytes) {
    return bytes.length >= HEADER && bytes[0] == LAYOUT && bytes[1] == Status.SCORED.ordinal();
  }

  private byte[] toBytes(boolean local) {
    if (status == Status.EMPTY) {
      throw new IllegalStateException("an empty label join is not stored");
    }
    return ExampleCodec.bytes(out -> write(out, local));
  }

  private void write(DataOutput out, boolean local) throws IOException {
    out.writeByte(LAYOUT);
    out.writeByte(status.ordinal());
    out.writeLong(expiresAt);
    switch (status) {
      case SCORED -> writeScored(scored, scoredOffset, out, local);
      case LABEL_WAITING -> {
        out.writeUTF(transactionId);
        out.writeBoolean(label);
        out.writeLong(labelTime);
      }
      default -> out.writeUTF(transactionId);
    }
  }

  private void read(DataInput in) throws IOException {
    int layout = in.readUnsignedByte();
    if (layout != LAYOUT) {
      throw new IOException("label-join layout " + layout + " is not supported (reads 1)");
    }
    int s = in.readUnsignedByte();
    if (!isStoredStatus(s)) {
      throw new IOException("unknown label-join status " + s);
    }
    status = Status.values()[s];
    expiresAt = in.readLong();
    switch (status) {
      case LABEL_WAITING -> {
        transactionId = in.readUTF();
        label = in.readBoolean();
        labelTime = in.readLong();
      }
      case CLOSED -> transactionId = in.readUTF();
      default -> throw new IOException("a scored label-join state is read by fromBytes");
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  @Override
  public String toString() {
    String id =
        status == Status.SCORED
            ? ExampleCodec.scoredTransactionId(scored, scoredOffset)
            : transactionId;
    return "LabelJoinState[" + status + " " + id + " expires " + expiresAt + "]";
  }
}
