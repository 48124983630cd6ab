package io.streamlearn.features.core;

/**
 * Double-double arithmetic (Dekker 1971; Knuth TAOCP vol. 2, 4.2.2; Hida, Li and Bailey, QD
 * library): a value is an unevaluated sum {@code hi + lo} of two doubles, about 106 significant
 * bits. Windowed sums and sums of squares are kept this way so that values leaving a window are
 * subtracted without drift, and so that a variance computed as {@code sumSquares - sum^2 / n} does
 * not cancel catastrophically (identical values give exactly 0). A pair lives in two adjacent slots
 * of a {@code double[]}: {@code hi} at {@code i}, {@code lo} at {@code i + 1}.
 */
final class DoubleDouble {

  private DoubleDouble() {}

  /** Adds {@code x} to the pair at {@code i}. */
  static void add(double[] pair, int i, double x) {
    double hi = pair[i];
    double sum = hi + x;
    double virtual = sum - hi;
    double error = (hi - (sum - virtual)) + (x - virtual); // TwoSum: hi + x == sum + error
    double lo = pair[i + 1] + error;
    double newHi = sum + lo; // FastTwoSum renormalisation
    pair[i + 1] = lo - (newHi - sum);
    pair[i] = newHi;
  }

  /** Adds the pair {@code (hi, lo)} to the pair at {@code i}. */
  static void add(double[] pair, int i, double hi, double lo) {
    add(pair, i, hi);
    add(pair, i, lo);
  }

  /** Adds {@code x * x}, computed exactly, to the pair at {@code i}. */
  static void addSquare(double[] pair, int i, double x) {
    double square = x * x;
    add(pair, i, square);
    add(pair, i, Math.fma(x, x, -square));
  }

  /** The sum of the pairs {@code (aHi, aLo)} and {@code (bHi, bLo)}, rounded to a double. */
  static double sum(double aHi, double aLo, double bHi, double bLo) {
    double sum = aHi + bHi;
    double virtual = sum - aHi;
    double error = (aHi - (sum - virtual)) + (bHi - virtual);
    return sum + (error + aLo + bLo);
  }

  /** The pair at {@code i} rounded to a double. */
  static double value(double[] pair, int i) {
    return pair[i] + pair[i + 1];
  }

  /**
   * Population variance of {@code n} values from their double-double sum and sum of squares: {@code
   * (sumSquares - sum^2 / n) / n}, never negative.
   */
  static double variance(double sumHi, double sumLo, double squaresHi, double squaresLo, long n) {
    double square = sumHi * sumHi;
    double squareLo = Math.fma(sumHi, sumHi, -square) + 2.0 * sumHi * sumLo;
    double quotient = square / n;
    double quotientLo = (Math.fma(-quotient, n, square) + squareLo) / n;
    double[] difference = {squaresHi, squaresLo};
    add(difference, 0, -quotient, -quotientLo);
    return Math.max(0.0, value(difference, 0) / n);
  }
}
