package io.streamlearn.monitoring.core.monitor;

/**
 * The outcome of testing one feature in one closed window (alarm or not), for dashboards and
 * metrics.
 *
 * @param subject the feature (or {@code score})
 * @param detector {@code KS}, {@code PSI} or {@code CHI_SQUARE}
 * @param statistic the effect size held against the floor: KS D, the PSI, or Cramér's V
 * @param pValue the raw p-value; NaN when the feature was not tested (too few values)
 * @param adjustedPValue the p-value after the multiple-testing correction; NaN when not tested
 * @param referenceCount values in the reference
 * @param currentCount values in the current window
 * @param significant whether the corrected test rejected "no change"
 * @param alarmed whether it was significant and the effect size reached the floor (before the alert
 *     policy)
 */
public record FeatureTestResult(
    String subject,
    String detector,
    double statistic,
    double pValue,
    double adjustedPValue,
    long referenceCount,
    long currentCount,
    boolean significant,
    boolean alarmed) {}
