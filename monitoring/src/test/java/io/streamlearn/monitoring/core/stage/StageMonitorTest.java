package io.streamlearn.monitoring.core.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StageMonitorTest {

  private static final long HOUR = 3_600_000L;

  private static MonitoringPlan plan(String warmup) {
    return new MonitoringPlan(
        MonitoringStageSettings.fromMap(
            Map.of(
                "monitors",
                List.of(
                    Map.of(
                        "name",
                        "amount",
                        "type",
                        "data-drift",
                        "numeric",
                        List.of("TX_AMOUNT"),
                        "categorical",
                        List.of("TX_DURING_NIGHT"),
                        "reference",
                        Map.of("size", 200),
                        "window",
                        "1h",
                        "warmup",
                        warmup,
                        "cooldown",
                        "0s"),
                    Map.of("name", "rate", "type", "label-rate", "warmup", warmup)))));
  }

  private static Map<String, Double> vector(Random random, double mean) {
    return Map.of(
        "TX_AMOUNT",
        mean + 10 * random.nextGaussian(),
        "TX_DURING_NIGHT",
        random.nextDouble() < 0.2 ? 1.0 : 0.0);
  }

  @Test
  void routesEachFeatureVectorToItsMonitorsWithMissingValuesMarked() {
    MonitoringPlan plan = plan("0s");

    List<Observation> observations = plan.observeFeatures(5, Map.of("TX_DURING_NIGHT", 1.0));

    assertThat(observations)
        .containsExactly(
            new Observation("amount", 5, new double[] {Double.NaN}, new String[] {"1"}));
    assertThat(plan.observeLabel(9, true))
        .containsExactly(new Observation("rate", 9, new double[] {1.0}, new String[0]));
    assertThat(plan.observePrediction(9, 0.3)).isEmpty();
    assertThat(plan.reads(StageInput.PREDICTIONS)).isFalse();
    assertThat(MonitoringPlan.category(2.0)).isEqualTo("2");
    assertThat(MonitoringPlan.category(0.25)).isEqualTo("0.25");
    assertThat(MonitoringPlan.category(Double.NaN)).isNull();
  }

  @Test
  void anObservationSurvivesItsByteForm() {
    Observation o =
        new Observation("m", -3, new double[] {1.5, Double.NaN}, new String[] {"x", null});

    assertThat(Observation.fromBytes("m", o.toBytes())).isEqualTo(o);
    assertThatThrownBy(() -> Observation.fromBytes("m", new byte[] {2, 0}))
        .hasMessageContaining("layout version 2");
    byte[] truncated = java.util.Arrays.copyOf(o.toBytes(), 12);
    assertThatThrownBy(() -> Observation.fromBytes("m", truncated))
        .hasMessageContaining("truncated");
  }

  @Test
  void skipsEventsDuringTheWarmUpCountedFromTheFirstEvent() {
    MonitoringPlan plan = plan("2h");
    StageMonitor monitor = plan.newMonitor("amount");
    Random random = new Random(1);

    for (long t = 0; t < 2 * HOUR; t += 10_000) {
      for (Observation o : plan.observeFeatures(t, vector(random, 50))) {
        monitor.observe(o);
      }
    }

    assertThat(monitor.warmupEvents()).isEqualTo(720);
    assertThat(monitor.statistics()).isEmpty();
  }

  @Test
  void raisesTheCoreMonitorsAlertsAndPublishesItsStatisticsOncePerWindow() {
    MonitoringPlan plan = plan("0s");
    StageMonitor monitor = plan.newMonitor("amount");
    Random random = new Random(2);
    List<AlertEvent> alerts = new ArrayList<>();
    List<Map<String, Double>> published = new ArrayList<>();
    for (long t = 0; t < 6 * HOUR; t += 10_000) {
      double mean = t >= 4 * HOUR ? 80 : 50;
      for (Observation o : plan.observeFeatures(t, vector(random, mean))) {
        alerts.addAll(monitor.observe(o));
        Map<String, Double> changed = monitor.takeChangedStatistics();
        if (!changed.isEmpty()) {
          published.add(changed);
        }
      }
    }

    assertThat(alerts)
        .extracting(AlertEvent::windowStartMillis)
        .as("the window of the shift only: the next one is still open")
        .containsExactly(4 * HOUR);
    assertThat(published)
        .as("one publication per closed window: [1h,2h) .. [4h,5h)")
        .hasSize(4)
        .allSatisfy(s -> assertThat(s).containsKeys("TX_AMOUNT", "TX_DURING_NIGHT"));
    assertThat(published.get(3).get("TX_AMOUNT")).isGreaterThan(0.5);
    assertThat(monitor.openWindowEndMillis()).hasValue(6 * HOUR);
  }

  @Test
  void aRestoredMonitorContinuesExactlyAsTheOriginal() throws IOException {
    MonitoringPlan plan = plan("30m");
    StageMonitor original = plan.newMonitor("rate");
    StageMonitor restored = plan.newMonitor("rate");
    Random random = new Random(3);
    List<Observation> stream = new ArrayList<>();
    for (long t = 0; t < 40 * HOUR; t += 5_000) {
      stream.addAll(plan.observeLabel(t, random.nextDouble() < (t > 30 * HOUR ? 0.3 : 0.02)));
    }
    int cut = stream.size() / 2;
    List<AlertEvent> expected = new ArrayList<>();
    for (int i = 0; i < stream.size(); i++) {
      expected.addAll(original.observe(stream.get(i)));
      if (i == cut) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writeState(new DataOutputStream(bytes));
        restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      }
    }
    List<AlertEvent> continued = new ArrayList<>();
    for (int i = cut + 1; i < stream.size(); i++) {
      continued.addAll(restored.observe(stream.get(i)));
    }

    assertThat(expected).isNotEmpty();
    assertThat(continued)
        .isEqualTo(expected.subList(expected.size() - continued.size(), expected.size()));
    assertThat(continued).isNotEmpty();
    assertThat(restored.statistics()).isEqualTo(original.statistics());
    assertThat(restored.warmupEvents()).isEqualTo(original.warmupEvents()).isPositive();
  }

  @Test
  void refusesTheStateOfAnotherMonitor() throws IOException {
    MonitoringPlan plan = plan("0s");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    plan.newMonitor("rate").writeState(new DataOutputStream(bytes));

    StageMonitor amount = plan.newMonitor("amount");
    assertThatThrownBy(
            () ->
                amount.readState(
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("saved monitor 'rate' (label-rate), expected 'amount' (data-drift)");
  }
}
