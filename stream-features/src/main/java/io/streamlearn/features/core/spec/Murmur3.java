package io.streamlearn.features.core.spec;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, SMHasher), over the UTF-8 bytes of a string.
 * Specified bit for bit, so every JVM and engine hashes a category to the same bucket.
 */
final class Murmur3 {

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  static int hash32(String text, int seed) {
    return hash32(text.getBytes(StandardCharsets.UTF_8), seed);
  }

  static int hash32(byte[] data, int seed) {
    int hash = seed;
    int length = data.length;
    int blocks = length & ~3;
    for (int i = 0; i < blocks; i += 4) {
      int k =
          (data[i] & 0xff)
              | (data[i + 1] & 0xff) << 8
              | (data[i + 2] & 0xff) << 16
              | (data[i + 3] & 0xff) << 24;
      hash ^= mixK(k);
      hash = Integer.rotateLeft(hash, 13);
      hash = hash * 5 + 0xe6546b64;
    }
    int remaining = length & 3;
    if (remaining > 0) {
      int k = 0;
      if (remaining == 3) {
        k ^= (data[blocks + 2] & 0xff) << 16;
      }
      if (remaining >= 2) {
        k ^= (data[blocks + 1] & 0xff) << 8;
      }
      k ^= data[blocks] & 0xff;
      hash ^= mixK(k);
    }
    hash ^= length;
    hash ^= hash >>> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >>> 13;
    hash *= 0xc2b2ae35;
    hash ^= hash >>> 16;
    return hash;
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }
}
