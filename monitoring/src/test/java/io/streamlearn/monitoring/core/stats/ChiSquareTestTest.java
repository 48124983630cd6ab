package io.streamlearn.monitoring.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChiSquareTestTest {

  @Test
  void computesTheStatisticAndPValueOfAHandWorkedTable() {
    // expected counts 15, 20, 25 in both rows: X² = 2 (25/15 + 0 + 25/25) = 16/3, two degrees of
    // freedom, so p = exp(-X²/2)
    ChiSquareTest.Result result =
        ChiSquareTest.test(new long[] {10, 20, 30}, new long[] {20, 20, 20});
    assertThat(result.statistic()).isCloseTo(16.0 / 3, within(1e-12));
    assertThat(result.degreesOfFreedom()).isEqualTo(2);
    assertThat(result.pValue()).isCloseTo(Math.exp(-8.0 / 3), within(1e-12));
    assertThat(result.cramersV()).isCloseTo(Math.sqrt(16.0 / 3 / 120), within(1e-12));
  }

  @Test
  void countsACategoryNewInTheCurrentWindowAsAChange() {
    ChiSquareTest.Result result =
        ChiSquareTest.test(
            Map.of("visa", 500L, "mastercard", 500L),
            Map.of("visa", 400L, "mastercard", 400L, "unknown", 200L));
    assertThat(result.degreesOfFreedom()).isEqualTo(2);
    assertThat(result.pValue()).isLessThan(1e-10);
  }

  @Test
  void findsNothingWhenThereIsOnlyOneCategory() {
    ChiSquareTest.Result result = ChiSquareTest.test(new long[] {5, 0}, new long[] {7, 0});
    assertThat(result.pValue()).isEqualTo(1.0);
    assertThat(result.degreesOfFreedom()).isZero();
  }

  @Test
  void falseAlarmRateUnderHomogeneityIsAboutAlpha() {
    Random random = new Random(5);
    double[] probabilities = {0.5, 0.3, 0.15, 0.05};
    int alarms = 0;
    int trials = 2_000;
    for (int t = 0; t < trials; t++) {
      if (ChiSquareTest.test(sample(random, probabilities, 500), sample(random, probabilities, 300))
              .pValue()
          <= 0.05) {
        alarms++;
      }
    }
    assertThat((double) alarms / trials).isBetween(0.035, 0.065);
  }

  private static long[] sample(Random random, double[] probabilities, int n) {
    long[] counts = new long[probabilities.length];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int k = 0;
      while (k < probabilities.length - 1 && u >= probabilities[k]) {
        u -= probabilities[k];
        k++;
      }
      counts[k]++;
    }
    return counts;
  }

  @Test
  void rejectsMismatchedOrEmptyCounts() {
    assertThatThrownBy(() -> ChiSquareTest.test(new long[] {1}, new long[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChiSquareTest.test(new long[] {0, 0}, new long[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one value");
  }
}
