package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.model.metrics.ModelMetricNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka Streams stages remove their meters when the runtime closes: a stopped pipeline exports
 * no stage series, and a pipeline restarted in the same registry registers its own meters (not the
 * stopped stages' gauges, which would go on reading the stopped stages' state).
 */
@ExtendWith(EmbeddedStackExtension.class)
class KafkaStreamsMetersIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path state;

  private static List<String> stageSeries(MeterRegistry registry) {
    return registry.getMeters().stream()
        .map(Meter::getId)
        .filter(id -> id.getName().startsWith("streamlearn."))
        .map(Meter.Id::toString)
        .sorted()
        .toList();
  }

  @Test
  void closingTheRuntimeRemovesTheStagesMetersAndARestartRegistersItsOwn(TestStack stack)
      throws Exception {
    String run = stack.uniqueName("meters");
    PipelineDefinition pipeline = PipelineRuntimeIT.fraudOn(stack, run, Engine.KSTREAMS);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ClusterConnection cluster =
        ClusterConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    RuntimeOptions options =
        RuntimeOptions.defaults().withApplicationIdPrefix(run).withPartitions(1);

    Gauge firstVersion;
    try (PipelineRuntime first =
        PipelineRuntime.start(pipeline, cluster, state, registry, options)) {
      assertThat(first.awaitRunning(WAIT)).as("running: %s", first.stageStates()).isTrue();
      assertThat(registry.scrape())
          .containsPattern("streamlearn_records_total\\{[^}]*stage=\"features\"")
          .containsPattern("streamlearn_records_total\\{[^}]*stage=\"monitoring\"")
          .contains("streamlearn_model_label_join_total")
          .contains("streamlearn_consumer_lag");
      firstVersion = registry.get(ModelMetricNames.VERSION).gauge();
    }

    assertThat(stageSeries(registry)).as("the stopped stages' meters").isEmpty();
    assertThat(registry.scrape()).doesNotContain("streamlearn_");

    try (PipelineRuntime second =
        PipelineRuntime.start(pipeline, cluster, state, registry, options)) {
      assertThat(second.awaitRunning(WAIT)).as("running: %s", second.stageStates()).isTrue();
      assertThat(registry.scrape())
          .containsPattern("streamlearn_records_total\\{[^}]*stage=\"features\"")
          .contains("streamlearn_model_label_join_total");
      assertThat(registry.get(ModelMetricNames.VERSION).gauge())
          .as("the restarted model stage's own version gauge")
          .isNotSameAs(firstVersion);
      assertThat(second.failure()).isEmpty();
    }
    assertThat(stageSeries(registry)).isEmpty();
  }
}
