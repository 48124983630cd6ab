package io.streamlearn.monitoring.core.monitor;

import io.streamlearn.monitoring.core.stats.MultipleTesting.Correction;
import java.util.Objects;

/**
 * How windowed monitors test a current window against the reference, and what it takes to alarm: a
 * significant p-value after correction for the number of features tested in the window, <b>and</b>
 * an effect size above a floor (large samples make tiny, harmless shifts significant; small samples
 * make large PSI values by chance).
 *
 * @param numericTest the test of numeric features (and scores)
 * @param alpha significance level per window, in (0, 1); with Bonferroni the probability of any
 *     false alarm in a window of a stable stream stays at most alpha
 * @param correction the multiple-testing correction across the features of a window
 * @param minKsStatistic KS: D must reach it to alarm, in [0, 1]
 * @param criticalKsStatistic KS: D at which an alert is CRITICAL rather than WARNING
 * @param psiThreshold PSI: the index must reach it to alarm (&ge; 0; 0.1 is the usual "moderate
 *     shift" line)
 * @param criticalPsi PSI: index at which an alert is CRITICAL (0.25 is the usual "significant
 *     shift" line)
 * @param psiBins PSI: quantile bins of the reference (&ge; 2)
 * @param minCramersV chi-square: Cramér's V must reach it to alarm, in [0, 1] (0.1 is a "small"
 *     effect)
 * @param criticalCramersV chi-square: V at which an alert is CRITICAL (0.3 is a "medium" effect)
 * @param minSamples a feature is tested only with at least this many values in both windows (&ge;
 *     1)
 */
public record DriftTestSettings(
    NumericTest numericTest,
    double alpha,
    Correction correction,
    double minKsStatistic,
    double criticalKsStatistic,
    double psiThreshold,
    double criticalPsi,
    int psiBins,
    double minCramersV,
    double criticalCramersV,
    int minSamples) {

  /** The test applied to numeric values. */
  public enum NumericTest {
    /** Two-sample Kolmogorov–Smirnov; the effect size is D. */
    KS,
    /** Population Stability Index over reference quantile bins; the effect size is the PSI. */
    PSI
  }

  public DriftTestSettings {
    Objects.requireNonNull(numericTest, "numericTest");
    Objects.requireNonNull(correction, "correction");
    StringBuilder errors = new StringBuilder();
    if (!(alpha > 0 && alpha < 1)) {
      errors.append(" alpha must be in (0, 1), got ").append(alpha).append(';');
    }
    if (!(minKsStatistic >= 0
        && minKsStatistic <= criticalKsStatistic
        && criticalKsStatistic <= 1)) {
      errors.append(" need 0 <= minKsStatistic <= criticalKsStatistic <= 1;");
    }
    if (!(psiThreshold >= 0
        && psiThreshold <= criticalPsi
        && criticalPsi < Double.POSITIVE_INFINITY)) {
      errors.append(" need 0 <= psiThreshold <= criticalPsi (finite);");
    }
    if (psiBins < 2) {
      errors.append(" psiBins must be >= 2, got ").append(psiBins).append(';');
    }
    if (!(minCramersV >= 0 && minCramersV <= criticalCramersV && criticalCramersV <= 1)) {
      errors.append(" need 0 <= minCramersV <= criticalCramersV <= 1;");
    }
    if (minSamples < 1) {
      errors.append(" minSamples must be >= 1, got ").append(minSamples).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid drift test settings:" + errors);
    }
  }

  /**
   * KS at alpha 0.01 with Bonferroni, D &ge; 0.1 (critical 0.2), PSI &ge; 0.1 (critical 0.25) on 10
   * bins, Cramér's V &ge; 0.1 (critical 0.3), at least 30 values per window.
   */
  public static DriftTestSettings defaults() {
    return new DriftTestSettings(
        NumericTest.KS, 0.01, Correction.BONFERRONI, 0.1, 0.2, 0.1, 0.25, 10, 0.1, 0.3, 30);
  }

  /** These settings with another numeric test. */
  public DriftTestSettings withNumericTest(NumericTest test) {
    return new DriftTestSettings(
        test,
        alpha,
        correction,
        minKsStatistic,
        criticalKsStatistic,
        psiThreshold,
        criticalPsi,
        psiBins,
        minCramersV,
        criticalCramersV,
        minSamples);
  }

  /** These settings with another alpha and correction. */
  public DriftTestSettings withSignificance(double newAlpha, Correction newCorrection) {
    return new DriftTestSettings(
        numericTest,
        newAlpha,
        newCorrection,
        minKsStatistic,
        criticalKsStatistic,
        psiThreshold,
        criticalPsi,
        psiBins,
        minCramersV,
        criticalCramersV,
        minSamples);
  }

  /** These settings with other effect-size floors (KS D, PSI, Cramér's V), criticals unchanged. */
  public DriftTestSettings withEffectFloors(double ks, double psi, double cramersV) {
    return new DriftTestSettings(
        numericTest,
        alpha,
        correction,
        ks,
        Math.max(ks, criticalKsStatistic),
        psi,
        Math.max(psi, criticalPsi),
        psiBins,
        cramersV,
        Math.max(cramersV, criticalCramersV),
        minSamples);
  }
}
