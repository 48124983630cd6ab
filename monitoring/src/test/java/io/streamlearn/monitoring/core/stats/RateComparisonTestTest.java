package io.streamlearn.monitoring.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RateComparisonTestTest {

  /** {@code P(X >= k)} for {@code X ~ Binomial(m, p)}, summed exactly in big decimals. */
  private static double exactUpper(int m, int k, double p) {
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal bp = new BigDecimal(p);
    BigDecimal bq = BigDecimal.ONE.subtract(bp);
    BigDecimal sum = BigDecimal.ZERO;
    BigInteger choose = BigInteger.ONE;
    for (int i = 0; i <= m; i++) {
      if (i > 0) {
        choose = choose.multiply(BigInteger.valueOf(m - i + 1)).divide(BigInteger.valueOf(i));
      }
      if (i >= k) {
        sum = sum.add(new BigDecimal(choose).multiply(bp.pow(i, mc)).multiply(bq.pow(m - i, mc)));
      }
    }
    return sum.doubleValue();
  }

  @Test
  void binomialTailsMatchExactSums() {
    assertThat(RateComparisonTest.upperTail(10, 8, 0.5)).isCloseTo(56.0 / 1024, within(1e-15));
    assertThat(RateComparisonTest.lowerTail(10, 2, 0.5)).isCloseTo(56.0 / 1024, within(1e-15));
    Random random = new Random(3);
    for (int run = 0; run < 200; run++) {
      int m = 1 + random.nextInt(400);
      int k = random.nextInt(m + 2);
      double p = 0.001 + 0.998 * random.nextDouble();
      double exact = exactUpper(m, k, p);
      assertThat(RateComparisonTest.upperTail(m, k, p))
          .as("m=%d k=%d p=%f", m, k, p)
          .isCloseTo(exact, within(1e-12 + 1e-9 * exact));
      double exactLower = 1 - exactUpper(m, k + 1, p);
      assertThat(RateComparisonTest.lowerTail(m, k, p))
          .as("m=%d k=%d p=%f", m, k, p)
          .isCloseTo(exactLower, within(1e-12 + 1e-9 * exactLower));
    }
  }

  @Test
  void farTailsKeepTheirRelativePrecision() {
    // 60 positives where 10 are expected: P(X >= 60), X ~ Binomial(600, 1/60)
    double exact = exactUpper(600, 60, 1.0 / 60);
    assertThat(exact).isLessThan(1e-20);
    assertThat(RateComparisonTest.upperTail(600, 60, 1.0 / 60))
        .isCloseTo(exact, within(exact * 1e-9));
  }

  @Test
  void conditionsOnTheTotalWithTheExposuresShare() {
    // 12 of 1,000 now against 30 of 9,000 before: X ~ Binomial(42, 0.1)
    RateComparisonTest.Result r = RateComparisonTest.test(12, 1_000, 30, 9_000);
    assertThat(r.expected()).isCloseTo(4.2, within(1e-12));
    assertThat(r.upper()).isCloseTo(exactUpper(42, 12, 0.1), within(1e-15));
    assertThat(r.lower()).isCloseTo(1 - exactUpper(42, 13, 0.1), within(1e-15));
    assertThat(r.twoSided()).isCloseTo(2 * r.upper(), within(1e-15));
    assertThat(RateComparisonTest.test(0, 10, 0, 10).twoSided()).isEqualTo(1.0);
  }

  @Test
  void theFalseAlarmRateIsAtMostAlphaUnderEqualRates() {
    Random random = new Random(11);
    int runs = 4_000;
    int rejected = 0;
    double alpha = 0.01;
    for (int run = 0; run < runs; run++) {
      int n1 = 2_000;
      int n0 = 20_000;
      int x1 = 0;
      int x0 = 0;
      for (int i = 0; i < n1; i++) {
        x1 += random.nextDouble() < 0.01 ? 1 : 0;
      }
      for (int i = 0; i < n0; i++) {
        x0 += random.nextDouble() < 0.01 ? 1 : 0;
      }
      if (RateComparisonTest.test(x1, n1, x0, n0).twoSided() <= alpha) {
        rejected++;
      }
    }
    // at most alpha, up to three standard errors
    assertThat((double) rejected / runs)
        .isLessThanOrEqualTo(alpha + 3 * Math.sqrt(alpha * (1 - alpha) / runs));
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> RateComparisonTest.test(5, 4, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x1=5");
    assertThatThrownBy(() -> RateComparisonTest.test(0, 0, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateComparisonTest.test(-1, 10, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
