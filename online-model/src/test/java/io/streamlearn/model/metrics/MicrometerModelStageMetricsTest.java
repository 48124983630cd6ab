package io.streamlearn.model.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.model.core.serving.JoinOutcome;
import org.junit.jupiter.api.Test;

class MicrometerModelStageMetricsTest {

  @Test
  void closeRemovesEveryMeterItRegisteredSoThatARestartedStageRegistersItsOwn() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerModelStageMetrics first = new MicrometerModelStageMetrics(registry, "fraud");
    first.scored(2);
    first.record("dlq");
    first.join(JoinOutcome.EXPIRED_UNLABELLED);
    Gauge firstVersion = registry.get(ModelMetricNames.VERSION).gauge();
    assertThat(registry.get(ModelMetricNames.RECORDS).tag("outcome", "dlq").counter().count())
        .isEqualTo(1);

    first.close();

    assertThat(registry.getMeters()).isEmpty();
    MicrometerModelStageMetrics second = new MicrometerModelStageMetrics(registry, "fraud");
    assertThat(registry.get(ModelMetricNames.VERSION).gauge()).isNotSameAs(firstVersion);
    assertThat(registry.find(ModelMetricNames.RECORDS).counters()).isEmpty();
    second.close();
    assertThat(registry.getMeters()).isEmpty();
  }
}
