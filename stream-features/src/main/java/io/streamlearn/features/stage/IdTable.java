package io.streamlearn.features.stage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A hash table by string id that keeps its ids flat, the single-task stage's tables' common part
 * ({@link JoinTable}, {@link EntityTable}): open addressing with linear probing over one {@code
 * long} array, {@code stride} words a slot, of which the first two are the id's key words and the
 * others the subclass's; values that are objects are in the subclass's arrays, by slot.
 *
 * <p>An id of at most {@value #MAX_INLINE} characters, each at most U+00FF (decimal and most
 * generated ids), is its key words itself: one byte per character and its length, so a lookup
 * compares two words and reads no string. A longer id is kept as a string; its key words are two
 * hashes of it, and a lookup compares the string when they match. A map of strings costs a node,
 * the id string and its bytes per entry, and a lookup walks them all: in the single-task stage they
 * were the largest part of its time (docs/BENCHMARKS.md, "The single-task stage's tables").
 *
 * <p>A lookup remembers its key and slot: an insertion or update of the same id string next goes
 * there without a second lookup. Queues of ids keep the key words ({@link #queueLast}) and find
 * them again without the string ({@link #locateQueued}). Mutable, single-threaded.
 */
abstract class IdTable {

  /** The longest id kept in the key words. */
  static final int MAX_INLINE = 15;

  /** The offsets of a slot's two key words. */
  static final int K0 = 0;

  static final int K1 = 1;

  /** The top byte of the second key word of an id kept as a string; else it is the length + 1. */
  private static final long LONG_ID = 0xFFL << 56;

  /** Slots per page of a copy ({@link #slotPages()}): 128 KB of slots at four words a slot. */
  static final int PAGE_SLOTS = 1 << 12;

  private static final int INITIAL_CAPACITY = 1 << 12;
  private static final int MAX_CAPACITY = 1 << 28;
  private static final double MAX_LOAD = 0.6;

  /** Words per slot: the two key words, then the subclass's. */
  final int stride;

  long[] slots;

  /** Ids kept as strings by slot, or null until an id does not fit the key words. */
  private String[] longIds;

  private int mask;
  private int size;
  private int limit;

  // the key looked up last, and where
  private long k0;
  private long k1;
  private String keyId;

  /** The slot of the key looked up last: where it is held, or the empty slot its probe ended at. */
  int at = -1;

  /** Whether the key looked up last is held (in {@link #at}). */
  boolean atHeld;

  /**
   * A table of {@code stride} words a slot; the subclass's constructor then calls {@link #init}.
   */
  IdTable(int stride) {
    this.stride = stride;
  }

  /** Makes the first arrays: called by the subclass's constructor, its fields set. */
  final void init() {
    allocate(INITIAL_CAPACITY);
  }

  /** Number of entries held. */
  final int size() {
    return size;
  }

  /** Number of slots. */
  final int capacity() {
    return mask + 1;
  }

  /** Whether {@code slot} holds an entry. */
  final boolean occupied(int slot) {
    return slots[slot * stride + K1] != 0;
  }

  /** The subclass makes its arrays for {@code capacity} slots, empty. */
  abstract void allocateValues(int capacity);

  /** The subclass's arrays, before {@link #allocateValues} replaces them at a growth. */
  abstract Object values();

  /** The subclass copies its values of slot {@code from} of {@code old} ({@link #values}). */
  abstract void copyValues(Object old, int from, int to);

  /** The subclass moves its values of slot {@code from} to {@code to}, within its arrays. */
  abstract void moveValues(int from, int to);

  /** The subclass clears its values of {@code slot}. */
  abstract void clearValues(int slot);

  private void allocate(int capacity) {
    slots = new long[capacity * stride];
    longIds = longIds == null ? null : new String[capacity];
    mask = capacity - 1;
    limit = (int) (capacity * MAX_LOAD);
    allocateValues(capacity);
  }

  /** Looks {@code id} up: sets {@link #at} and {@link #atHeld}. */
  final boolean locate(String id) {
    parse(id);
    probe();
    return atHeld;
  }

  /**
   * Makes {@code id} held, in {@link #at}: where {@link #locate} of the same string left it, or
   * anew. The subclass then writes the values.
   *
   * @return whether it was held already
   */
  final boolean hold(String id) {
    if (id != keyId || at < 0) {
      parse(id);
      probe();
    }
    if (atHeld) {
      return true;
    }
    if (size >= limit) {
      grow();
      probe();
    }
    int s = at * stride;
    slots[s + K0] = k0;
    slots[s + K1] = k1;
    if (isLongId(k1)) {
      if (longIds == null) {
        longIds = new String[mask + 1];
      }
      longIds[at] = id;
    }
    size++;
    atHeld = true;
    return false;
  }

  /** The characters of an id kept in key words, or null when the words are a string's hashes. */
  static byte[] inlineCharacters(long word0, long word1) {
    if (isLongId(word1)) {
      return null;
    }
    byte[] characters = new byte[inlineLength(word1)];
    for (int i = 0; i < characters.length; i++) {
      characters[i] = (byte) inlineCharacter(word0, word1, i);
    }
    return characters;
  }

  /** The length of an id kept in key words, or -1 when the words are a string's hashes. */
  static int inlineLength(long word1) {
    return isLongId(word1) ? -1 : (int) (word1 >>> 56) - 1;
  }

  /** Character {@code i} (below {@link #inlineLength}) of an id kept in key words. */
  static int inlineCharacter(long word0, long word1, int i) {
    return (int) ((i < 8 ? word0 >>> (i << 3) : word1 >>> ((i - 8) << 3)) & 0xFF);
  }

  /**
   * Queues the id last located or held in {@code queue} at {@code deletionTime}, by its key words
   * (and its string if it is kept as one): {@link #locateQueued} finds it again.
   */
  final void queueLast(SingleTaskStage.ExpiryQueue queue, long deletionTime) {
    queue.add(deletionTime, k0, k1, isLongId(k1) ? keyId : null);
  }

  /** Looks up the id of a {@link #queueLast queued} key: sets {@link #at} and {@link #atHeld}. */
  final boolean locateQueued(long word0, long word1, String longId) {
    k0 = word0;
    k1 = word1;
    keyId = longId;
    probe();
    return atHeld;
  }

  /** Deletes the entry found last. */
  final void removeFound() {
    if (at < 0 || !atHeld) {
      throw new IllegalStateException("no entry found to remove");
    }
    removeAt(at);
  }

  /** The id of the entry in {@code slot}: its string, made anew unless it is kept as one. */
  final String idAt(int slot) {
    int s = slot * stride;
    return idOf(slots[s + K0], slots[s + K1], longIds == null ? null : longIds[slot]);
  }

  /**
   * The slots cut in copies of {@link #PAGE_SLOTS} slots each, and the ids kept as strings likewise
   * (null when there are none): what a checkpoint's capture holds, in arrays small enough not to be
   * humongous objects for G1 (which allocates those in the old generation and frees object arrays
   * among them only after a marking cycle).
   */
  final long[][] slotPages() {
    long[][] pages = new long[pageCount()][];
    for (int p = 0; p < pages.length; p++) {
      pages[p] = Arrays.copyOfRange(slots, p * PAGE_SLOTS * stride, (p + 1) * PAGE_SLOTS * stride);
    }
    return pages;
  }

  /** {@link #slotPages()}'s pages of the ids kept as strings, or null. */
  final String[][] longIdPages() {
    return longIds == null ? null : pages(longIds, String[][]::new);
  }

  /** Copies of {@code array} (one value per slot) in pages of {@link #PAGE_SLOTS}. */
  final <T> T[][] pages(T[] array, IntFunction<T[][]> newPages) {
    T[][] pages = newPages.apply(pageCount());
    for (int p = 0; p < pages.length; p++) {
      pages[p] = Arrays.copyOfRange(array, p * PAGE_SLOTS, (p + 1) * PAGE_SLOTS);
    }
    return pages;
  }

  private int pageCount() {
    return Math.max(1, (mask + 1) / PAGE_SLOTS);
  }

  /**
   * The id whose key words are {@code word0} and {@code word1}: made anew from them, or {@code
   * longId} when they are a string's hashes.
   */
  static String idOf(long word0, long word1, String longId) {
    if (isLongId(word1)) {
      return longId;
    }
    if (word1 == 0) {
      return null; // an empty slot
    }
    return new String(inlineCharacters(word0, word1), StandardCharsets.ISO_8859_1);
  }

  /** Sets the key words of {@code id} (and {@link #keyId}). */
  private void parse(String id) {
    keyId = id;
    int n = id.length();
    if (n <= MAX_INLINE) {
      long a = 0;
      long b = 0;
      int i = 0;
      for (; i < n; i++) {
        char c = id.charAt(i);
        if (c > 0xFF) {
          break;
        }
        if (i < 8) {
          a |= (long) c << (i << 3);
        } else {
          b |= (long) c << ((i - 8) << 3);
        }
      }
      if (i == n) {
        k0 = a;
        k1 = b | ((long) (n + 1) << 56);
        return;
      }
    }
    long h = 0x3C6EF372FE94F82BL;
    for (int i = 0; i < n; i++) {
      h = (h ^ id.charAt(i)) * 0x100000001B3L;
    }
    k0 = h;
    k1 = LONG_ID | (id.hashCode() & 0xFFFFFFFFL);
  }

  static boolean isLongId(long word1) {
    return (word1 & LONG_ID) == LONG_ID;
  }

  /** Finds {@link #k0}, {@link #k1} (and {@link #keyId} for an id kept as a string). */
  private void probe() {
    boolean longId = isLongId(k1);
    int i = home(k0, k1);
    while (true) {
      int s = i * stride;
      long word1 = slots[s + K1];
      if (word1 == 0) {
        at = i;
        atHeld = false;
        return;
      }
      if (word1 == k1 && slots[s + K0] == k0 && (!longId || keyId.equals(longIds[i]))) {
        at = i;
        atHeld = true;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private int home(long word0, long word1) {
    long h = word0 * 0x9E3779B97F4A7C15L ^ word1 * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
    h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return (int) (h ^ (h >>> 33)) & mask;
  }

  /** Deletes the entry in {@code slot}, moving back the entries after it that it displaced. */
  private void removeAt(int slot) {
    int hole = slot;
    int i = slot;
    while (true) {
      i = (i + 1) & mask;
      int s = i * stride;
      if (slots[s + K1] == 0) {
        break;
      }
      int home = home(slots[s + K0], slots[s + K1]);
      // the entry in i stays when its home is cyclically in (hole, i]: the hole is not on its probe
      boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (!stays) {
        System.arraycopy(slots, s, slots, hole * stride, stride);
        if (longIds != null) {
          longIds[hole] = longIds[i];
        }
        moveValues(i, hole);
        hole = i;
      }
    }
    Arrays.fill(slots, hole * stride, (hole + 1) * stride, 0L);
    if (longIds != null) {
      longIds[hole] = null;
    }
    clearValues(hole);
    size--;
    at = -1;
    keyId = null;
  }

  private void grow() {
    long[] oldSlots = slots;
    String[] oldLongIds = longIds;
    Object oldValues = values();
    int oldCapacity = mask + 1;
    if (oldCapacity >= MAX_CAPACITY) {
      throw new IllegalStateException("the table of " + size + " entries is full");
    }
    allocate(oldCapacity * 2);
    for (int from = 0; from < oldCapacity; from++) {
      int s = from * stride;
      if (oldSlots[s + K1] == 0) {
        continue;
      }
      int to = home(oldSlots[s + K0], oldSlots[s + K1]);
      while (slots[to * stride + K1] != 0) {
        to = (to + 1) & mask;
      }
      System.arraycopy(oldSlots, s, slots, to * stride, stride);
      if (oldLongIds != null) {
        longIds[to] = oldLongIds[from];
      }
      copyValues(oldValues, from, to);
    }
    at = -1;
  }
}
