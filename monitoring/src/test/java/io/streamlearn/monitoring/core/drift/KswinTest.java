package io.streamlearn.monitoring.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KswinTest {

  /** River's documentation example: 1,000 draws from {0, 1}, then 1,000 from {4, 5, 6, 7}. */
  private static double[] riverExample(long seed) {
    Random random = new Random(seed);
    double[] values = new double[2_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < 1_000 ? random.nextInt(2) : 4 + random.nextInt(4);
    }
    return values;
  }

  @Test
  void detectsTheChangeOfRiversExampleSoonAfterItAndNothingBefore() {
    Kswin kswin = new Kswin(0.0001, 100, 30, 0.1, 42);
    List<Integer> at = Streams.drifts(kswin, riverExample(12345));
    assertThat(at).isNotEmpty();
    assertThat(at.get(0)).isBetween(1_000, 1_035);
  }

  @Test
  void keepsTheMostRecentSampleAfterADrift() {
    Kswin kswin = new Kswin(0.0001, 100, 30, 0.1, 42);
    for (double v : riverExample(1)) {
      kswin.update(v);
      if (kswin.driftDetected()) {
        assertThat(kswin.size()).isEqualTo(30);
        assertThat(kswin.pValue()).isLessThanOrEqualTo(0.0001);
        assertThat(kswin.statistic()).isGreaterThan(0.1);
        return;
      }
    }
    throw new AssertionError("no drift detected");
  }

  @Test
  void testsNothingUntilTheWindowIsFull() {
    Kswin kswin = new Kswin();
    for (int i = 0; i < 99; i++) {
      kswin.update(i < 50 ? 0 : 100);
      assertThat(kswin.pValue()).isNaN();
    }
    kswin.update(100);
    assertThat(kswin.pValue()).isBetween(0.0, 1.0);
  }

  @Test
  void itsCachedPValuesAreTheExactKolmogorovSmirnovOnes() {
    Kswin kswin = new Kswin(3);
    Random random = new Random(4);
    for (int i = 0; i < 2_000; i++) {
      kswin.update(random.nextGaussian() + (i > 1_000 ? 0.5 : 0));
      if (!Double.isNaN(kswin.pValue())) {
        assertThat(kswin.pValue())
            .isEqualTo(
                io.streamlearn.monitoring.core.stats.KolmogorovSmirnov.exactPValue(
                    kswin.statistic(), 30, 30));
      }
    }
  }

  @Test
  void theSeedDecidesTheDrawsAndSoTheResult() {
    double[] values = new double[5_000];
    Random random = new Random(9);
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian() + (i < 2_500 ? 0 : 0.8);
    }
    List<Integer> first = Streams.drifts(new Kswin(1), values);
    assertThat(Streams.drifts(new Kswin(1), values)).isEqualTo(first);
    assertThat(Streams.drifts(new Kswin(2), values)).isNotEqualTo(first);
  }

  @Test
  void rejectsInvalidSettings() {
    assertThatThrownBy(() -> new Kswin(0, 50, 30, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha")
        .hasMessageContaining("windowSize")
        .hasMessageContaining("minStatistic");
  }
}
