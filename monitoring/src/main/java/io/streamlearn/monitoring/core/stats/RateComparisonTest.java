package io.streamlearn.monitoring.core.stats;

/**
 * The exact conditional test of two rates of rare events (Przyborowski and Wileński, 1940; the
 * "C-test" of Krishnamoorthy and Thomson, 2004): {@code x1} events over an exposure {@code n1}
 * against {@code x0} events over {@code n0}. Under the null hypothesis of equal rates, given the
 * total {@code m = x0 + x1}, {@code x1} is binomial with {@code m} trials and probability {@code n1
 * / (n0 + n1)}; the p-values are that binomial's tails. It is the test of a positive-label rate
 * (exposure = labels, events = positives) when positives are rare, and it stays exact for the small
 * counts of short windows, where the normal approximation is not.
 */
public final class RateComparisonTest {

  private RateComparisonTest() {}

  /**
   * The outcome of a comparison.
   *
   * @param upper {@code P(X >= x1)}: small when the current rate is higher
   * @param lower {@code P(X <= x1)}: small when the current rate is lower
   * @param expected the events {@code x1} would have had at the reference's rate, {@code m n1 / (n0
   *     + n1)}
   */
  public record Result(double upper, double lower, double expected) {

    /** Two-sided p-value: twice the smaller tail, at most 1. */
    public double twoSided() {
      return Math.min(1.0, 2 * Math.min(upper, lower));
    }
  }

  /**
   * Compares {@code x1} events over exposure {@code n1} (current) with {@code x0} over {@code n0}
   * (reference).
   *
   * @throws IllegalArgumentException when a count is negative, an exposure is not positive, or a
   *     count exceeds its exposure
   */
  public static Result test(long x1, long n1, long x0, long n0) {
    if (x1 < 0 || x0 < 0 || n1 <= 0 || n0 <= 0 || x1 > n1 || x0 > n0) {
      throw new IllegalArgumentException(
          "rate comparison needs 0 <= x <= n and n > 0, got x1="
              + x1
              + ", n1="
              + n1
              + ", x0="
              + x0
              + ", n0="
              + n0);
    }
    long m = x0 + x1;
    double p = (double) n1 / ((double) n0 + (double) n1);
    if (m == 0) {
      return new Result(1.0, 1.0, 0.0);
    }
    return new Result(upperTail(m, x1, p), lowerTail(m, x1, p), m * p);
  }

  /** {@code P(X >= k)} for {@code X ~ Binomial(m, p)}, {@code 0 < p < 1}. */
  public static double upperTail(long m, long k, double p) {
    if (k <= 0) {
      return 1.0;
    }
    if (k > m) {
      return 0.0;
    }
    // sum the smaller side, from its largest term outwards, in logs (no underflow of the start)
    if (k > m * p) {
      return sumTerms(m, k, m, p);
    }
    return Math.max(0.0, 1.0 - sumTerms(m, 0, k - 1, p));
  }

  /** {@code P(X <= k)} for {@code X ~ Binomial(m, p)}, {@code 0 < p < 1}. */
  public static double lowerTail(long m, long k, double p) {
    if (k >= m) {
      return 1.0;
    }
    if (k < 0) {
      return 0.0;
    }
    if (k < m * p) {
      return sumTerms(m, 0, k, p);
    }
    return Math.max(0.0, 1.0 - sumTerms(m, k + 1, m, p));
  }

  /** {@code Σ_{i=from}^{to} C(m, i) p^i (1-p)^(m-i)}, each term from the log of its pmf. */
  private static double sumTerms(long m, long from, long to, double p) {
    double logP = Math.log(p);
    double logQ = Math.log1p(-p);
    double logMFactorial = Gamma.logGamma(m + 1.0);
    double sum = 0;
    for (long i = from; i <= to; i++) {
      double log =
          logMFactorial
              - Gamma.logGamma(i + 1.0)
              - Gamma.logGamma(m - i + 1.0)
              + i * logP
              + (m - i) * logQ;
      sum += Math.exp(log);
    }
    return Math.min(1.0, sum);
  }
}
