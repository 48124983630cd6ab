package io.streamlearn.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.monitor.DriftKind;
import io.streamlearn.monitoring.core.monitor.Severity;
import io.streamlearn.monitoring.core.stage.StageInput;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MicrometerStageMetricsTest {

  private static AlertEvent alert() {
    return new AlertEvent(
        "amount/TX_AMOUNT/0-3600000",
        "amount",
        DriftKind.DATA_DRIFT,
        "KS",
        "TX_AMOUNT",
        0.3,
        OptionalDouble.of(1e-6),
        0.1,
        0,
        3_600_000,
        Severity.CRITICAL,
        Map.of("n", 100.0),
        Map.of("n", 90.0));
  }

  @Test
  void closeRemovesEveryMeterItRegisteredAndANewStageStartsAfresh() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerStageMetrics first = new MicrometerStageMetrics(registry, 60_000, () -> 0L);
    first.observed(StageInput.FEATURES);
    first.deadLettered(StageInput.LABELS);
    first.late(2);
    first.alert(alert());
    first.statistic("amount", "TX_AMOUNT", 0.3);
    first.stateBytes("amount", 1_000);
    assertThat(registry.find(MetricNames.ALERTS).counter()).isNotNull();
    assertThat(registry.find(MetricNames.DRIFT_STATISTIC).gauge()).isNotNull();

    first.close();

    assertThat(registry.getMeters()).isEmpty();
    MicrometerStageMetrics second = new MicrometerStageMetrics(registry, 60_000, () -> 0L);
    second.observed(StageInput.FEATURES);
    assertThat(
            registry
                .get(MetricNames.MONITORED_EVENTS)
                .tag("input", MicrometerStageMetrics.inputTag(StageInput.FEATURES))
                .counter()
                .count())
        .isEqualTo(1);
    second.close();
    assertThat(registry.getMeters()).isEmpty();
  }
}
