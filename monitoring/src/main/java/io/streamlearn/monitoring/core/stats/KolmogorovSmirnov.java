package io.streamlearn.monitoring.core.stats;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov–Smirnov test: is a current sample drawn from the same continuous
 * distribution as a reference sample? The statistic is {@code D = sup |F_n(x) - G_m(x)|}, the
 * largest distance between the two empirical distribution functions.
 *
 * <p>p-values, {@code P(D >= d)} under the null hypothesis:
 *
 * <ul>
 *   <li><b>Exact</b> when {@code n * m <= }{@link #EXACT_LIMIT}: the exact distribution of {@code
 *       D} by the lattice-path method (J. L. Hodges, "The significance probability of the Smirnov
 *       two-sample test", Arkiv för Matematik 3, 1958): the {@code C(n+m, n)} orderings of the
 *       pooled sample are equally likely, each is a monotone path from (0, 0) to (n, m), and {@code
 *       P(D < d)} is the share of paths staying strictly inside the band {@code |i/n - j/m| < d},
 *       computed by dynamic programming in {@code O(n m)} with probabilities rather than counts (no
 *       overflow). The result is exact up to rounding (absolute error about 1e-15, so p-values
 *       below about 1e-14 read as 0).
 *   <li><b>Asymptotic</b> otherwise: Kolmogorov's limiting distribution {@code Q(λ) = 2 Σ
 *       (-1)^(k-1) exp(-2 k² λ²)} with Stephens' small-sample correction {@code λ = (√e + 0.12 +
 *       0.11/√e) d}, {@code e = n m / (n + m)} (M. A. Stephens, "Use of the Kolmogorov-Smirnov,
 *       Cramér-von Mises and related statistics without extensive tables", JRSS B 32(1), 1970; as
 *       in Numerical Recipes).
 * </ul>
 *
 * <p>Both assume continuous data, i.e. no ties. With ties the statistic is still computed correctly
 * (equal values are stepped over together), but the true null distribution of {@code D} is then
 * more concentrated and these p-values are conservative (too large): a test at level α keeps its
 * false-alarm rate at or below α.
 */
public final class KolmogorovSmirnov {

  /** Sample-size product {@code n * m} up to which p-values are exact. */
  public static final long EXACT_LIMIT = 10_000;

  private KolmogorovSmirnov() {}

  /**
   * The outcome of a test.
   *
   * @param statistic D, in [0, 1]
   * @param pValue {@code P(D >= statistic)} under the null hypothesis
   * @param referenceSize n
   * @param currentSize m
   * @param exact whether the p-value is exact (else asymptotic)
   */
  public record Result(
      double statistic, double pValue, int referenceSize, int currentSize, boolean exact) {}

  /** Tests two samples (neither is modified; NaN is rejected). */
  public static Result test(double[] reference, double[] current) {
    double[] a = sortedCopy(reference, "reference");
    double[] b = sortedCopy(current, "current");
    return testSorted(a, b);
  }

  /** Tests two samples already sorted in ascending order (not checked). */
  public static Result testSorted(double[] sortedReference, double[] sortedCurrent) {
    int n = sortedReference.length;
    int m = sortedCurrent.length;
    requireNonEmpty(n, m);
    long scaled = scaledStatistic(sortedReference, sortedCurrent);
    double d = (double) scaled / ((long) n * m);
    boolean exact = (long) n * m <= EXACT_LIMIT;
    double p = exact ? exactPValueScaled(scaled, n, m) : asymptoticPValue(d, n, m);
    return new Result(d, p, n, m, exact);
  }

  /** The statistic D of two samples sorted in ascending order. */
  public static double statisticSorted(double[] sortedReference, double[] sortedCurrent) {
    requireNonEmpty(sortedReference.length, sortedCurrent.length);
    return (double) scaledStatistic(sortedReference, sortedCurrent)
        / ((long) sortedReference.length * sortedCurrent.length);
  }

  /**
   * {@code D * n * m}, an integer: the largest {@code |i m - j n|} over the points where {@code i}
   * reference and {@code j} current values are at most x (both samples sorted in ascending order).
   * With {@link #exactPValueScaled} it lets a caller that tests many samples of the same sizes
   * cache p-values by this integer.
   */
  public static long scaledStatistic(double[] a, double[] b) {
    int n = a.length;
    int m = b.length;
    int i = 0;
    int j = 0;
    long max = 0;
    while (i < n && j < m) {
      double x = Math.min(a[i], b[j]);
      while (i < n && a[i] == x) {
        i++;
      }
      while (j < m && b[j] == x) {
        j++;
      }
      max = Math.max(max, Math.abs((long) i * m - (long) j * n));
    }
    return max;
  }

