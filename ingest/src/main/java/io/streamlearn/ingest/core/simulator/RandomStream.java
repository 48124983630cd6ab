package io.streamlearn.ingest.core.simulator;

/**
 * A small, fully specified pseudo-random generator (SplitMix64, Steele, Lea and Flood, "Fast
 * Splittable Pseudorandom Number Generators", OOPSLA 2014) with the distributions the simulator
 * needs.
 *
 * <p>The simulator does not use {@link java.util.Random} or {@link java.util.SplittableRandom}
 * because their Gaussian sampling is an implementation detail of the JDK: our streams must be
 * byte-identical across JDK versions for a given seed. Every transcendental function goes through
 * {@link StrictMath} for the same reason.
 *
 * <p>Streams are derived from a seed and a path of keys ({@link #derive(long, long...)}), so each
 * customer, day and scenario draws from its own independent stream and the order in which parts of
 * the world are generated never changes what they contain.
 */
public final class RandomStream {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long state;
  private double spareGaussian;
  private boolean hasSpareGaussian;

  private RandomStream(long state) {
    this.state = state;
  }

  /** The stream for {@code seed} and the given path of keys; equal inputs give equal streams. */
  public static RandomStream derive(long seed, long... keys) {
    long h = mix64(seed ^ 0x6A09E667F3BCC909L);
    for (long key : keys) {
      h = mix64((h + GOLDEN_GAMMA) ^ mix64(key * GOLDEN_GAMMA + 0x3C6EF372FE94F82BL));
    }
    return new RandomStream(h);
  }

  /** A uniformly distributed 64-bit value. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** A uniform double in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** A uniform double in [low, high). */
  public double uniform(double low, double high) {
    return low + (high - low) * nextDouble();
  }

  /** A uniform int in [0, bound), without modulo bias (Lemire's multiply-and-reject method). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive but was " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** True with probability {@code p}. */
  public boolean bernoulli(double p) {
    return nextDouble() < p;
  }

  /** A standard normal draw (Marsaglia's polar method). */
  public double gaussian() {
    if (hasSpareGaussian) {
      hasSpareGaussian = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2.0 * nextDouble() - 1.0;
      v = 2.0 * nextDouble() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double factor = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
    spareGaussian = v * factor;
    hasSpareGaussian = true;
    return u * factor;
  }

  /** A normal draw with the given mean and standard deviation. */
  public double normal(double mean, double standardDeviation) {
    return mean + standardDeviation * gaussian();
  }

  /**
   * A Poisson draw by inversion, exact for the small means the simulator uses (at most a few
   * hundred; the options cap a customer's daily mean well below that).
   */
  public int poisson(double mean) {
    if (!(mean >= 0.0) || mean > 700.0) {
      throw new IllegalArgumentException("poisson mean must be in [0, 700] but was " + mean);
    }
    if (mean == 0.0) {
      return 0;
    }
    double u = nextDouble();
    double p = StrictMath.exp(-mean);
    double cumulative = p;
    int k = 0;
    int limit = (int) (mean * 20.0) + 100;
    while (u >= cumulative && k < limit) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
