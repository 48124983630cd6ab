package io.streamlearn.monitoring.core.stats;

/**
 * The log-gamma function and the regularised incomplete gamma functions {@code P(a, x)} and {@code
 * Q(a, x) = 1 - P(a, x)}, which give the chi-square distribution: {@code P(X > x) = Q(k/2, x/2)}
 * for {@code k} degrees of freedom.
 *
 * <p>{@code ln Γ} by Lanczos' approximation (C. Lanczos, "A Precision Approximation of the Gamma
 * Function", SIAM J. Numer. Anal. B 1, 1964; g = 7, nine coefficients, relative error below 1e-14).
 * {@code P} by its power series when {@code x < a + 1} and {@code Q} by its continued fraction
 * (modified Lentz) otherwise, each converging quickly on its side (W. H. Press et al., Numerical
 * Recipes, 3rd ed., section 6.2); the other is taken as the complement only where it is not small,
 * so tail probabilities keep their relative accuracy.
 */
public final class Gamma {

  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  private static final int MAX_ITERATIONS = 10_000;
  private static final double EPSILON = 1e-16;
  private static final double TINY = 1e-300;

  private Gamma() {}

  /** {@code ln Γ(x)} for {@code x > 0}. */
  public static double logGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
    }
    if (x < 0.5) {
      // reflection: Γ(x) Γ(1 - x) = π / sin(π x)
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  /** The regularised lower incomplete gamma function {@code P(a, x)}, {@code a > 0, x >= 0}. */
  public static double regularizedP(double a, double x) {
    check(a, x);
    if (x == 0) {
      return 0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 1;
    }
    return x < a + 1 ? lowerSeries(a, x) : 1 - upperContinuedFraction(a, x);
  }

  /** The regularised upper incomplete gamma function {@code Q(a, x)}, {@code a > 0, x >= 0}. */
  public static double regularizedQ(double a, double x) {
    check(a, x);
    if (x == 0) {
      return 1;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 0;
    }
    return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
  }

  /** {@code P(X > x)} for X chi-square distributed with {@code degreesOfFreedom} (&gt; 0). */
  public static double chiSquareSurvival(double x, double degreesOfFreedom) {
    if (!(degreesOfFreedom > 0)) {
      throw new IllegalArgumentException("degrees of freedom must be > 0, got " + degreesOfFreedom);
    }
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("x is NaN");
    }
    return x <= 0 ? 1.0 : regularizedQ(degreesOfFreedom / 2, x / 2);
  }

  private static double lowerSeries(double a, double x) {
    double ap = a;
    double term = 1.0 / a;
    double sum = term;
    for (int n = 0; n < MAX_ITERATIONS; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) {
        break;
      }
    }
    return Math.min(1.0, sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
  }

  private static double upperContinuedFraction(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break;
      }
    }
    return Math.min(1.0, Math.exp(-x + a * Math.log(x) - logGamma(a)) * h);
  }

  private static void check(double a, double x) {
    if (!(a > 0) || !(x >= 0)) {
      throw new IllegalArgumentException(
          "incomplete gamma needs a > 0 and x >= 0, got " + a + ", " + x);
    }
  }
}
