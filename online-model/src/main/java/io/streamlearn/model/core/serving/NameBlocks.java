package io.streamlearn.model.core.serving;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feature-name blocks of encoded scored events ({@link ExampleCodec}, layout 2: a scored
 * event's names, one {@code UTF} each, in ascending order, written together before the values),
 * each kept once per process under a 64-bit fingerprint of its bytes.
 *
 * <p>Two uses. A decoder takes a block's names from here, so that the examples of a stream share
 * one array of {@code String}s instead of decoding fifteen-odd names per example. And state that
 * never leaves the process (the Flink label join's heap state) holds a block's fingerprint instead
 * of its bytes, some 430 of a scored event's 700 bytes for the default spec; the bytes that leave
 * the process (checkpoints, topics) hold the names again ({@link LabelJoinState#portable}).
 *
 * <p>Bounded: at most {@link #MAX_BLOCKS} blocks of at most {@link #MAX_BLOCK_BYTES} bytes each. A
 * block that does not fit, or whose fingerprint another block already holds, is not kept: its
 * events are decoded and stored with their names, as before, never given another block's names.
 * Thread-safe.
 */
final class NameBlocks {

  static final int MAX_BLOCKS = 1024;
  static final int MAX_BLOCK_BYTES = 64 * 1024;

  /** The blocks of this process. */
  static final NameBlocks SHARED = new NameBlocks(MAX_BLOCKS);

  /**
   * A block: its fingerprint, its {@code UTF} bytes and its names (ascending and distinct).
   *
   * @param fingerprint the fingerprint of {@code utf}
   * @param utf the block's bytes; never changed
   * @param names the block's names; never changed
   */
  record Block(long fingerprint, byte[] utf, String[] names) {}

  private final int capacity;
  private final ConcurrentHashMap<Long, Block> byFingerprint = new ConcurrentHashMap<>();
  private volatile Block last;

  NameBlocks(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The block of the {@code count} names encoded in {@code bytes[from, to)}, kept from now on;
   * {@code null} when it is not kept (too large, names not ascending and distinct, its fingerprint
   * held by other names, or no room left).
   */
  Block block(byte[] bytes, int from, int to, int count) {
    Block recent = last;
    if (recent != null && Arrays.equals(recent.utf, 0, recent.utf.length, bytes, from, to)) {
      return recent;
    }
    if (to - from > MAX_BLOCK_BYTES) {
      return null;
    }
    return block(bytes, from, to, count, fingerprint(bytes, from, to));
  }

  /** {@link #block(byte[], int, int, int)} of a block whose fingerprint is {@code fingerprint}. */
  Block block(byte[] bytes, int from, int to, int count, long fingerprint) {
    Block known = byFingerprint.get(fingerprint);
    if (known == null) {
      if (byFingerprint.size() >= capacity) {
        return null;
      }
      String[] names = names(bytes, from, to, count);
      if (names == null) {
        return null;
      }
      Block fresh = new Block(fingerprint, Arrays.copyOfRange(bytes, from, to), names);
      known = byFingerprint.putIfAbsent(fingerprint, fresh);
      if (known == null) {
        last = fresh;
        return fresh;
      }
    }
    if (!Arrays.equals(known.utf, 0, known.utf.length, bytes, from, to)) {
      return null; // another block's fingerprint
    }
    last = known;
    return known;
  }

  /** The block kept under {@code fingerprint}; {@code null} when none is. */
  Block find(long fingerprint) {
    Block recent = last;
    return recent != null && recent.fingerprint == fingerprint
        ? recent
        : byFingerprint.get(fingerprint);
  }

  /** How many blocks are kept. */
  int size() {
    return byFingerprint.size();
  }

  /** The version of {@link #export()}'s form of a block. */
  private static final int EXPORT_VERSION = 1;

  /** Where a block's bytes start in its exported form: version, fingerprint, name count. */
  private static final int EXPORT_HEADER = 13;

  /**
   * Every block kept, each as bytes {@link #restore} reads (a version, the block's fingerprint, the
   * name count, the block's bytes): what state in the local form may refer to, for a checkpoint to
   * carry beside it. The fingerprint travels with the block, so that local bytes read back find
   * their block under the fingerprint they hold even if a later build computed fingerprints
   * otherwise.
   */
  List<byte[]> export() {
    List<byte[]> blocks = new ArrayList<>(byFingerprint.size());
    for (Block block : byFingerprint.values()) {
      byte[] exported = new byte[EXPORT_HEADER + block.utf.length];
      exported[0] = EXPORT_VERSION;
      ExampleCodec.putLong(exported, 1, block.fingerprint);
      ExampleCodec.putInt(exported, 9, block.names.length);
      System.arraycopy(block.utf, 0, exported, EXPORT_HEADER, block.utf.length);
      blocks.add(exported);
    }
    return blocks;
  }

  /**
   * Keeps the block {@link #export()} wrote, under the fingerprint it was saved with, in a process
   * that restores state in the local form which refers to it; a block already kept is left as it
   * is. Kept even past {@link #MAX_BLOCKS}: restored state needs it.
   *
   * @throws IllegalArgumentException when the bytes are not an exported block
   * @throws IllegalStateException when its fingerprint is held by another block
   */
  void restore(byte[] exported) {
    if (exported.length < EXPORT_HEADER || exported[0] != EXPORT_VERSION) {
      throw new IllegalArgumentException(
          "a saved feature-name block has "
              + (exported.length < EXPORT_HEADER
                  ? exported.length + " bytes"
                  : "version " + exported[0] + "; this build reads " + EXPORT_VERSION));
    }
    long fingerprint = ExampleCodec.getLong(exported, 1);
    int count;
    try {
      count = ExampleCodec.getInt(exported, 9);
    } catch (IOException e) { // the header's length was checked above
      throw new IllegalArgumentException("a saved feature-name block: " + e.getMessage(), e);
    }
    String[] names = count < 0 ? null : names(exported, EXPORT_HEADER, exported.length, count);
    if (names == null) {
      throw new IllegalArgumentException(
          "a saved feature-name block does not hold " + count + " names in ascending order");
    }
    byte[] utf = Arrays.copyOfRange(exported, EXPORT_HEADER, exported.length);
    Block known = byFingerprint.putIfAbsent(fingerprint, new Block(fingerprint, utf, names));
    if (known != null && !Arrays.equals(known.utf, utf)) {
      throw new IllegalStateException(
          "a saved feature-name block has fingerprint "
              + Long.toHexString(fingerprint)
              + ", which another block of this process holds: restore the job in a fresh process");
    }
  }

  /** Forgets every block, as a new process starts (tests). */
  void clear() {
    byFingerprint.clear();
    last = null;
  }

  /**
   * A 64-bit fingerprint of {@code bytes[from, to)}: eight bytes at a time, multiplied in, then
   * MurmurHash3's finalizer. Not cryptographic: a block whose fingerprint is taken is refused.
   */
  static long fingerprint(byte[] bytes, int from, int to) {
    long h = 0x9E3779B97F4A7C15L ^ (to - from);
    int p = from;
    for (; p + 8 <= to; p += 8) {
      h = (h ^ ExampleCodec.getLong(bytes, p)) * 0xC2B2AE3D27D4EB4FL;
      h = Long.rotateLeft(h, 31);
    }
    long tail = 0;
    for (; p < to; p++) {
      tail = (tail << 8) | (bytes[p] & 0xFF);
    }
    h = (h ^ tail) * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  /**
   * The {@code count} names of the block, decoded as the codec decodes them, or {@code null} unless
   * they fill it exactly and are ascending and distinct.
   */
  private static String[] names(byte[] bytes, int from, int to, int count) {
    String[] names;
    try {
      if (ExampleCodec.skipNames(bytes, from, count) != to) {
        return null;
      }
      names = ExampleCodec.names(bytes, from, count);
    } catch (IOException e) {
      return null;
    }
    for (int i = 1; i < count; i++) {
      if (names[i - 1].compareTo(names[i]) >= 0) {
        return null;
      }
    }
    return names;
  }
}
