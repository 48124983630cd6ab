package io.streamlearn.features.stage;

import io.streamlearn.features.core.ByteReader;
import io.streamlearn.features.core.ByteWriter;
import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.core.LabelJoin;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.core.VectorBuilder;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The feature stage in one task ({@link EnginePlan#SINGLE_TASK}, docs/FEATURES.md, "The single-task
 * plan"): every entity state and the label join of the stage in this object's memory, so that a
 * transaction is applied to all its entities, joined and assembled in one step, without re-keying
 * or stage messages. Engine-independent: an engine feeds it the inputs of every partition in one
 * thread ({@link #accept}), tells it where its watermark is ({@link #advanceWatermark}) and
 * checkpoints it ({@link #snapshot}, {@link #restore}).
 *
 * <p>It computes what the keyed plan computes from the same input order: each step is the same
 * {@link FeatureStage} step, and a state is deleted at the same watermark as the keyed plan's
 * timers would delete it (a state found expired when accessed is deleted first; the others are
 * swept in one-minute buckets of their expiry). In {@link EmitMode#ON_WATERMARK} inputs newer than
 * the watermark wait and are released in the canonical order when it passes them. Mutable,
 * single-threaded, except that a {@link Capture} of it may be encoded on another thread while it
 * goes on (copy-on-write: see {@link #capture}).
 */
public final class SingleTaskStage {

  /** Where the stage's results go. */
  public interface Output {
    /** A transaction's features, with when it entered Kafka. */
    void vector(TransactionFeatures features, long ingestTimeMillis);

    /** A late event or dead letter (each names its topic). */
    void deadLetter(DeadLetterRecord letter);

    /** An entity applied a label outcome (counted as {@link RecordOutcome#OK}). */
    void outcomeApplied();
  }

  /** The width of the expiry sweep buckets. */
  static final long EXPIRY_BUCKET_MILLIS = 60_000L;

  private static final int FORMAT_VERSION = 1;
  private static final int ENTITY_STATE = 1;
  private static final int JOIN_ENTRY = 2;
  private static final int WAITING_INPUT = 3;

  /**
   * A join entry as the join table keeps it (since 2026-11-22; {@link #JOIN_ENTRY} before, still
   * read): the label join's fingerprint, a head byte (the state's flat flags, and whether the id is
   * a string, entity ids follow, a waiting label's record follows), the id (its characters, or the
   * string), the time, the entity ids, the record. No object is made per entry to write it.
   */
  private static final int JOIN_FLAT = 4;

  private static final int LONG_ID = 16;
  private static final int HAS_ENTITY_IDS = 32;
  private static final int HAS_WAITING = 64;

  /**
   * The size of a snapshot chunk: under half of G1's smallest region (1 MB), with the writer's
   * slack, so that no chunk, nor the buffer it is written in, is a humongous object. G1 allocates
   * those in the old generation, and at 1 MB the chunks of each checkpoint could start a concurrent
   * cycle (docs/BENCHMARKS.md, "Pipeline").
   */
  static final int CHUNK_BYTES = 256 * 1024;

  private final FeatureStage stage;
  private final VectorBuilder vectors;
  private final EntityFeatures[] entities;
  private final boolean buffered;
  private final boolean joined;
  private final EntityTable[] states;
  private final ExpiryQueue[] stateExpiries;
  private final JoinTable joins = new JoinTable();
  private final ExpiryQueue joinExpiries = new ExpiryQueue();

  /** The join entry of the input at hand, read from and written to {@link #joins}. */
  private final JoinEntry joinCursor;

  private final TreeMap<Long, List<StageMessage>> waiting = new TreeMap<>();
  private int waitingCount;
  private long watermark = Long.MIN_VALUE;

  /**
   * The deletion time (expiry + 1) of the join entry {@link #joinEntry} last found held, or {@link
   * Long#MAX_VALUE} when none was held: where that entry is queued at the latest.
   */
  private long heldDeletion;

  /** The entity state {@link #state} last found held, or null: put back only if replaced. */
  private EntityState heldState;

  /**
   * How many captures were taken ({@link #capture}). Entity states made since the last one carry
   * this number ({@link EntityState#generation()}) and change in place; an older one may be held by
   * a capture that another thread is encoding, so it is replaced by a copy before it changes. (A
   * capture takes a copy of the join table: its entries are numbers, copied at once.)
   */
  private int generation;

  public SingleTaskStage(FeatureStage stage) {
    this.stage = stage;
    this.vectors = new VectorBuilder(stage.plan());
    this.entities = new EntityFeatures[stage.entityStages()];
    this.states = new EntityTable[entities.length];
    this.stateExpiries = new ExpiryQueue[entities.length];
    for (int e = 0; e < entities.length; e++) {
      entities[e] = stage.entity(e);
      states[e] = new EntityTable();
      stateExpiries[e] = new ExpiryQueue();
    }
    this.buffered = stage.settings().emitMode() == EmitMode.ON_WATERMARK;
    this.joined = stage.needsLabelJoin();
    this.joinCursor = stage.newJoinEntry();
  }

  /**
   * Processes one input: dead-letters it if it failed to decode or validate, holds it back if it is
   * newer than the watermark in {@link EmitMode#ON_WATERMARK}, or applies it now. Labels are
   * ignored when the spec has no target features (they are then not an input of the stage).
   */
  public void accept(SourceEvent event, Output out) {
    if (!event.isValid()) {
      out.deadLetter(stage.deadLetterOf(event));
      return;
    }
    if (event.kind() == SourceEvent.Kind.LABEL && !joined) {
      return;
    }
    if (buffered && event.eventTimeOrMin() > watermark) {
      StageMessage message =
          event.kind() == SourceEvent.Kind.TRANSACTION
              ? new StagedTransaction(
                  event.transaction(),
                  event.original(),
                  new double[entities.length + 1][],
                  List.of())
              : new StagedLabel(event.label(), event.original());
      waiting.computeIfAbsent(message.time(), ignored -> new ArrayList<>(1)).add(message);
      waitingCount++;
      return;
    }
    if (event.kind() == SourceEvent.Kind.TRANSACTION) {
      transaction(event.transaction(), event.original(), watermark, out);
    } else {
      label(event.label(), event.original(), watermark, out);
    }
  }

  /**
   * The watermark moved to {@code newWatermark}: releases the inputs it passed (in {@link
   * EmitMode#ON_WATERMARK}, time by time in the canonical order, each after the states that expire
   * before its time), then deletes the states that expire at or before it.
   */
  public void advanceWatermark(long newWatermark, Output out) {
    if (newWatermark <= watermark) {
      return;
    }
    while (!waiting.isEmpty() && waiting.firstKey() <= newWatermark) {
      Map.Entry<Long, List<StageMessage>> due = waiting.pollFirstEntry();
      long time = due.getKey();
      List<StageMessage> inputs = due.getValue();
      waitingCount -= inputs.size();
      // as the keyed plan's timers: expiries before this time fire first, one at this time after
      expire(time - 1, out);
      inputs.sort(FeatureStage.CANONICAL_ORDER); // stable: arrival order among equals
      for (StageMessage input : inputs) {
        if (input instanceof StagedTransaction staged) {
          transaction(staged.transaction(), staged.original(), time - 1, out);
        } else {
          StagedLabel label = (StagedLabel) input;
          label(label.label(), label.original(), time - 1, out);
        }
      }
    }
    watermark = newWatermark;
    expire(newWatermark, out);
  }

  /**
   * Applies a transaction to each of its entities and to the label join.
   *
   * @param expiredThrough the states whose deletion time is at or before this are deleted first
   */
  private void transaction(
      TransactionEvent transaction, OriginalRecord original, long expiredThrough, Output out) {
    double[] vector = vectors.begin(transaction);
    List<Rejection> rejections = null;
    for (int e = 0; e < entities.length; e++) {
      String id = entities[e].keyOf(transaction);
      Rejection rejection;
      if (id == null) {
        rejection = entities[e].missingKey(transaction);
      } else {
        EntityState state = state(e, id, expiredThrough);
        EntityState held = heldState;
        rejection = vectors.apply(e, state, transaction, vector);
        keep(e, id, state, held);
      }
      if (rejection != null) {
        if (rejections == null) {
          rejections = new ArrayList<>(entities.length);
        }
        rejections.add(rejection);
      }
    }
    if (rejections == null) {
      out.vector(
          new TransactionFeatures(
              transaction.transactionId(),
              transaction.eventTimeMillis(),
              stage.entityIds(transaction),
              stage.plan().specVersion(),
              vectors.finish(vector)),
          FeatureStage.ingestTime(original, transaction.eventTimeMillis()));
    } else {
      StagedTransaction staged =
          new StagedTransaction(
              transaction, original, new double[entities.length + 1][], rejections);
      stage.complete(staged).deadLetters().forEach(out::deadLetter);
    }
    if (joined) {
      boolean held = joinEntry(transaction.transactionId(), expiredThrough, out);
      FeatureStage.JoinStep step = stage.joinTransaction(joinCursor, transaction, original);
      keepJoin(transaction.transactionId(), heldDeletion, held);
      route(step, expiredThrough, out);
    }
  }

  private void label(LabelEvent label, OriginalRecord original, long expiredThrough, Output out) {
    boolean held = joinEntry(label.transactionId(), expiredThrough, out);
    FeatureStage.JoinStep step = stage.joinLabel(joinCursor, new StagedLabel(label, original));
    keepJoin(label.transactionId(), heldDeletion, held);
    route(step, expiredThrough, out);
  }

  private void route(FeatureStage.JoinStep step, long expiredThrough, Output out) {
    for (RoutedOutcome routed : step.outcomes()) {
      EntityState state = state(routed.stage(), routed.entityId(), expiredThrough);
      EntityState held = heldState;
      Optional<DeadLetterRecord> rejected = stage.applyOutcome(routed.stage(), state, routed);
      if (rejected.isPresent()) {
        out.deadLetter(rejected.get());
      } else {
        out.outcomeApplied();
      }
      if (!state.isEmpty()) { // a new state that rejected its first input is not kept
        keep(routed.stage(), routed.entityId(), state, held);
      }
    }
    step.deadLetters().forEach(out::deadLetter);
  }

  /**
   * The state of entity {@code id} of entity stage {@code e}: the one held, or a new one when none
   * is held or the keyed plan would have deleted the held one by now ({@link #keep} it after the
   * input).
   */
  private EntityState state(int e, String id, long expiredThrough) {
    EntityTable table = states[e];
    EntityState state = table.get(id);
    if (state == null || isDue(state, expiredThrough)) {
      heldState = state;
      return current(entities[e].newState());
    }
    if (state.generation() != generation) { // a capture may hold it: change a copy, held instead
      state = current(state.copy());
      table.put(id, state);
    }
    heldState = state;
    return state;
  }

  private EntityState current(EntityState state) {
    state.setGeneration(generation);
    return state;
  }

  /**
   * Holds {@code state} (not empty) as the state of entity {@code id} of entity stage {@code e}.
   *
   * @param held the state held before the input ({@link #heldState}), or null
   */
  private void keep(int e, String id, EntityState state, EntityState held) {
    if (state == held) {
      return; // held already: no second lookup
    }
    EntityTable table = states[e];
    table.put(id, state); // where state() found it or its place: no second lookup
    if (held == null) {
      table.queueLast(stateExpiries[e], state.expiresAt() + 1);
    } // else the id is queued already: the sweep re-checks the state it then finds
  }

  /**
   * Reads the join entry of {@code transactionId} into {@link #joinCursor}: the one held, or a new
   * one when none is held or the keyed plan would have deleted the held one by now (its waiting
   * label is dead-lettered). Sets {@link #heldDeletion}.
   *
   * @return whether an entry was held (even if expired): it is queued already
   */
  private boolean joinEntry(String transactionId, long expiredThrough, Output out) {
    JoinEntry entry = joinCursor;
    if (!joins.find(transactionId, entry)) {
      heldDeletion = Long.MAX_VALUE;
      entry.clear(transactionId);
      return false;
    }
    heldDeletion = entry.expiresAt() + 1;
    if (heldDeletion <= expiredThrough) {
      stage.expireJoin(entry).ifPresent(out::deadLetter); // reads the entry only
      entry.clear(transactionId);
    }
    return true;
  }

  /**
   * Holds {@link #joinCursor} (after a step: not empty) as the join entry of {@code transactionId}.
   * An entry is queued when it is new, and again when its expiry moved to an earlier bucket than
   * the one it was queued in: the transaction of a label that came first gives the entry its own,
   * earlier, expiry (as the keyed plan moves its timer). The copy left in the later bucket then
   * finds the entry gone, or re-queues it.
   *
   * @param before the deletion time of the entry held before the step ({@link #heldDeletion})
   * @param held whether an entry was held before the step
   */
  private void keepJoin(String transactionId, long before, boolean held) {
    joins.put(transactionId, joinCursor);
    long deletion = joinCursor.expiresAt() + 1;
    if (!held || ExpiryQueue.bucketOf(deletion) < ExpiryQueue.bucketOf(before)) {
      joins.queueLast(joinExpiries, deletion);
    }
  }

  private static boolean isDue(EntityState state, long expiredThrough) {
    return state.isEmpty() || state.expiresAt() + 1 <= expiredThrough;
  }

  /** Deletes every state whose deletion time (its expiry + 1) is at or before {@code through}. */
  private void expire(long through, Output out) {
    for (int e = 0; e < entities.length; e++) {
      EntityTable table = states[e];
      ExpiryQueue queue = stateExpiries[e];
      queue.drainDue(
          through,
          (word0, word1, longId) -> {
            EntityState state = table.getQueued(word0, word1, longId);
            if (state == null) { // an id is queued once while it has a state, deleted here only
              throw new IllegalStateException("an entity state queued for expiry is not held");
            }
            if (isDue(state, through)) {
              table.removeFound();
            } else {
              queue.add(state.expiresAt() + 1, word0, word1, longId);
            }
          });
    }
    JoinEntry entry = joinCursor;
    joinExpiries.drainDue(
        through,
        (word0, word1, longId) -> {
          if (!joins.findQueued(word0, word1, longId, entry)) {
            return; // a second copy of an entry deleted already (see keepJoin)
          }
          long deletion = entry.expiresAt() + 1;
          if (deletion <= through) {
            joins.removeFound();
            stage.expireJoin(entry).ifPresent(out::deadLetter);
          } else {
            joinExpiries.add(deletion, word0, word1, longId);
          }
        });
  }

  /** The watermark the stage has reached. */
  public long watermark() {
    return watermark;
  }

  /** Number of entity states held, over all entity stages. */
  public int entityStateCount() {
    int count = 0;
    for (EntityTable table : states) {
      count += table.size();
    }
    return count;
  }

  /** Number of label join entries held. */
  public int joinEntryCount() {
    return joins.size();
  }

  /** Number of inputs waiting for the watermark. */
  public int waitingCount() {
    return waitingCount;
  }

  // ---- checkpoints ----

  /**
   * Writes the whole state (entity states, join entries, waiting inputs) as chunks of about 1 MB:
   * what {@link #capture} takes, encoded at once. The watermark is not part of it: the engine's
   * sources emit it again after a restore.
   */
  public void snapshot(Consumer<byte[]> chunks) {
    held(joins.freeze()).writeTo(chunks); // encoded at once: nothing to copy on write afterwards
  }

  /**
   * Takes what {@link #snapshot} would write now without encoding it: the entity states and the
   * waiting inputs held, by reference, and a copy of the join table ({@link JoinTable#freeze}). The
   * capture can be encoded later, on another thread, while this stage goes on: from now on the
   * stage changes a copy of any entity state the capture holds instead of the object itself (the
   * copy replaces it in the stage), and waiting inputs never change. The cost here is one pass over
   * the entity tables and a copy of the join table's arrays; the encoding, the bulk of a
   * checkpoint, is left to {@link Capture#writeTo}, and the copies of entity states are made one by
   * one as inputs reach them.
   */
  public Capture capture() {
    Capture capture = held(joins.freeze());
    generation++;
    return capture;
  }

  /** What the stage holds now, by reference, with {@code joinTable} as its join entries. */
  private Capture held(JoinTable.Frozen joinTable) {
    String[][] stateIds = new String[entities.length][];
    EntityState[][] heldStates = new EntityState[entities.length][];
    for (int e = 0; e < entities.length; e++) {
      EntityTable table = states[e];
      stateIds[e] = new String[table.size()];
      heldStates[e] = new EntityState[table.size()];
      int i = 0;
      for (int slot = 0; slot < table.capacity(); slot++) {
        if (table.occupied(slot)) {
          stateIds[e][i] = table.idAt(slot);
          heldStates[e][i++] = table.stateAt(slot);
        }
      }
    }
    StageMessage[] inputs = new StageMessage[waitingCount];
    int w = 0;
    for (List<StageMessage> due : waiting.values()) {
      for (StageMessage input : due) {
        inputs[w++] = input;
      }
    }
    return new Capture(
        stateIds, heldStates, joinTable, stage.plan().labelJoin().fingerprint(), inputs);
  }

  /**
   * The state of a stage at a {@link #capture}: immutable as long as the stage follows its
   * copy-on-write rule, so {@link #writeTo} may run on any thread, once or several times.
   */
  public static final class Capture {
    private final String[][] stateIds;
    private final EntityState[][] states;
    private final JoinTable.Frozen joins;
    private final int joinFingerprint;
    private final StageMessage[] waiting;

    private Capture(
        String[][] stateIds,
        EntityState[][] states,
        JoinTable.Frozen joins,
        int joinFingerprint,
        StageMessage[] waiting) {
      this.stateIds = stateIds;
      this.states = states;
      this.joins = joins;
      this.joinFingerprint = joinFingerprint;
      this.waiting = waiting;
    }

    /** Number of entity states captured, over all entity stages. */
    public int entityStateCount() {
      int count = 0;
      for (EntityState[] entityStates : states) {
        count += entityStates.length;
      }
      return count;
    }

    /** Number of join entries captured. */
    public int joinEntryCount() {
      return joins.size();
    }

    /** Number of waiting inputs captured. */
    public int waitingCount() {
      return waiting.length;
    }

    /** Writes the captured state in {@link SingleTaskStage#snapshot}'s format and chunks. */
    public void writeTo(Consumer<byte[]> chunks) {
      ChunkWriter writer = new ChunkWriter(chunks);
      for (int e = 0; e < states.length; e++) {
        for (int i = 0; i < states[e].length; i++) {
          ByteWriter out = writer.next();
          out.writeByte(ENTITY_STATE);
          out.writeVarLong(e);
          out.writeString(stateIds[e][i]);
          out.writeBytes(states[e][i].toBytes());
        }
      }
      joins.forEachFlat(
          (word0, word1, longId, flags, time, entityIds, waitingLabel) -> {
            ByteWriter out = writer.next();
            out.writeByte(JOIN_FLAT);
            out.writeInt(joinFingerprint);
            int length = IdTable.inlineLength(word1);
            out.writeByte(
                flags
                    | (length < 0 ? LONG_ID : 0)
                    | (entityIds != null ? HAS_ENTITY_IDS : 0)
                    | (waitingLabel != null ? HAS_WAITING : 0));
            if (length < 0) {
              out.writeString(longId);
            } else {
              out.writeByte(length);
              for (int i = 0; i < length; i++) {
                out.writeByte(IdTable.inlineCharacter(word0, word1, i));
              }
            }
            out.writeSignedVarLong(time);
            if (entityIds != null) {
              out.writeVarLong(entityIds.length);
              for (String id : entityIds) {
                out.writeNullableString(id);
              }
            }
            if (waitingLabel != null) {
              waitingLabel.write(out);
            }
          });
      for (StageMessage input : waiting) {
        ByteWriter out = writer.next();
        out.writeByte(WAITING_INPUT);
        out.writeBytes(StageCodec.encode(input));
      }
      writer.finish();
    }
  }

  /**
   * Restores what {@link #snapshot} wrote into this stage, which must be new.
   *
   * @throws IllegalArgumentException when a chunk is not of this format or names an entity stage
   *     the spec does not have
   */
  public void restore(Iterable<byte[]> chunks) {
    if (entityStateCount() > 0 || joins.size() > 0 || waitingCount > 0) {
      throw new IllegalStateException("restore into a new single-task stage only");
    }
    for (byte[] chunk : chunks) {
      ByteReader in = new ByteReader(chunk, "single-task feature state");
      int version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "single-task feature state has format version "
                + version
                + "; this build reads "
                + FORMAT_VERSION);
      }
      while (in.remaining() > 0) {
        int type = in.readByte();
        switch (type) {
          case ENTITY_STATE -> {
            long e = in.readVarLong();
            if (e >= entities.length) {
              throw new IllegalArgumentException(
                  "single-task feature state holds entity stage "
                      + e
                      + " but spec "
                      + stage.plan().specVersion()
                      + " has "
                      + entities.length);
            }
            String id = in.readString();
            EntityState state = current(entities[(int) e].decode(in.readBytes()));
            keep((int) e, id, state, states[(int) e].get(id));
          }
          case JOIN_ENTRY -> {
            String id = in.readString();
            JoinEntry entry = stage.decodeJoinEntry(in.readBytes());
            joins.put(id, entry);
            joins.queueLast(joinExpiries, entry.expiresAt() + 1);
          }
          case JOIN_FLAT -> restoreFlatJoinEntry(in);
          case WAITING_INPUT -> {
            StageMessage input = StageCodec.decodeMessage(in.readBytes());
            waiting.computeIfAbsent(input.time(), ignored -> new ArrayList<>(1)).add(input);
            waitingCount++;
          }
          default ->
              throw new IllegalArgumentException(
                  "single-task feature state has an entry of unknown type " + type);
        }
      }
    }
  }

  /** Restores a {@link #JOIN_FLAT} entry (its type byte read). */
  private void restoreFlatJoinEntry(ByteReader in) {
    LabelJoin join = stage.plan().labelJoin();
    if (in.readInt() != join.fingerprint()) {
      throw new IllegalArgumentException(
          "single-task feature state has label join entries written for other target entity keys"
              + " than "
              + join.targetEntityKeys());
    }
    int head = in.readByte();
    if ((head & ~(15 | LONG_ID | HAS_ENTITY_IDS | HAS_WAITING)) != 0) {
      throw new IllegalArgumentException(
          "single-task feature state has a label join entry with malformed flags " + head);
    }
    String id;
    if ((head & LONG_ID) != 0) {
      id = in.readString();
    } else {
      byte[] characters = new byte[in.readByte()];
      for (int i = 0; i < characters.length; i++) {
        characters[i] = (byte) in.readByte();
      }
      id = new String(characters, StandardCharsets.ISO_8859_1);
    }
    long time = in.readSignedVarLong();
    String[] entityIds = null;
    if ((head & HAS_ENTITY_IDS) != 0) {
      int count = in.readCount();
      if (count != join.targetEntityKeys().size()) {
        throw new IllegalArgumentException(
            "single-task feature state has a label join entry with "
                + count
                + " target entity ids, not "
                + join.targetEntityKeys().size());
      }
      entityIds = new String[count];
      for (int i = 0; i < count; i++) {
        entityIds[i] = in.readNullableString();
      }
    }
    JoinEntry entry = joinCursor;
    entry.state().setFlat(id, head & 15, time, entityIds); // checks the flags
    entry.waitingLabel = (head & HAS_WAITING) != 0 ? OriginalRecord.read(in) : null;
    joins.put(id, entry);
    joins.queueLast(joinExpiries, entry.expiresAt() + 1);
  }

  /** Cuts the snapshot into chunks of about {@link #CHUNK_BYTES}. */
  private static final class ChunkWriter {
    private final Consumer<byte[]> chunks;
    private final ByteWriter out = new ByteWriter(CHUNK_BYTES + 4096);
    private boolean started;

    ChunkWriter(Consumer<byte[]> chunks) {
      this.chunks = chunks;
    }

    /** The writer to append the next entry to. */
    ByteWriter next() {
      if (started && out.size() >= CHUNK_BYTES) {
        chunks.accept(out.toByteArray());
        out.reset();
        started = false;
      }
      if (!started) {
        out.writeByte(FORMAT_VERSION);
        started = true;
      }
      return out;
    }

    void finish() {
      if (started) {
        chunks.accept(out.toByteArray());
      }
    }
  }

  /**
   * Ids by deletion time, in buckets of {@link #EXPIRY_BUCKET_MILLIS}: a bucket is due once the
   * watermark reaches its end, and each of its ids is then checked against its state's current
   * deletion time (expiries move; an id is re-queued when its bucket is due rather than moved on
   * every change). An entity id is queued once while it has a state; a join entry's id again when
   * its expiry moves to an earlier bucket (see {@code keepJoin}), and a copy that finds no entry is
   * dropped. Ids are queued as their table's key words ({@link IdTable#queueLast}): a queue holds
   * no strings but ids too long for them.
   */
  static final class ExpiryQueue {
    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private long lastBucket = Long.MIN_VALUE;
    private Bucket last;

    /** Queues a table's key ({@link IdTable#queueLast}). */
    void add(long deletionTime, long word0, long word1, String longId) {
      bucket(deletionTime).add(word0, word1, longId);
    }

    private Bucket bucket(long deletionTime) {
      long bucket = bucketOf(deletionTime);
      if (last == null || bucket != lastBucket) {
        last = buckets.computeIfAbsent(bucket, ignored -> new Bucket());
        lastBucket = bucket;
      }
      return last;
    }

    /**
     * Passes each key of every bucket due at or before {@code through} to {@code action}, the
     * buckets removed first; a key the action adds back must be due later.
     */
    void drainDue(long through, DueKey action) {
      Bucket due;
      while ((due = pollDue(through)) != null) {
        for (int k = 0; k < due.size(); k++) {
          action.accept(due.word0(k), due.word1(k), due.id(k));
        }
      }
    }

    /** The first bucket, removed, if its end is at or before {@code through}. */
    Bucket pollDue(long through) {
      Map.Entry<Long, Bucket> first = buckets.firstEntry();
      if (first == null || first.getKey() > through) {
        return null;
      }
      buckets.pollFirstEntry();
      if (first.getKey() == lastBucket) {
        last = null;
      }
      return first.getValue();
    }

    /** The end of the bucket of {@code time}: the smallest multiple of the width at or after it. */
    static long bucketOf(long time) {
      if (time > Long.MAX_VALUE - EXPIRY_BUCKET_MILLIS) {
        return Long.MAX_VALUE;
      }
      return Math.floorDiv(time + EXPIRY_BUCKET_MILLIS - 1, EXPIRY_BUCKET_MILLIS)
          * EXPIRY_BUCKET_MILLIS;
    }
  }

  /** What is done with a key of a due bucket: its key words, and its id if kept as a string. */
  @FunctionalInterface
  interface DueKey {
    void accept(long word0, long word1, String longId);
  }

  /**
   * The keys of one expiry bucket: a table's key words (with the id where the table keeps it as a
   * string), in arrays that grow.
   */
  static final class Bucket {
    /** Two words a key: two keys at first (most buckets of a sparse stream hold one or two). */
    private long[] words = new long[4];

    /** The ids kept as strings, by key; null until there is one. */
    private String[] longIds;

    private int size;

    void add(long word0, long word1, String longId) {
      if (2 * size == words.length) {
        words = Arrays.copyOf(words, 4 * size);
        if (longIds != null) {
          longIds = Arrays.copyOf(longIds, 2 * size);
        }
      }
      if (longId != null && longIds == null) {
        longIds = new String[words.length / 2];
      }
      words[2 * size] = word0;
      words[2 * size + 1] = word1;
      if (longIds != null) {
        longIds[size] = longId;
      }
      size++;
    }

    int size() {
      return size;
    }

    long word0(int k) {
      return words[2 * k];
    }

    long word1(int k) {
      return words[2 * k + 1];
    }

    /** The id of key {@code k} if the table keeps it as a string, else null. */
    String id(int k) {
      return longIds == null ? null : longIds[k];
    }
  }
}
