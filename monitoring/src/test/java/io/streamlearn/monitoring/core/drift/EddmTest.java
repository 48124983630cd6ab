package io.streamlearn.monitoring.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EddmTest {

  @Test
  void measuresTheMeanDistanceBetweenErrors() {
    Eddm eddm = new Eddm();
    double[] values = {0, 0, 1, 0, 0, 0, 1, 0, 1};
    for (double v : values) {
      eddm.update(v);
    }
    // errors at positions 3, 7 and 9 (counted from 1): distances 3, 4, 2
    assertThat(eddm.errors()).isEqualTo(3);
    assertThat(eddm.meanDistance()).isEqualTo(3.0);
  }

  @Test
  void detectsErrorsComingCloserTogether() {
    List<Integer> drifts =
        Streams.drifts(new Eddm(), Streams.bernoulli(3, 20_000, 10_000, 0.05, 0.5));
    assertThat(drifts).anySatisfy(i -> assertThat(i).isBetween(10_000, 10_500));
  }

  @Test
  void changesItsWarningOnlyOnErrors() {
    Eddm eddm = new Eddm();
    double[] values = Streams.bernoulli(4, 30_000, 10_000, 0.05, 0.3);
    boolean previous = false;
    for (double v : values) {
      eddm.update(v);
      if (v == 0.0 && !eddm.driftDetected()) {
        assertThat(eddm.warningDetected()).isEqualTo(previous);
      }
      previous = eddm.warningDetected();
    }
  }

  @Test
  void moaDefaultsAlarmFalselyOnAlmostEveryStationaryRunButTheCalibratedOptionRarely() {
    int defaults = Streams.runsWithFalseAlarms(Eddm::new, 40, 50_000, 0.1);
    int calibrated = Streams.runsWithFalseAlarms(Eddm::calibrated, 40, 50_000, 0.1);
    assertThat(defaults).isGreaterThanOrEqualTo(35);
    assertThat(calibrated).isLessThanOrEqualTo(4);
  }

  @Test
  void rejectsInvalidSettingsAndValues() {
    assertThatThrownBy(() -> new Eddm(0, -1, 0.9, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minErrors")
        .hasMessageContaining("driftRatio");
    assertThatThrownBy(() -> new Eddm().update(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
