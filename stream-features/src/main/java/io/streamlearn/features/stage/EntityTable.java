package io.streamlearn.features.stage;

import io.streamlearn.features.core.EntityState;

/**
 * The single-task stage's entity states of one entity key by entity id (an {@link IdTable}: two key
 * words a slot, the states in an array by slot). A lookup reads a slot's key words and the state,
 * not a map's node nor the id's string and bytes. Mutable, single-threaded.
 */
final class EntityTable extends IdTable {

  private EntityState[] states;

  EntityTable() {
    super(2);
    init();
  }

  /** The state of {@code id}, or null; a {@link #put} of the same id string next goes there. */
  EntityState get(String id) {
    return locate(id) ? states[at] : null;
  }

  /**
   * Holds {@code state} as the state of {@code id}.
   *
   * @return whether the id was held already (its expiry is queued then)
   */
  boolean put(String id, EntityState state) {
    boolean held = hold(id);
    states[at] = state;
    return held;
  }

  /** The state of a {@link #queueLast queued} key, or null when it is no longer held. */
  EntityState getQueued(long word0, long word1, String longId) {
    return locateQueued(word0, word1, longId) ? states[at] : null;
  }

  /** The state in {@code slot}, or null when the slot is empty. */
  EntityState stateAt(int slot) {
    return states[slot];
  }

  @Override
  void allocateValues(int capacity) {
    states = new EntityState[capacity];
  }

  @Override
  Object values() {
    return states;
  }

  @Override
  void copyValues(Object old, int from, int to) {
    states[to] = ((EntityState[]) old)[from];
  }

  @Override
  void moveValues(int from, int to) {
    states[to] = states[from];
  }

  @Override
  void clearValues(int slot) {
    states[slot] = null;
  }
}
