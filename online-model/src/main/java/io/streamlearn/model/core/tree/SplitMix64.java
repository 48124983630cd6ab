package io.streamlearn.model.core.tree;

/**
 * A seeded pseudo-random generator whose whole state is one {@code long}, so that learners can save
 * and restore it in their byte layouts: SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014).
 *
 * <p>Not thread-safe: every learner, and every member of an ensemble, owns its own generator, which
 * is what makes their results independent of scheduling.
 */
public final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  /** A generator seeded with {@code seed}; equal seeds give equal sequences. */
  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** The next 64 uniformly distributed bits. */
  public long nextLong() {
    long z = state += GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform double in [0, 1), with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A uniform int in [0, bound), without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    int bits;
    int value;
    do {
      bits = (int) (nextLong() >>> 33);
      value = bits % bound;
    } while (bits - value + (bound - 1) < 0);
    return value;
  }

  /**
   * A Poisson-distributed count with mean {@code lambda}, by inversion of the cumulative
   * distribution for {@code lambda < 100} (one uniform draw, as MOA's {@code MiscUtils.poisson})
   * and by the normal approximation above.
   */
  public int nextPoisson(double lambda) {
    if (!(lambda > 0.0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be positive and finite, got " + lambda);
    }
    if (lambda < 100.0) {
      return poissonByInversion(nextDouble(), lambda);
    }
    double x = lambda + Math.sqrt(lambda) * nextGaussian();
    return x < 0.0 ? 0 : (int) Math.floor(x);
  }

  /**
   * The Poisson count with mean {@code lambda} (&lt; 100) whose cumulative probability first
   * exceeds the uniform draw {@code u}, computed as MOA's {@code MiscUtils.poisson}.
   */
  static int poissonByInversion(double u, double lambda) {
    double product = 1.0;
    double sum = 1.0;
    double threshold = u * Math.exp(lambda);
    int i = 1;
    int max = Math.max(100, 10 * (int) Math.ceil(lambda));
    while (i < max && sum <= threshold) {
      product *= lambda / i;
      sum += product;
      i++;
    }
    return i - 1;
  }

  /** A standard normal deviate (Box-Muller, one of the pair). */
  public double nextGaussian() {
    double u1;
    do {
      u1 = nextDouble();
    } while (u1 == 0.0);
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** The whole state, for a byte layout; {@link #fromState(long)} restores it. */
  public long state() {
    return state;
  }

  /** A generator continuing exactly where the one whose {@link #state()} was saved stopped. */
  public static SplitMix64 fromState(long state) {
    return new SplitMix64(state);
  }
}
