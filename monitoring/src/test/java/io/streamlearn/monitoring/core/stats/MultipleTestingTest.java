package io.streamlearn.monitoring.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.monitoring.core.stats.MultipleTesting.Correction;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipleTestingTest {

  // the 15 p-values of Benjamini & Hochberg (1995), section 4.2
  private static final double[] PAPER = {
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719,
    0.6528, 0.7590, 1.000
  };

  @Test
  void benjaminiHochbergRejectsTheFourHypothesesOfThePapersExample() {
    boolean[] rejected = Correction.BENJAMINI_HOCHBERG.reject(PAPER, 0.05);
    assertThat(count(rejected)).isEqualTo(4);
    assertThat(rejected[0] && rejected[1] && rejected[2] && rejected[3]).isTrue();
  }

  @Test
  void bonferroniRejectsOnlyTheThreeBelowAlphaOverK() {
    boolean[] rejected = Correction.BONFERRONI.reject(PAPER, 0.05);
    assertThat(count(rejected)).isEqualTo(3);
    assertThat(count(Correction.NONE.reject(PAPER, 0.05))).isEqualTo(9);
  }

  @Test
  void adjustedPValuesAreMonotoneInTheRawOnes() {
    double[] adjusted = Correction.BENJAMINI_HOCHBERG.adjust(PAPER);
    for (int i = 1; i < adjusted.length; i++) {
      assertThat(adjusted[i]).isGreaterThanOrEqualTo(adjusted[i - 1]);
    }
    assertThat(adjusted[3]).isEqualTo(0.0095 * 15 / 4);
  }

  @Test
  void ignoresTestsThatWereNotRun() {
    double[] p = {0.02, Double.NaN, 0.03};
    boolean[] rejected = Correction.BONFERRONI.reject(p, 0.05);
    assertThat(rejected).containsExactly(true, false, false);
  }

  @Test
  void keepsTheFamilyWiseFalseAlarmRateOfManyNullFeaturesBelowAlpha() {
    Random random = new Random(8);
    int windows = 2_000;
    int features = 50;
    int anyAlarmUncorrected = 0;
    int anyAlarmBonferroni = 0;
    int anyAlarmBh = 0;
    for (int w = 0; w < windows; w++) {
      double[] p = new double[features];
      for (int f = 0; f < features; f++) {
        p[f] = random.nextDouble();
      }
      anyAlarmUncorrected += count(Correction.NONE.reject(p, 0.01)) > 0 ? 1 : 0;
      anyAlarmBonferroni += count(Correction.BONFERRONI.reject(p, 0.01)) > 0 ? 1 : 0;
      anyAlarmBh += count(Correction.BENJAMINI_HOCHBERG.reject(p, 0.01)) > 0 ? 1 : 0;
    }
    assertThat((double) anyAlarmUncorrected / windows).isBetween(0.35, 0.45);
    assertThat((double) anyAlarmBonferroni / windows).isLessThanOrEqualTo(0.015);
    assertThat((double) anyAlarmBh / windows).isLessThanOrEqualTo(0.015);
  }

  @Test
  void rejectsInvalidLevelsAndPValues() {
    assertThatThrownBy(() -> Correction.NONE.reject(PAPER, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Correction.NONE.reject(new double[] {1.5}, 0.05))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int count(boolean[] values) {
    int n = 0;
    for (boolean v : values) {
      n += v ? 1 : 0;
    }
    return n;
  }
}
