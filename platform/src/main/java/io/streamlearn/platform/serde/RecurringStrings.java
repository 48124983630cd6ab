package io.streamlearn.platform.serde;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings that recur in every record of a stream, map keys such as feature names and entity
 * keys, shared by their UTF-8 bytes: a record's reader gets the {@code String} an earlier record's
 * reader made for the same bytes, instead of a new one. The strings are then not allocated per
 * record, and their hash codes, which {@code String} caches, are computed once rather than by every
 * map that hashes them. A fixed table of {@value #SLOTS} slots by a hash of the bytes; a slot holds
 * the latest string whose bytes hashed to it (a collision decodes anew, never returns another
 * string), and only strings of at most {@value #MAX_BYTES} bytes are kept. Thread-safe: a slot is
 * an immutable entry, read and replaced whole.
 */
final class RecurringStrings {

  static final int SLOTS = 512;
  static final int MAX_BYTES = 64;

  private record Entry(byte[] utf8, String text) {}

  private static final Entry[] TABLE = new Entry[SLOTS];

  private RecurringStrings() {}

  /**
   * The string of the UTF-8 bytes {@code bytes[start, start + length)}, decoded as {@code new
   * String(bytes, start, length, UTF_8)} decodes them (malformed sequences replaced by U+FFFD).
   */
  static String decode(byte[] bytes, int start, int length) {
    if (length > MAX_BYTES) {
      return new String(bytes, start, length, StandardCharsets.UTF_8);
    }
    int slot = (int) hash(bytes, start, length) & (SLOTS - 1);
    Entry entry = TABLE[slot];
    if (entry != null
        && Arrays.equals(entry.utf8(), 0, entry.utf8().length, bytes, start, start + length)) {
      return entry.text();
    }
    String text = new String(bytes, start, length, StandardCharsets.UTF_8);
    TABLE[slot] = new Entry(Arrays.copyOfRange(bytes, start, start + length), text);
    return text;
  }

  /**
   * A hash of the bytes that reads them eight at a time (a byte at a time, {@code String}'s hash
   * cost more than the decoding it saves).
   */
  private static long hash(byte[] bytes, int start, int length) {
    long h = length;
    int i = start;
    for (int end = start + length - 7; i < end; i += 8) {
      h = (h ^ (long) WORDS.get(bytes, i)) * MIX;
    }
    long tail = 0;
    for (int shift = 0; i < start + length; i++, shift += 8) {
      tail |= (bytes[i] & 0xffL) << shift;
    }
    h = (h ^ tail) * MIX;
    // MurmurHash3's finalizer: a multiplication carries a difference only to higher bits, so
    // names that differ in one character (1DAY, 7DAY) would otherwise share their low bits
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Forgets every string (tests). */
  static void clear() {
    Arrays.fill(TABLE, null);
  }
}
