package io.streamlearn.model.core.stats;

/** The logistic function and its companions, computed without overflow. */
public final class Logistic {

  private Logistic() {}

  /** {@code 1 / (1 + exp(-z))}, accurate in both tails; 0.5 for NaN. */
  public static double sigmoid(double z) {
    if (z >= 0.0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    if (z < 0.0) {
      double e = Math.exp(z);
      return e / (1.0 + e);
    }
    return 0.5;
  }
}
