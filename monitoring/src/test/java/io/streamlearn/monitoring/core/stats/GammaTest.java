package io.streamlearn.monitoring.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GammaTest {

  @Test
  void logGammaOfIntegersIsTheLogOfTheFactorial() {
    double factorial = 1;
    for (int n = 1; n <= 20; n++) {
      assertThat(Gamma.logGamma(n)).as("n=%d", n).isCloseTo(Math.log(factorial), within(1e-12));
      factorial *= n;
    }
    assertThat(Gamma.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
    assertThat(Gamma.logGamma(0.1)).isCloseTo(2.252712651734206, within(1e-13));
  }

  @Test
  void chiSquareSurvivalMatchesTheTableOfCriticalValues() {
    // upper critical values of the chi-square distribution (e.g. NIST/SEMATECH handbook, 1.3.6.7.4)
    assertThat(Gamma.chiSquareSurvival(3.841, 1)).isCloseTo(0.05, within(1e-4));
    assertThat(Gamma.chiSquareSurvival(5.991, 2)).isCloseTo(0.05, within(1e-4));
    assertThat(Gamma.chiSquareSurvival(18.307, 10)).isCloseTo(0.05, within(1e-4));
    assertThat(Gamma.chiSquareSurvival(15.086, 5)).isCloseTo(0.01, within(1e-4));
    assertThat(Gamma.chiSquareSurvival(6.635, 1)).isCloseTo(0.01, within(1e-4));
    assertThat(Gamma.chiSquareSurvival(124.342, 100)).isCloseTo(0.05, within(1e-4));
    // higher precision, scipy.stats.chi2.sf
    assertThat(Gamma.chiSquareSurvival(3.841458820694124, 1)).isCloseTo(0.05, within(1e-12));
    assertThat(Gamma.chiSquareSurvival(0.5, 3)).isCloseTo(0.91889141, within(1e-8));
    assertThat(Gamma.chiSquareSurvival(100, 80)).isCloseTo(0.06457037, within(1e-8));
  }

  @Test
  void chiSquareWithTwoDegreesOfFreedomIsExponential() {
    for (double x = 0.1; x < 60; x *= 1.7) {
      double expected = Math.exp(-x / 2);
      assertThat(Gamma.chiSquareSurvival(x, 2))
          .isCloseTo(expected, within(1e-13 + 1e-12 * expected));
    }
  }

  @Test
  void lowerAndUpperFunctionsAddUpToOne() {
    for (double a : new double[] {0.3, 1, 2.5, 10, 77}) {
      for (double x : new double[] {0.01, 0.5, 1, 3, 9.9, 12, 80, 200}) {
        assertThat(Gamma.regularizedP(a, x) + Gamma.regularizedQ(a, x))
            .as("a=%f x=%f", a, x)
            .isCloseTo(1.0, within(1e-13));
      }
    }
    assertThat(Gamma.regularizedP(3, 0)).isZero();
    assertThat(Gamma.regularizedQ(3, Double.POSITIVE_INFINITY)).isZero();
  }

  @Test
  void rejectsArgumentsOutsideTheDomain() {
    assertThatThrownBy(() -> Gamma.logGamma(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gamma.regularizedQ(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gamma.chiSquareSurvival(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
