package io.streamlearn.model.core.tree;

/**
 * The 48-bit linear congruential generator that {@code java.util.Random} specifies (Knuth, The Art
 * of Computer Programming vol. 2, §3.2.1: multiplier 0x5DEECE66D, increment 11), with its state
 * exposed so that a learner can save it in its byte layout. The same seed gives {@code
 * java.util.Random}'s sequence of doubles, which is what MOA's Hoeffding Adaptive Tree draws its
 * bootstrap weights from, one {@code new Random(1)} per node.
 */
final class Lcg48Random {

  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long INCREMENT = 0xBL;
  private static final long MASK = (1L << 48) - 1;

  private long state;

  private Lcg48Random(long state) {
    this.state = state;
  }

  /** The generator {@code new java.util.Random(seed)} would be. */
  static Lcg48Random seeded(long seed) {
    return new Lcg48Random((seed ^ MULTIPLIER) & MASK);
  }

  /** The generator whose {@link #state()} was saved. */
  static Lcg48Random fromState(long state) {
    return new Lcg48Random(state & MASK);
  }

  long state() {
    return state;
  }

  private int next(int bits) {
    state = (state * MULTIPLIER + INCREMENT) & MASK;
    return (int) (state >>> (48 - bits));
  }

  /** A uniform double in [0, 1), as {@code java.util.Random.nextDouble()}. */
  double nextDouble() {
    return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
  }

  /** A Poisson count with mean {@code lambda} &lt; 100, by inversion, as MOA's. */
  int nextPoisson(double lambda) {
    return SplitMix64.poissonByInversion(nextDouble(), lambda);
  }
}
