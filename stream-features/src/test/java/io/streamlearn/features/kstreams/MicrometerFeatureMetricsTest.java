package io.streamlearn.features.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.features.stage.RecordOutcome;
import org.junit.jupiter.api.Test;

class MicrometerFeatureMetricsTest {

  @Test
  void closeRemovesTheCountersAndARestartedStageCountsFromZero() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerFeatureMetrics first = new MicrometerFeatureMetrics(registry);
    first.count(RecordOutcome.values()[0]);
    assertThat(registry.find(MicrometerFeatureMetrics.RECORDS).counters())
        .hasSize(RecordOutcome.values().length);

    first.close();

    assertThat(registry.getMeters()).isEmpty();
    MicrometerFeatureMetrics second = new MicrometerFeatureMetrics(registry);
    assertThat(registry.find(MicrometerFeatureMetrics.RECORDS).counters())
        .allSatisfy(c -> assertThat(c.count()).isZero());
    second.close();
    assertThat(registry.getMeters()).isEmpty();
  }
}
