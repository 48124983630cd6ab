package io.streamlearn.model.core.serving;

import java.io.UTFDataFormatException;
import java.util.Arrays;

/**
 * The {@code UTF} encodings ({@link java.io.DataOutput#writeUTF}: two-byte length, modified UTF-8)
 * of the strings that recur in every encoded example, the feature names and entity keys, so that
 * the label join encodes a scored event's fifteen-odd names by a lookup and a copy each rather than
 * character by character. A fixed table of {@value #SLOTS} slots by hash code; a slot holds the
 * latest string that hashed to it (a collision re-encodes, never returns another string's bytes).
 * Thread-safe: a slot is an immutable entry, read and replaced whole.
 */
final class UtfCache {

  static final int SLOTS = 512;

  private record Entry(String text, byte[] utf) {}

  private static final Entry[] TABLE = new Entry[SLOTS];

  private UtfCache() {}

  /**
   * The bytes {@code writeUTF(text)} writes. The array is shared: copy it, never change it.
   *
   * @throws UTFDataFormatException when the encoding is longer than 65,535 bytes
   */
  static byte[] encoded(String text) throws UTFDataFormatException {
    int hash = text.hashCode();
    // the high bits too: the low eight alone put two of the default spec's names in one slot
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    Entry entry = TABLE[slot];
    if (entry != null && entry.text().equals(text)) {
      return entry.utf();
    }
    ByteArrayDataOutput out = new ByteArrayDataOutput(2 + text.length());
    out.writeUTF(text);
    byte[] utf = out.toByteArray();
    TABLE[slot] = new Entry(text, utf);
    return utf;
  }

  /** Forgets every encoding (tests). */
  static void clear() {
    Arrays.fill(TABLE, null);
  }
}
