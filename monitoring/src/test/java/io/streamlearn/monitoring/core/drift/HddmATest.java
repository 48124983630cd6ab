package io.streamlearn.monitoring.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HddmATest {

  @Test
  void warnsBeforeItFlagsADrift() {
    double[] values = Streams.bernoulli(5, 20_000, 10_000, 0.1, 0.3);
    List<Integer> drifts = Streams.drifts(new HddmA(), values);
    int first = drifts.stream().filter(i -> i >= 10_000).findFirst().orElseThrow();
    assertThat(first).isLessThan(11_000);
    assertThat(Streams.warnings(new HddmA(), values))
        .anySatisfy(i -> assertThat(i).isBetween(10_000, first - 1));
  }

  @Test
  void raisesNoFalseAlarmOnStationaryErrorStreams() {
    assertThat(Streams.runsWithFalseAlarms(HddmA::new, 20, 50_000, 0.1)).isZero();
  }

  @Test
  void aFallOfTheMeanRestartsTheTwoSidedStatisticsWithoutADrift() {
    double[] values = Streams.bernoulli(6, 20_000, 10_000, 0.5, 0.1);
    HddmA twoSided = new HddmA();
    HddmA oneSided =
        new HddmA(HddmA.DEFAULT_DRIFT_CONFIDENCE, HddmA.DEFAULT_WARNING_CONFIDENCE, false);
    assertThat(Streams.drifts(twoSided, values)).isEmpty();
    assertThat(Streams.drifts(oneSided, values)).isEmpty();
    assertThat(twoSided.estimation()).isCloseTo(0.1, within(0.03));
    assertThat(oneSided.estimation()).isCloseTo(0.3, within(0.03));
  }

  @Test
  void rejectsValuesOutsideTheUnitInterval() {
    HddmA hddm = new HddmA();
    assertThatThrownBy(() -> hddm.update(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> new HddmA(0.01, 0.001, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("warningConfidence");
  }
}
