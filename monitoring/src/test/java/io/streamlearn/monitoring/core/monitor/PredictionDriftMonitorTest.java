package io.streamlearn.monitoring.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.monitoring.core.monitor.DriftTestSettings.NumericTest;
import io.streamlearn.monitoring.core.monitor.WindowSettings.ReferenceMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PredictionDriftMonitorTest {

  private static double score(Random random, double shift) {
    double z = random.nextGaussian() - 2 + shift;
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void alertsWhenTheScoresShiftUpAgainstAValidationBaseline() {
    Random random = new Random(1);
    double[] baseline = new double[3_000];
    for (int i = 0; i < baseline.length; i++) {
      baseline[i] = score(random, 0);
    }
    PredictionDriftMonitor monitor =
        new PredictionDriftMonitor(
            new PredictionDriftSettings(
                "scores",
                WindowSettings.countWindows(ReferenceMode.FIXED_BASELINE, 0, 1_000),
                DriftTestSettings.defaults().withNumericTest(NumericTest.PSI),
                0),
            baseline);
    List<AlertEvent> alerts = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      alerts.addAll(monitor.observe(i, score(random, 0)));
    }
    assertThat(alerts).isEmpty();
    for (int i = 3_000; i < 4_000; i++) {
      alerts.addAll(monitor.observe(i, score(random, 0.8)));
    }
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(DriftKind.PREDICTION_DRIFT);
              assertThat(a.subject()).isEqualTo("score");
              assertThat(a.detector()).isEqualTo("PSI");
              assertThat(a.statistic()).isGreaterThanOrEqualTo(0.1);
              assertThat(a.windowStartMillis()).isEqualTo(3_000);
            });
    assertThat(monitor.lastResults())
        .singleElement()
        .satisfies(r -> assertThat(r.alarmed()).isTrue());
  }
}
