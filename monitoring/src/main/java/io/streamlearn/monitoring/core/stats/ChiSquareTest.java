package io.streamlearn.monitoring.core.stats;

import java.util.Map;
import java.util.TreeSet;

/**
 * Pearson's chi-square test of homogeneity between the category counts of a reference window and a
 * current window (a 2 × k contingency table): {@code X² = Σ (O - E)² / E} over both rows and the
 * {@code k} categories seen in either window, with {@code k - 1} degrees of freedom; the p-value is
 * {@code Q((k - 1)/2, X²/2)} ({@link Gamma#chiSquareSurvival}). The effect size is Cramér's {@code
 * V = sqrt(X² / N)} (for two rows), which does not grow with the sample size, in [0, 1].
 *
 * <p>The chi-square approximation wants expected counts of about 5 or more; rare categories should
 * be grouped (e.g. into "other") upstream. Categories seen in one window only are part of the table
 * and count towards the statistic, as they should: a new category is a change.
 */
public final class ChiSquareTest {

  private ChiSquareTest() {}

  /**
   * The outcome of a test.
   *
   * @param statistic X²
   * @param degreesOfFreedom k - 1 (0 when fewer than two categories were seen: nothing to compare)
   * @param pValue {@code P(X² >= statistic)} under homogeneity (1 when there is nothing to compare)
   * @param cramersV the effect size, in [0, 1]
   */
  public record Result(double statistic, int degreesOfFreedom, double pValue, double cramersV) {}

  /** Tests two count vectors over the same categories (counts &ge; 0, both totals &gt; 0). */
  public static Result test(long[] referenceCounts, long[] currentCounts) {
    if (referenceCounts.length != currentCounts.length) {
      throw new IllegalArgumentException(
          "count vectors differ in length: "
              + referenceCounts.length
              + " and "
              + currentCounts.length);
    }
    long referenceTotal = 0;
    long currentTotal = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      if (referenceCounts[i] < 0 || currentCounts[i] < 0) {
        throw new IllegalArgumentException("counts must be >= 0");
      }
      referenceTotal += referenceCounts[i];
      currentTotal += currentCounts[i];
    }
    if (referenceTotal == 0 || currentTotal == 0) {
      throw new IllegalArgumentException(
          "both windows need at least one value, got totals "
              + referenceTotal
              + " and "
              + currentTotal);
    }
    double total = (double) referenceTotal + currentTotal;
    double statistic = 0;
    int categories = 0;
    for (int i = 0; i < referenceCounts.length; i++) {
      long column = referenceCounts[i] + currentCounts[i];
      if (column == 0) {
        continue;
      }
      categories++;
      double expectedReference = column * (referenceTotal / total);
      double expectedCurrent = column * (currentTotal / total);
      double dr = referenceCounts[i] - expectedReference;
      double dc = currentCounts[i] - expectedCurrent;
      statistic += dr * dr / expectedReference + dc * dc / expectedCurrent;
    }
    if (categories < 2) {
      return new Result(0, 0, 1.0, 0);
    }
    int df = categories - 1;
    double p = Gamma.chiSquareSurvival(statistic, df);
    double v = Math.min(1.0, Math.sqrt(statistic / total));
    return new Result(statistic, df, p, v);
  }

  /** Tests two category-to-count maps; a category missing from one map counts 0 there. */
  public static Result test(Map<String, Long> referenceCounts, Map<String, Long> currentCounts) {
    TreeSet<String> categories = new TreeSet<>(referenceCounts.keySet());
    categories.addAll(currentCounts.keySet());
    long[] reference = new long[categories.size()];
    long[] current = new long[categories.size()];
    int i = 0;
    for (String category : categories) {
      reference[i] = referenceCounts.getOrDefault(category, 0L);
      current[i] = currentCounts.getOrDefault(category, 0L);
      i++;
    }
    return test(reference, current);
  }
}
