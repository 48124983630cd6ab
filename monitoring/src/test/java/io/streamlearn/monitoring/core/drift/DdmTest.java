package io.streamlearn.monitoring.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DdmTest {

  @Test
  void warnsBeforeItFlagsADrift() {
    double[] values = Streams.bernoulli(2, 20_000, 10_000, 0.1, 0.4);
    List<Integer> drifts = Streams.drifts(new Ddm(), values);
    int firstAfterChange = drifts.stream().filter(i -> i >= 10_000).findFirst().orElseThrow();
    List<Integer> warnings = Streams.warnings(new Ddm(), values);
    assertThat(warnings).anySatisfy(i -> assertThat(i).isBetween(10_000, firstAfterChange - 1));
  }

  @Test
  void flagsNoDriftUntilMoreThanMinInstances() {
    double[] values = new double[300];
    java.util.Arrays.fill(values, 50, values.length, 1.0);
    List<Integer> drifts = Streams.drifts(new Ddm(100, 2, 3), values);
    assertThat(drifts).isNotEmpty();
    assertThat(drifts.get(0)).isGreaterThanOrEqualTo(99);
  }

  @Test
  void moaDefaultsAlarmFalselyOnAboutHalfOfStationaryRunsButTheCalibratedOptionRarely() {
    int defaults = Streams.runsWithFalseAlarms(Ddm::new, 40, 50_000, 0.1);
    int calibrated = Streams.runsWithFalseAlarms(Ddm::calibrated, 40, 50_000, 0.1);
    assertThat(defaults).isBetween(10, 30);
    assertThat(calibrated).isLessThanOrEqualTo(4);
  }

  @Test
  void rejectsInvalidSettingsAndValues() {
    assertThatThrownBy(() -> new Ddm(-1, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minInstances")
        .hasMessageContaining("driftLevel");
    assertThatThrownBy(() -> new Ddm().update(2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
  }
}
