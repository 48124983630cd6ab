package io.streamlearn.monitoring.core.stats;

/**
 * A small seeded pseudo-random generator whose whole state is one {@code long}, so detectors and
 * monitors that sample can save and restore it exactly: SplitMix64 (G. L. Steele, D. Lea and C. H.
 * Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA 2014; the generator behind {@link
 * java.util.SplittableRandom}). Not for cryptography. Not thread-safe.
 */
public final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  /** A generator starting from {@code seed}. */
  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A uniform double in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A uniform int in [0, bound), without modulo bias (rejection sampling). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0, got " + bound);
    }
    long range = bound;
    while (true) {
      long bits = nextLong() >>> 33;
      long value = bits % range;
      // accept unless value lies in the incomplete last block of [0, 2^31)
      if (bits - value + (range - 1) < (1L << 31)) {
        return (int) value;
      }
    }
  }

  /** The whole state, to save. */
  public long state() {
    return state;
  }

  /** Restores a state returned by {@link #state()}. */
  public void setState(long state) {
    this.state = state;
  }
}