  /** {@code P(D >= d)}, exact when {@code n * m <= EXACT_LIMIT}, asymptotic otherwise. */
  public static double pValue(double d, int n, int m) {
    requireNonEmpty(n, m);
    return (long) n * m <= EXACT_LIMIT ? exactPValue(d, n, m) : asymptoticPValue(d, n, m);
  }

  /**
   * The exact {@code P(D >= d)} for sample sizes n and m (any size; the cost is {@code O(n m)}).
   * {@code d} is rounded to the nearest attainable value {@code k / (n m)} when within 1e-9 of it.
   */
  public static double exactPValue(double d, int n, int m) {
    requireNonEmpty(n, m);
    double scaled = d * n * m;
    long h = Math.round(scaled);
    if (Math.abs(scaled - h) > 1e-9 * Math.max(1.0, scaled)) {
      h = (long) Math.ceil(scaled);
    }
    return exactPValueScaled(h, n, m);
  }

  /** The exact {@code P(D n m >= h)} for sample sizes n and m, {@code O(n m)}. */
  public static double exactPValueScaled(long h, int n, int m) {
    requireNonEmpty(n, m);
    if (h <= 0) {
      return 1.0;
    }
    if (h > (long) n * m) {
      return 0.0;
    }
    // u[j] after row i: the share of the C(i + j, i) monotone paths from (0, 0) to (i, j) that stay
    // strictly inside the band |i m - j n| < h.
    double[] u = new double[m + 1];
    u[0] = 1.0;
    for (int j = 1; j <= m; j++) {
      u[j] = inside(0, j, n, m, h) ? u[j - 1] : 0.0;
    }
    for (int i = 1; i <= n; i++) {
      u[0] = inside(i, 0, n, m, h) ? u[0] : 0.0;
      for (int j = 1; j <= m; j++) {
        u[j] = inside(i, j, n, m, h) ? (u[j] * i + u[j - 1] * j) / (i + j) : 0.0;
      }
    }
    return Math.min(1.0, Math.max(0.0, 1.0 - u[m]));
  }

  private static boolean inside(int i, int j, int n, int m, long h) {
    return Math.abs((long) i * m - (long) j * n) < h;
  }

  /**
   * The asymptotic {@code P(D >= d)}: Kolmogorov's distribution with Stephens' correction (see the
   * class comment).
   */
  public static double asymptoticPValue(double d, int n, int m) {
    requireNonEmpty(n, m);
    if (d <= 0) {
      return 1.0;
    }
    double en = Math.sqrt((double) n * m / ((double) n + m));
    return kolmogorovSurvival((en + 0.12 + 0.11 / en) * d);
  }

  /**
   * The survival function of Kolmogorov's distribution, {@code Q(λ) = P(K > λ) = 2 Σ_{k>=1}
   * (-1)^(k-1) exp(-2 k² λ²)}; for small λ the equivalent series {@code 1 - (√(2π)/λ) Σ_{k>=1}
   * exp(-(2k-1)² π² / (8 λ²))} is summed instead, so both converge in a few terms.
   */
  public static double kolmogorovSurvival(double lambda) {
    if (!(lambda > 0)) {
      return 1.0;
    }
    if (lambda < 1.18) {
      double y = Math.exp(-Math.PI * Math.PI / (8 * lambda * lambda));
      double sum = 0;
      for (int k = 1; k <= 50; k++) {
        int odd = 2 * k - 1;
        double term = Math.pow(y, (double) odd * odd);
        sum += term;
        if (term < 1e-17 * sum) {
          break;
        }
      }
      return Math.min(1.0, Math.max(0.0, 1.0 - Math.sqrt(2 * Math.PI) / lambda * sum));
    }
    double x = Math.exp(-2 * lambda * lambda);
    double sum = 0;
    for (int k = 1; k <= 50; k++) {
      double term = Math.pow(x, (double) k * k);
      sum += (k % 2 == 1) ? term : -term;
      if (term < 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return Math.min(1.0, Math.max(0.0, 2 * sum));
  }

  private static double[] sortedCopy(double[] values, String name) {
    double[] copy = values.clone();
    for (double v : copy) {
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("the " + name + " sample contains NaN");
      }
    }
    Arrays.sort(copy);
    return copy;
  }

  private static void requireNonEmpty(int n, int m) {
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException(
          "both samples must be non-empty, got sizes " + n + " and " + m);
    }
  }
}
