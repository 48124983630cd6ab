package io.streamlearn.monitoring.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.monitoring.core.monitor.ConceptDriftSettings.ErrorDetector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The concept-drift and label-rate monitors, fed one labelled prediction at a time. */
class ErrorStreamMonitorsTest {

  /** A prediction wrong with probability {@code errorRate}: score 0.9 or 0.1 against the label. */
  private static List<AlertEvent> predict(
      ConceptDriftMonitor monitor, Random random, long time, double errorRate) {
    boolean actual = random.nextBoolean();
    boolean wrong = random.nextDouble() < errorRate;
    double score = actual != wrong ? 0.9 : 0.1;
    return monitor.observe(time, actual, score);
  }

  @Test
  void adwinRaisesACriticalAlertWhenTheErrorRateDoubles() {
    ConceptDriftMonitor monitor =
        new ConceptDriftMonitor(
            new ConceptDriftSettings("model", ErrorDetector.ADWIN, 0.002, 0.5, 0));
    Random random = new Random(1);
    List<AlertEvent> alerts = new ArrayList<>();
    for (int t = 0; t < 20_000; t++) {
      alerts.addAll(predict(monitor, random, 1_000L * t, t < 10_000 ? 0.1 : 0.2));
    }
    assertThat(alerts).isNotEmpty();
    AlertEvent first = alerts.get(0);
    assertThat(first.windowEndMillis()).isBetween(10_000_000L, 11_000_000L);
    assertThat(first.windowStartMillis()).isZero();
    assertThat(first.kind()).isEqualTo(DriftKind.CONCEPT_DRIFT);
    assertThat(first.detector()).isEqualTo("ADWIN");
    assertThat(first.subject()).isEqualTo("error_rate");
    assertThat(first.threshold()).isEqualTo(0.002);
    assertThat(first.pValue()).isEmpty();
    assertThat(first.referenceSummary().get("error_rate")).isCloseTo(0.1, within(0.02));
    assertThat(first.currentSummary().get("error_rate")).isCloseTo(0.2, within(0.06));
    assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(monitor.predictions()).isEqualTo(20_000);
  }

  @Test
  void ddmRaisesNoAlertOnAStableModelAndOneAfterTheChange() {
    for (ErrorDetector detector : new ErrorDetector[] {ErrorDetector.DDM_CALIBRATED}) {
      ConceptDriftMonitor monitor =
          new ConceptDriftMonitor(new ConceptDriftSettings("model", detector, 0.002, 0.5, 0));
      Random random = new Random(2);
      List<AlertEvent> alerts = new ArrayList<>();
      for (int t = 0; t < 60_000; t++) {
        alerts.addAll(predict(monitor, random, t, t < 50_000 ? 0.1 : 0.3));
      }
      assertThat(alerts).isNotEmpty();
      assertThat(alerts.get(0).windowEndMillis()).isBetween(50_000L, 53_000L);
      assertThat(alerts.get(0).detector()).isEqualTo("DDM");
      assertThat(alerts.get(0).threshold()).isEqualTo(3.5);
      assertThat(alerts.get(0).referenceSummary().get("error_rate")).isCloseTo(0.1, within(0.02));
    }
  }

  @Test
  void theCooldownTurnsABurstOfDetectionsIntoOneAlert() {
    ConceptDriftMonitor monitor =
        new ConceptDriftMonitor(
            new ConceptDriftSettings("model", ErrorDetector.ADWIN, 0.002, 0.5, 3_600_000));
    Random random = new Random(3);
    List<AlertEvent> alerts = new ArrayList<>();
    for (int t = 0; t < 20_000; t++) {
      alerts.addAll(predict(monitor, random, 100L * t, t < 10_000 ? 0.05 : 0.5));
    }
    assertThat(monitor.detections()).isGreaterThan(1);
    assertThat(alerts).hasSize(1);
    assertThat(monitor.suppressedAlerts()).isEqualTo(monitor.detections() - 1);
  }

  @Test
  void restoredConceptDriftMonitorRaisesTheSameAlerts() throws IOException {
    ConceptDriftSettings settings =
        new ConceptDriftSettings("model", ErrorDetector.ADWIN, 0.002, 0.5, 0);
    ConceptDriftMonitor original = new ConceptDriftMonitor(settings);
    Random random = new Random(4);
    for (int t = 0; t < 5_000; t++) {
      predict(original, random, t, 0.1);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    original.writeState(new DataOutputStream(bytes));
    ConceptDriftMonitor restored = new ConceptDriftMonitor(settings);
    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    Random r1 = new Random(5);
    Random r2 = new Random(5);
    for (int t = 5_000; t < 15_000; t++) {
      assertThat(predict(restored, r2, t, 0.3)).isEqualTo(predict(original, r1, t, 0.3));
    }
    assertThat(restored.detections()).isEqualTo(original.detections()).isPositive();

    ConceptDriftMonitor withDdm =
        new ConceptDriftMonitor(
            new ConceptDriftSettings("model", ErrorDetector.DDM, 0.002, 0.5, 0));
    assertThatThrownBy(
            () ->
                withDdm.readState(
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("detector");
  }

  @Test
  void labelRateMonitorSeesTheFraudRateRiseAndFall() {
    LabelRateDriftMonitor monitor =
        new LabelRateDriftMonitor(new LabelRateDriftSettings("labels", 0.002, 0));
    Random random = new Random(6);
    List<AlertEvent> alerts = new ArrayList<>();
    for (int t = 0; t < 60_000; t++) {
      double rate = t < 20_000 ? 0.01 : t < 40_000 ? 0.05 : 0.01;
      alerts.addAll(monitor.observe(t, random.nextDouble() < rate));
    }
    assertThat(alerts)
        .anySatisfy(
            a -> {
              assertThat(a.windowEndMillis()).isBetween(20_000L, 22_000L);
              assertThat(a.currentSummary().get("label_rate")).isGreaterThan(0.03);
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            });
    assertThat(alerts)
        .anySatisfy(
            a -> {
              assertThat(a.windowEndMillis()).isBetween(40_000L, 44_000L);
              assertThat(a.currentSummary().get("label_rate")).isLessThan(0.03);
            });
    assertThat(alerts).allSatisfy(a -> assertThat(a.kind()).isEqualTo(DriftKind.LABEL_RATE_DRIFT));
    assertThat(monitor.rate()).isCloseTo(0.01, within(0.005));
  }

  @Test
  void settingsRejectInvalidValuesNamingThem() {
    assertThatThrownBy(() -> new ConceptDriftSettings("m", ErrorDetector.ADWIN, 0, 2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adwinDelta")
        .hasMessageContaining("decisionThreshold")
        .hasMessageContaining("cooldownMillis");
    assertThatThrownBy(() -> new LabelRateDriftSettings(" ", 0.002, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LabelRateDriftSettings("labels", 1.0, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delta")
        .hasMessageContaining("cooldownMillis");
  }
}
