package io.streamlearn.monitoring.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {

  @Test
  void accumulatesTheDeviationsFromTheRunningMeanMinusDelta() {
    PageHinkley ph = new PageHinkley(30, 0.005, 50, 1.0);
    ph.update(1);
    assertThat(ph.statistic()).isCloseTo(-0.005, within(1e-15));
    ph.update(0);
    assertThat(ph.statistic()).isCloseTo(-0.51, within(1e-15));
    ph.update(1);
    assertThat(ph.statistic()).isCloseTo(-0.51 + (1 - 2.0 / 3) - 0.005, within(1e-15));
    assertThat(ph.estimation()).isCloseTo(2.0 / 3, within(1e-15));
  }

  @Test
  void forgetsOldDeviationsWithAlpha() {
    PageHinkley ph = new PageHinkley(30, 0, 50, 0.5);
    ph.update(0);
    ph.update(4);
    assertThat(ph.statistic()).isCloseTo(2.0, within(1e-15));
    ph.update(4);
    assertThat(ph.statistic()).isCloseTo(0.5 * 2.0 + (4 - 8.0 / 3), within(1e-15));
  }

  @Test
  void flagsNoDriftBeforeMinInstancesMinusOneValues() {
    double[] values = new double[100];
    java.util.Arrays.fill(values, 1, values.length, 100.0);
    List<Integer> at = Streams.drifts(new PageHinkley(30, 0, 1, 1), values);
    assertThat(at.get(0)).isEqualTo(28);
  }

  @Test
  void startsAfreshAfterADrift() {
    PageHinkley ph = new PageHinkley(2, 0, 1, 1);
    ph.update(0);
    ph.update(10);
    assertThat(ph.driftDetected()).isTrue();
    ph.update(3);
    assertThat(ph.driftDetected()).isFalse();
    assertThat(ph.count()).isEqualTo(1);
    assertThat(ph.estimation()).isEqualTo(3.0);
    assertThat(ph.statistic()).isZero();
  }

  @Test
  void detectsOnlyIncreases() {
    assertThat(Streams.drifts(new PageHinkley(), Streams.bernoulli(1, 20_000, 10_000, 0.5, 0.1)))
        .isEmpty();
    assertThat(Streams.drifts(new PageHinkley(), Streams.bernoulli(1, 20_000, 10_000, 0.1, 0.5)))
        .isNotEmpty();
  }

  @Test
  void rejectsInvalidSettingsAndValues() {
    assertThatThrownBy(() -> new PageHinkley(-1, -1, 0, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minInstances")
        .hasMessageContaining("delta")
        .hasMessageContaining("lambda")
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> new PageHinkley().update(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
