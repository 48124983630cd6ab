package io.streamlearn.features.stage;

import io.streamlearn.features.core.LabelJoinState;

/**
 * The single-task stage's label join entries by transaction id, kept flat rather than as objects
 * (an {@link IdTable}): four words a slot, the id's two key words, the entry's time and its flags
 * ({@link LabelJoinState#flatTime()}, {@link LabelJoinState#flatFlags()}), and object arrays only
 * for what is not a number: the target entity ids a transaction keeps until its label joins, and
 * the record of a label waiting for its transaction.
 *
 * <p>So an entry costs no object while it waits for nothing, where a map of entry objects costs
 * five (the map's node, the id string and its bytes, the entry and its state): the stage holds an
 * entry per transaction of the target horizon (37 days for the handbook's features).
 *
 * <p>Entries are read into and written from a {@link JoinEntry} the caller reuses ({@link #find},
 * {@link #put}); the entity ids and the waiting label's record are shared with it, as they never
 * change once set. Mutable, single-threaded; {@link #freeze} for a checkpoint's capture.
 */
final class JoinTable extends IdTable {

  private static final int TIME = 2;
  private static final int FLAGS = 3;

  private String[][] entityIds;

  /** Waiting labels' records by slot, or null until a label waits. */
  private OriginalRecord[] waiting;

  JoinTable() {
    super(4);
    init();
  }

  /**
   * The entries as they are now, copied (in pages: {@link #slotPages()}) so that they can be read
   * on another thread while this table goes on: a checkpoint's capture. Entity ids and records are
   * shared, as they never change.
   */
  Frozen freeze() {
    return new Frozen(
        size(),
        stride,
        slotPages(),
        longIdPages(),
        pages(entityIds, String[][][]::new),
        waiting == null ? null : pages(waiting, OriginalRecord[][]::new));
  }

  /** An entry of a {@link Frozen} copy as it is kept: key words and flat fields. */
  interface FlatEntry {
    void accept(
        long word0,
        long word1,
        String longId,
        int flags,
        long time,
        String[] entityIds,
        OriginalRecord waiting);
  }

  /** What {@link #freeze} copied: immutable. */
  record Frozen(
      int size,
      int stride,
      long[][] slots,
      String[][] longIds,
      String[][][] entityIds,
      OriginalRecord[][] waiting) {

    /** Gives each entry as it is kept to {@code action}: no object is made. */
    void forEachFlat(FlatEntry action) {
      for (int p = 0; p < slots.length; p++) {
        long[] page = slots[p];
        for (int i = 0; i < PAGE_SLOTS; i++) {
          int s = i * stride;
          if (page[s + K1] != 0) { // an empty slot's second key word is 0
            action.accept(
                page[s + K0],
                page[s + K1],
                longIds == null ? null : longIds[p][i],
                (int) page[s + FLAGS],
                page[s + TIME],
                entityIds[p][i],
                waiting == null ? null : waiting[p][i]);
          }
        }
      }
    }
  }

  /**
   * Looks {@code transactionId} up: when it is held, reads its entry into {@code into} and returns
   * true. A {@link #put} of the same id string next writes where this found it, or inserts where
   * this found it missing, without a second lookup.
   */
  boolean find(String transactionId, JoinEntry into) {
    if (locate(transactionId)) {
      load(at, transactionId, into);
      return true;
    }
    return false;
  }

  /** Holds {@code entry} (not empty) as the entry of {@code transactionId}. */
  void put(String transactionId, JoinEntry entry) {
    hold(transactionId);
    LabelJoinState state = entry.state();
    int s = at * stride;
    slots[s + TIME] = state.flatTime();
    slots[s + FLAGS] = state.flatFlags();
    entityIds[at] = state.flatEntityIds();
    if (entry.waitingLabel != null) {
      if (waiting == null) {
        waiting = new OriginalRecord[capacity()];
      }
      waiting[at] = entry.waitingLabel;
    } else if (waiting != null) {
      waiting[at] = null;
    }
  }

  /**
   * Looks up the id of a {@link #queueLast queued} key: when it is held, reads its entry into
   * {@code into} and returns true. The entry's id is read only when a label waits in it (it is then
   * needed for the label's dead letter); otherwise {@code into} has none (see {@link
   * LabelJoinState#setFlat}).
   */
  boolean findQueued(long word0, long word1, String longId, JoinEntry into) {
    if (locateQueued(word0, word1, longId)) {
      int flags = (int) slots[at * stride + FLAGS];
      load(at, (flags & LabelJoinState.HAS_PENDING) != 0 ? idAt(at) : null, into);
      return true;
    }
    return false;
  }

  private void load(int slot, String transactionId, JoinEntry into) {
    int s = slot * stride;
    into.state().setFlat(transactionId, (int) slots[s + FLAGS], slots[s + TIME], entityIds[slot]);
    into.waitingLabel = waiting == null ? null : waiting[slot];
  }

  @Override
  void allocateValues(int capacity) {
    entityIds = new String[capacity][];
    waiting = waiting == null ? null : new OriginalRecord[capacity];
  }

  @Override
  Object values() {
    return new Object[] {entityIds, waiting};
  }

  @Override
  void copyValues(Object old, int from, int to) {
    Object[] arrays = (Object[]) old;
    entityIds[to] = ((String[][]) arrays[0])[from];
    if (arrays[1] != null) {
      waiting[to] = ((OriginalRecord[]) arrays[1])[from];
    }
  }

  @Override
  void moveValues(int from, int to) {
    entityIds[to] = entityIds[from];
    if (waiting != null) {
      waiting[to] = waiting[from];
    }
  }

  @Override
  void clearValues(int slot) {
    entityIds[slot] = null;
    if (waiting != null) {
      waiting[slot] = null;
    }
  }
}
