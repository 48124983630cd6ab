package io.streamlearn.monitoring.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

  @Test
  void matchesScipysExactPValuesOnFixedSamples() {
    // scipy.stats.ks_2samp(a, b, method="exact"), scipy 1.17.1
    double[] a = {
      0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37,
      1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47
    };
    double[] b = {
      2.2, 1.66, 1.38, 0.2, 0.36, 0.0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37,
      0.38, 0.7, 0.52, -0.72
    };
    KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(a, b);
    assertThat(result.exact()).isTrue();
    assertThat(result.statistic()).isCloseTo(0.23, within(1e-12));
    assertThat(result.pValue()).isCloseTo(0.5286364448145011, within(1e-12));

    double[] c = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] d = {4.5, 6.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5};
    assertThat(KolmogorovSmirnov.test(c, d).statistic()).isCloseTo(0.6, within(1e-12));
    assertThat(KolmogorovSmirnov.test(c, d).pValue()).isCloseTo(0.05244755244755244, within(1e-13));

    // fully separated samples of five: only 2 of the C(10, 5) = 252 orderings reach D = 1
    double[] low = {1, 2, 3, 4, 5};
    double[] high = {6, 7, 8, 9, 10};
    assertThat(KolmogorovSmirnov.test(low, high).pValue()).isCloseTo(2.0 / 252, within(1e-15));
  }

  @Test
  void exactPValuesOfEqualSizesMatchTheGnedenkoKorolyukFormula() {
    // P(D >= k/n) = 2 Σ_{j>=1} (-1)^(j+1) C(2n, n - jk) / C(2n, n) for n = m
    for (int n = 2; n <= 40; n++) {
      for (int k = 1; k <= n; k++) {
        double sum = 0;
        for (int j = 1; j * k <= n; j++) {
          double ratio = Math.exp(logChoose(2 * n, n - j * k) - logChoose(2 * n, n));
          sum += (j % 2 == 1 ? 2 : -2) * ratio;
        }
        assertThat(KolmogorovSmirnov.exactPValue((double) k / n, n, n))
            .as("n=%d k=%d", n, k)
            .isCloseTo(Math.min(1, sum), within(1e-12));
      }
    }
  }

  @Test
  void exactPValuesOfUnequalSizesMatchAnEnumerationOfAllOrderings() {
    int n = 5;
    int m = 7;
    // every way of choosing which 5 of the 12 ranks belong to the reference sample
    TreeMap<Long, Integer> countByScaledD = new TreeMap<>();
    int total = 0;
    for (int mask = 0; mask < 1 << (n + m); mask++) {
      if (Integer.bitCount(mask) != n) {
        continue;
      }
      double[] a = new double[n];
      double[] b = new double[m];
      int ia = 0;
      int ib = 0;
      for (int rank = 0; rank < n + m; rank++) {
        if ((mask & (1 << rank)) != 0) {
          a[ia++] = rank;
        } else {
          b[ib++] = rank;
        }
      }
      countByScaledD.merge(KolmogorovSmirnov.scaledStatistic(a, b), 1, Integer::sum);
      total++;
    }
    assertThat(total).isEqualTo(792);
    int atLeast = 0;
    for (var entry : countByScaledD.descendingMap().entrySet()) {
      atLeast += entry.getValue();
      double d = (double) entry.getKey() / (n * m);
      assertThat(KolmogorovSmirnov.exactPValue(d, n, m))
          .as("D = %d/35", entry.getKey())
          .isCloseTo((double) atLeast / total, within(1e-13));
    }
  }

  @Test
  void reproducesTheTableOfCriticalValuesForEqualSampleSizes() {
    // Two-sided critical K (reject when D >= K/n) for n = m at alpha 0.05 and 0.01,
    // F. J. Massey, "The distribution of the maximum deviation between two sample cumulative
    // step functions", Ann. Math. Statist. 22, 1951 (as tabulated in Siegel & Castellan, Table L).
    int[][] table = {{5, 5, 5}, {8, 6, 7}, {10, 7, 8}, {15, 8, 9}, {20, 9, 11}};
    for (int[] row : table) {
      int n = row[0];
      assertThat(criticalK(n, 0.05)).as("n=%d alpha=0.05", n).isEqualTo(row[1]);
      assertThat(criticalK(n, 0.01)).as("n=%d alpha=0.01", n).isEqualTo(row[2]);
    }
  }

  private static int criticalK(int n, double alpha) {
    for (int k = 1; k <= n; k++) {
      if (KolmogorovSmirnov.exactPValue((double) k / n, n, n) <= alpha) {
        return k;
      }
    }
    return -1;
  }

  @Test
  void kolmogorovDistributionHasItsTabulatedQuantiles() {
    // K_{0.10} = 1.2238, K_{0.05} = 1.3581, K_{0.01} = 1.6276 (Smirnov 1948)
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(1.2238)).isCloseTo(0.10, within(1e-4));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(1.3581)).isCloseTo(0.05, within(1e-4));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(1.6276)).isCloseTo(0.01, within(1e-4));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(0.5)).isCloseTo(0.963945, within(1e-6));
    assertThat(KolmogorovSmirnov.kolmogorovSurvival(0)).isEqualTo(1.0);
  }

  @Test
  void bothSeriesOfTheKolmogorovDistributionAgreeWhereTheyMeet() {
    double below = KolmogorovSmirnov.kolmogorovSurvival(Math.nextDown(1.18));
    double above = KolmogorovSmirnov.kolmogorovSurvival(1.18);
    assertThat(below).isCloseTo(above, within(1e-14));
  }

  @Test
  void usesTheAsymptoticDistributionForLargeSamplesAndItIsCloseToTheExactOne() {
    double[] a = new double[120];
    double[] b = new double[150];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i * 0.37) % 1.0;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = Math.pow((i * 0.53) % 1.0, 1.3);
    }
    KolmogorovSmirnov.Result result = KolmogorovSmirnov.test(a, b);
    assertThat(result.exact()).isFalse();
    assertThat(result.statistic()).isCloseTo(0.10833333333333334, within(1e-12));
    // scipy.stats.ks_2samp(..., method="exact") gives 0.38772740023281366
    double exact = KolmogorovSmirnov.exactPValue(result.statistic(), 120, 150);
    assertThat(exact).isCloseTo(0.38772740023281366, within(1e-10));
    assertThat(result.pValue()).isCloseTo(exact, within(0.01));

    // D of two samples of 100 takes the values k/100: the continuous approximation falls between
    // the exact P(D >= k/100) and P(D >= (k+1)/100)
    for (int k = 8; k <= 30; k++) {
      double asymptotic = KolmogorovSmirnov.asymptoticPValue(k / 100.0, 100, 100);
      assertThat(asymptotic)
          .as("D = %d/100", k)
          .isBetween(
              KolmogorovSmirnov.exactPValue((k + 1) / 100.0, 100, 100) - 0.002,
              KolmogorovSmirnov.exactPValue(k / 100.0, 100, 100) + 0.002);
    }
  }

  @Test
  void stepsOverTiedValuesTogether() {
    double[] a = {1, 1, 2};
    double[] b = {1, 2, 2};
    assertThat(KolmogorovSmirnov.test(a, b).statistic()).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(KolmogorovSmirnov.test(a, a.clone()).statistic()).isZero();
    assertThat(KolmogorovSmirnov.test(a, a.clone()).pValue()).isEqualTo(1.0);
  }

  @Test
  void pValuesAreUniformUnderTheNullHypothesis() {
    Random random = new Random(21);
    int trials = 2_000;
    int belowFivePercent = 0;
    for (int t = 0; t < trials; t++) {
      double[] a = new double[40];
      double[] b = new double[60];
      for (int i = 0; i < a.length; i++) {
        a[i] = random.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextGaussian();
      }
      if (KolmogorovSmirnov.test(a, b).pValue() <= 0.05) {
        belowFivePercent++;
      }
    }
    // the exact test is slightly conservative (D is discrete): size just below 5%
    assertThat((double) belowFivePercent / trials).isBetween(0.03, 0.06);
  }

  @Test
  void rejectsEmptySamplesAndNaN() {
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {Double.NaN}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  private static double logChoose(int n, int k) {
    return Gamma.logGamma(n + 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(n - k + 1.0);
  }
}
