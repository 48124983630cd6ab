package io.streamlearn.monitoring.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.features.core.FeaturePlan;
import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.ingest.core.simulator.DriftKind;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.monitoring.core.evaluation.DriftDetectionEvaluation.Detection;
import io.streamlearn.monitoring.core.evaluation.DriftDetectionEvaluation.Run;
import io.streamlearn.monitoring.core.evaluation.DriftDetectionEvaluation.Score;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The drift-detection benchmark in small: a world of 1,000 customers (a fifth of the handbook's),
 * the fraud pipeline's monitors with references scaled to it (the label rate's to a week), an
 * amount shift and a new fraud pattern. The full benchmark is {@code
 * io.streamlearn.bench.monitoring.DriftDetectionBenchmark}.
 */
class DriftDetectionEvaluationTest {

  private static final FeaturePlan PLAN = FeaturePlan.compile(FeatureSpecYaml.fraudBaseline());

  private static final SimulatorOptions WORLD =
      SimulatorOptions.DEFAULTS.withCustomers(1_000).withTerminals(2_000).withDays(56);

  /** The fraud defaults with references of 4,000 events (two days of this smaller world). */
  private static MonitoringStageSettings settings() {
    List<Map<String, Object>> monitors = new ArrayList<>();
    for (Map<String, Object> m : MonitoringStageSettings.DEFAULT_MONITORS) {
      Map<String, Object> scaled = new java.util.LinkedHashMap<>(m);
      if (!"label-rate".equals(m.get("type"))) {
        scaled.put("reference", Map.of("size", 4_000));
      } else {
        scaled.put("reference", "7d"); // the world is 60 days long
      }
      monitors.add(scaled);
    }
    return MonitoringStageSettings.fromMap(Map.of("monitors", monitors));
  }

  @Test
  void detectsAnAmountShiftWithinADayAndRaisesNoAlertBeforeIt() {
    Run run =
        DriftDetectionEvaluation.run(
            WORLD.withDrift(List.of(new DriftChange(48, DriftKind.AMOUNT_SHIFT, 1.5))),
            PLAN,
            settings());

    Score score = DriftDetectionEvaluation.score(run);

    assertThat(run.vectors()).isEqualTo(run.transactions()).isGreaterThan(100_000);
    assertThat(score.falseAlerts()).isEmpty();
    assertThat(score.monitoredDaysWithoutDrift()).isCloseTo(10.0, within(0.05));
    Detection detection = score.detections().get(0);
    assertThat(detection.detected()).isTrue();
    assertThat(detection.delayHours()).isBetween(0.0, 24.5);
    assertThat(detection.detection().alert().subject()).contains("AMOUNT");
    assertThat(score.allDetectedWithin(48)).isTrue();
  }

  @Test
  void measuresALabelBasedChangeFromItsFirstLabel() {
    Run run =
        DriftDetectionEvaluation.run(
            WORLD
                .withDays(60)
                .withDrift(List.of(new DriftChange(48, DriftKind.NEW_FRAUD_PATTERN, 10))),
            PLAN,
            settings());

    Score score = DriftDetectionEvaluation.score(run);

    Detection detection = score.detections().get(0);
    assertThat(detection.observableFromMillis())
        .isEqualTo(detection.change().startMillis() + 7 * 86_400_000L);
    assertThat(detection.detected()).isTrue();
    assertThat(detection.detection().alert().monitor()).isEqualTo("label-rate");
    assertThat(detection.delayHours()).isBetween(0.0, 48.0);
    assertThat(detection.delayFromStartHours())
        .isCloseTo(detection.delayHours() + 7 * 24, within(1e-9));
  }

  private static DriftDetectionEvaluation.RaisedAlert alert(
      long at, io.streamlearn.monitoring.core.monitor.DriftKind kind) {
    return new DriftDetectionEvaluation.RaisedAlert(
        at,
        new io.streamlearn.monitoring.core.monitor.AlertEvent(
            "m/x/0-1",
            "m",
            kind,
            "TEST",
            "x",
            0.5,
            java.util.OptionalDouble.empty(),
            0.1,
            0,
            1,
            io.streamlearn.monitoring.core.monitor.Severity.WARNING,
            Map.of(),
            Map.of()));
  }

  @Test
  void aLabelRateAlertBeforeTheChangesFirstLabelIsFalseNotADetection() {
    long day = 86_400_000L;
    io.streamlearn.ingest.core.simulator.ChangePoint change =
        new io.streamlearn.ingest.core.simulator.ChangePoint(
            1, new DriftChange(10, DriftKind.FRAUD_RATE, 10), 1, 10 * day, 38 * day, 17 * day);
    Run run =
        new Run(
            WORLD,
            List.of(change),
            List.of(
                alert(12 * day, io.streamlearn.monitoring.core.monitor.DriftKind.LABEL_RATE_DRIFT),
                alert(18 * day, io.streamlearn.monitoring.core.monitor.DriftKind.LABEL_RATE_DRIFT)),
            0,
            30 * day,
            0,
            0,
            0);

    Score score = DriftDetectionEvaluation.score(run);

    assertThat(score.falseAlerts()).extracting(a -> a.raisedAtMillis()).containsExactly(12 * day);
    assertThat(score.detections().get(0).detection().raisedAtMillis()).isEqualTo(18 * day);
    assertThat(score.detections().get(0).delayHours()).isEqualTo(24.0);

    Run dataDrift =
        new Run(
            WORLD,
            List.of(change),
            List.of(alert(12 * day, io.streamlearn.monitoring.core.monitor.DriftKind.DATA_DRIFT)),
            0,
            30 * day,
            0,
            0,
            0);
    Score features = DriftDetectionEvaluation.score(dataDrift);
    assertThat(features.falseAlerts()).isEmpty();
    assertThat(features.detections().get(0).detection().raisedAtMillis()).isEqualTo(12 * day);
  }
}
