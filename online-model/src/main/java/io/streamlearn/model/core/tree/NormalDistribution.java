package io.streamlearn.model.core.tree;

/**
 * The standard normal cumulative distribution function, computed as in the Cephes Math Library (S.
 * L. Moshier, {@code ndtr}, {@code erf}, {@code erfc}; the coefficients are Cephes'), which is also
 * what Weka's {@code Statistics.normalProbability} and hence MOA's Gaussian split estimates use.
 * Relative error below 1e-13 over the double range.
 */
final class NormalDistribution {

  private static final double SQRT_HALF = 0.70710678118654752440;
  private static final double MAX_LOG = 7.09782712893383996843e2;

  private static final double[] P = {
    2.46196981473530512524e-10,
    5.64189564831068821977e-1,
    7.46321056442269912687e0,
    4.86371970985681366614e1,
    1.96520832956077098242e2,
    5.26445194995477358631e2,
    9.34528527171957607540e2,
    1.02755188689515710272e3,
    5.57535335369399327526e2
  };
  private static final double[] Q = {
    1.32281951154744992508e1,
    8.67072140885989742329e1,
    3.54937778887819891062e2,
    9.75708501743205489753e2,
    1.82390916687909736289e3,
    2.24633760818710981792e3,
    1.65666309194161350182e3,
    5.57535340817727675546e2
  };
  private static final double[] R = {
    5.64189583547755073984e-1,
    1.27536670759978104416e0,
    5.01905042251180477414e0,
    6.16021097993053585195e0,
    7.40974269950448939160e0,
    2.97886665372100240670e0
  };
  private static final double[] S = {
    2.26052863220117276590e0,
    9.39603524938001434673e0,
    1.20489539808096656605e1,
    1.70814450747565897222e1,
    9.60896809063285878198e0,
    3.36907645100081516050e0
  };
  private static final double[] T = {
    9.60497373987051638749e0,
    9.00260197203842689217e1,
    2.23200534594684319226e3,
    7.00332514112805075473e3,
    5.55923013010394962768e4
  };
  private static final double[] U = {
    3.35617141647503099647e1,
    5.21357949780152679795e2,
    4.59432382970980127987e3,
    2.26290000613890934246e4,
    4.92673942608635921086e4
  };

  private NormalDistribution() {}

  /** P(Z &lt;= z) for a standard normal Z. */
  static double cdf(double z) {
    double x = z * SQRT_HALF;
    double abs = Math.abs(x);
    if (abs < SQRT_HALF) {
      return 0.5 + 0.5 * erf(x);
    }
    double y = 0.5 * erfc(abs);
    return x > 0 ? 1.0 - y : y;
  }

  /** The error function. */
  static double erf(double x) {
    if (x < 0.0) {
      return -erf(-x);
    }
    if (x > 1.0) {
      return 1.0 - erfc(x);
    }
    double z = x * x;
    return x * polynomial(z, T) / monicPolynomial(z, U);
  }

  /** The complementary error function, 1 - erf(a). */
  static double erfc(double a) {
    double x = Math.abs(a);
    if (x < 1.0) {
      return 1.0 - erf(a);
    }
    double z = -a * a;
    if (z < -MAX_LOG) {
      return a < 0 ? 2.0 : 0.0;
    }
    z = Math.exp(z);
    double p;
    double q;
    if (x < 8.0) {
      p = polynomial(x, P);
      q = monicPolynomial(x, Q);
    } else {
      p = polynomial(x, R);
      q = monicPolynomial(x, S);
    }
    double y = (z * p) / q;
    if (a < 0) {
      y = 2.0 - y;
    }
    if (y == 0.0) {
      return a < 0 ? 2.0 : 0.0;
    }
    return y;
  }

  /** Horner evaluation of c[0] x^n + ... + c[n]. */
  private static double polynomial(double x, double[] c) {
    double result = c[0];
    for (int i = 1; i < c.length; i++) {
      result = result * x + c[i];
    }
    return result;
  }

  /** Horner evaluation of x^n + c[0] x^(n-1) + ... + c[n-1] (leading coefficient 1). */
  private static double monicPolynomial(double x, double[] c) {
    double result = x + c[0];
    for (int i = 1; i < c.length; i++) {
      result = result * x + c[i];
    }
    return result;
  }
}
