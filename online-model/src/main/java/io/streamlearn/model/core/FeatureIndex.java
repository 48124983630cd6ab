package io.streamlearn.model.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Interns feature names to dense slots 0, 1, 2, ... in order of first appearance, so that a learner
 * keeps its per-feature state in plain arrays and pays one hash lookup per feature and call.
 *
 * <p>Open addressing with linear probing over a power-of-two table, Fibonacci-hashed; a lookup
 * allocates nothing. A name keeps its slot forever (learners keep the state of features that stop
 * appearing). Not thread-safe, like the learners that own it.
 */
public final class FeatureIndex {

  private static final int MIN_TABLE = 16;
  // Fibonacci hashing: the top bits of hash * 2^32 / phi pick the bucket.
  private static final int GOLDEN = 0x9E3779B9;

  private String[] names = new String[MIN_TABLE / 2];
  private String[] table = new String[MIN_TABLE];
  private int[] slots = new int[MIN_TABLE];
  private int shift = 32 - Integer.numberOfTrailingZeros(MIN_TABLE);
  private int size;

  /** The slot of {@code name}, or -1 when it was never interned. */
  public int indexOf(String name) {
    String[] t = table;
    int mask = t.length - 1;
    int i = (name.hashCode() * GOLDEN) >>> shift;
    while (true) {
      String k = t[i];
      if (k == null) {
        return -1;
      }
      if (k == name || k.equals(name)) {
        return slots[i];
      }
      i = (i + 1) & mask;
    }
  }

  /** The slot of {@code name}, giving it the next free slot when it is new. */
  public int intern(String name) {
    String[] t = table;
    int mask = t.length - 1;
    int i = (name.hashCode() * GOLDEN) >>> shift;
    while (true) {
      String k = t[i];
      if (k == null) {
        return add(name, i);
      }
      if (k == name || k.equals(name)) {
        return slots[i];
      }
      i = (i + 1) & mask;
    }
  }

  /** How many names were interned; slots are {@code 0 .. size() - 1}. */
  public int size() {
    return size;
  }

  /** The name held by {@code slot}. */
  public String name(int slot) {
    if (slot < 0 || slot >= size) {
      throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
    }
    return names[slot];
  }

  /** Writes the names in slot order: an int count, then each name as modified UTF-8. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(size);
    for (int s = 0; s < size; s++) {
      out.writeUTF(names[s]);
    }
  }

  /** Reads names written by {@link #writeTo(DataOutput)}; each gets back its slot. */
  public static FeatureIndex readFrom(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new LearnerFormatException("negative feature count " + n);
    }
    FeatureIndex index = new FeatureIndex();
    for (int s = 0; s < n; s++) {
      String name = in.readUTF();
      if (index.intern(name) != s) {
        throw new LearnerFormatException("duplicate feature name '" + name + "'");
      }
    }
    return index;
  }

  private int add(String name, int at) {
    int slot = size;
    if (slot == names.length) {
      names = Arrays.copyOf(names, slot * 2);
    }
    names[slot] = name;
    table[at] = name;
    slots[at] = slot;
    size = slot + 1;
    if (size * 2 > table.length) {
      rehash(table.length * 2);
    }
    return slot;
  }

  private void rehash(int capacity) {
    String[] t = new String[capacity];
    int[] s = new int[capacity];
    int mask = capacity - 1;
    int newShift = 32 - Integer.numberOfTrailingZeros(capacity);
    for (int slot = 0; slot < size; slot++) {
      int i = (names[slot].hashCode() * GOLDEN) >>> newShift;
      while (t[i] != null) {
        i = (i + 1) & mask;
      }
      t[i] = names[slot];
      s[i] = slot;
    }
    table = t;
    slots = s;
    shift = newShift;
  }
}
