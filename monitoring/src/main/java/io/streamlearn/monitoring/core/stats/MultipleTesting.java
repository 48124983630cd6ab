package io.streamlearn.monitoring.core.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Control of false alarms when many features are tested at once: with 50 features each tested at α
 * = 0.01, a window without any drift alarms on at least one feature 40% of the time.
 *
 * <ul>
 *   <li>{@link Correction#BONFERRONI}: reject {@code p_i <= α / k}; the probability of any false
 *       alarm in a window (family-wise error rate) stays at most α, under any dependence.
 *   <li>{@link Correction#BENJAMINI_HOCHBERG}: with {@code p_(1) <= ... <= p_(k)}, reject the
 *       {@code r} smallest where {@code r} is the largest rank with {@code p_(r) <= r α / k}; the
 *       expected share of false alarms among alarms (false discovery rate) stays at most α for
 *       independent or positively dependent tests (Y. Benjamini and Y. Hochberg, "Controlling the
 *       False Discovery Rate", JRSS B 57(1), 1995). More powerful than Bonferroni when several
 *       features drift together.
 *   <li>{@link Correction#NONE}: reject {@code p_i <= α}.
 * </ul>
 */
public final class MultipleTesting {

  private MultipleTesting() {}

  /** How p-values of several simultaneous tests are corrected. */
  public enum Correction {
    NONE,
    BONFERRONI,
    BENJAMINI_HOCHBERG;

    /**
     * Which hypotheses are rejected at level {@code alpha}; a NaN p-value (test not run) is never
     * rejected and does not count towards {@code k}.
     */
    public boolean[] reject(double[] pValues, double alpha) {
      return MultipleTesting.reject(this, pValues, alpha);
    }

    /** Adjusted p-values: reject {@code i} at level α exactly when {@code adjusted[i] <= α}. */
    public double[] adjust(double[] pValues) {
      return MultipleTesting.adjust(this, pValues);
    }
  }

  static boolean[] reject(Correction correction, double[] pValues, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
    double[] adjusted = adjust(correction, pValues);
    boolean[] rejected = new boolean[pValues.length];
    for (int i = 0; i < pValues.length; i++) {
      rejected[i] = adjusted[i] <= alpha;
    }
    return rejected;
  }

  static double[] adjust(Correction correction, double[] pValues) {
    for (double p : pValues) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("p-values must be in [0, 1], got " + p);
      }
    }
    int k = (int) Arrays.stream(pValues).filter(p -> !Double.isNaN(p)).count();
    double[] adjusted = new double[pValues.length];
    switch (correction) {
      case NONE -> System.arraycopy(pValues, 0, adjusted, 0, pValues.length);
      case BONFERRONI -> {
        for (int i = 0; i < pValues.length; i++) {
          adjusted[i] = Math.min(1.0, pValues[i] * k);
        }
      }
      case BENJAMINI_HOCHBERG -> {
        Arrays.fill(adjusted, Double.NaN);
        Integer[] order =
            IntStream.range(0, pValues.length)
                .filter(i -> !Double.isNaN(pValues[i]))
                .boxed()
                .sorted(Comparator.comparingDouble(i -> pValues[i]))
                .toArray(Integer[]::new);
        double running = 1.0;
        for (int rank = k; rank >= 1; rank--) {
          int i = order[rank - 1];
          running = Math.min(running, pValues[i] * k / rank);
          adjusted[i] = running;
        }
      }
    }
    return adjusted;
  }
}
