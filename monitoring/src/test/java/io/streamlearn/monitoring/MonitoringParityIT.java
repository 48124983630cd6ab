package io.streamlearn.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.flink.MonitoringJob;
import io.streamlearn.monitoring.kstreams.MonitoringTopology;
import io.streamlearn.monitoring.metrics.MetricNames;
import io.streamlearn.monitoring.testing.FlinkTestCluster;
import io.streamlearn.monitoring.testing.ScenarioOnKafka;
import io.streamlearn.monitoring.testing.StageScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input gives the same alerts and the same metrics on both engines: Kafka Streams and
 * Flink read the same topics on the embedded broker and write to their own alert topics; both equal
 * the engine-free stage. Kafka Streams records its metrics in the registry given to the topology,
 * Flink's reach Micrometer's global registry through the bridge reporter; once both have observed
 * every event, the records by outcome, events per input, drift statistics per monitor and subject
 * and alerts per monitor and kind are equal, series for series.
 */
@ExtendWith(EmbeddedStackExtension.class)
class MonitoringParityIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** The metrics both engines compute from the input alone (not lag, state size or latency). */
  private static final Set<String> COMPARED =
      Set.of(
          MetricNames.RECORDS,
          MetricNames.MONITORED_EVENTS,
          MetricNames.DRIFT_STATISTIC,
          MetricNames.ALERTS);

  /** The compared series of {@code registry}: name and sorted tags to value. */
  private static Map<String, Double> series(MeterRegistry registry) {
    Map<String, Double> series = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      if (!COMPARED.contains(meter.getId().getName())) {
        continue;
      }
      StringBuilder key = new StringBuilder(meter.getId().getName());
      meter.getId().getTags().stream()
          .sorted()
          .map(Tag::toString)
          .forEach(t -> key.append(' ').append(t));
      series.put(key.toString(), meter.measure().iterator().next().getValue());
    }
    return series;
  }

  /**
   * The series once the stage observed {@code events} events on each input and two reads a second
   * apart agree (the last windows are closed by then).
   */
  private static Map<String, Double> settledSeries(MeterRegistry registry, int events) {
    AtomicReference<Map<String, Double>> previous = new AtomicReference<>(Map.of());
    Await.until(
        TIMEOUT,
        Duration.ofSeconds(1),
        () -> {
          Map<String, Double> current = series(registry);
          boolean all = true;
          for (String input : List.of("features", "predictions", "labels")) {
            Double observed =
                current.get(MetricNames.MONITORED_EVENTS + " tag(input=" + input + ")");
            all &= observed != null && observed >= events;
          }
          boolean settled = all && current.equals(previous.get());
          previous.set(current);
          return settled;
        },
        () -> "the metrics to settle: " + previous.get());
    return previous.get();
  }

  @TempDir Path stateDir;

  @Test
  void kafkaStreamsAndFlinkRaiseTheSameAlertsOnTheSameInput(TestStack stack) throws Exception {
    MonitoringStageSettings settings = StageScenario.settings();
    MonitoringTopics input = ScenarioOnKafka.createTopics(stack);
    ScenarioOnKafka.produce(stack, input, StageScenario.events());
    MonitoringTopics kafkaStreamsTopics =
        new MonitoringTopics(
            input.features(), input.predictions(), input.labels(), stack.createTopic("ks-alerts"));
    MonitoringTopics flinkTopics =
        new MonitoringTopics(
            input.features(), input.predictions(), input.labels(), stack.createTopic("fl-alerts"));
    List<AlertEvent> expected = StageScenario.expectedAlerts(settings);

    Map<String, Object> props = stack.streamsProperties("monitoring-parity");
    props.putAll(MonitoringTopology.requiredConfig());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Properties properties = new Properties();
    properties.putAll(props);
    SimpleMeterRegistry flinkMetrics = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(flinkMetrics);
    SimpleMeterRegistry streamsMetrics = new SimpleMeterRegistry();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    MonitoringJob.onKafka(
            settings,
            flinkTopics,
            stack.bootstrapServers(),
            stack.clientProperties(),
            stack.uniqueName("monitoring-parity"))
        .build(env);
    try (KafkaStreams streams =
        new KafkaStreams(
            MonitoringTopology.build(
                settings, kafkaStreamsTopics, stack.clientProperties(), streamsMetrics),
            properties)) {
      streams.start();
      JobClient job = env.executeAsync("monitoring-parity");
      try {
        List<AlertEvent> fromKafkaStreams =
            ScenarioOnKafka.alerts(stack, kafkaStreamsTopics.alerts(), expected.size(), TIMEOUT);
        List<AlertEvent> fromFlink =
            ScenarioOnKafka.alerts(stack, flinkTopics.alerts(), expected.size(), TIMEOUT);

        assertThat(expected).hasSizeGreaterThanOrEqualTo(5);
        assertThat(fromFlink).isEqualTo(fromKafkaStreams).isEqualTo(expected);

        int events = StageScenario.events().size();
        Map<String, Double> streamsSeries = settledSeries(streamsMetrics, events);
        Map<String, Double> flinkSeries = settledSeries(flinkMetrics, events);
        assertThat(flinkSeries).isEqualTo(streamsSeries);
        assertThat(streamsSeries)
            .containsKey(
                MetricNames.DRIFT_STATISTIC + " tag(monitor=amount) tag(subject=TX_AMOUNT)")
            .containsKey(
                MetricNames.DRIFT_STATISTIC + " tag(monitor=fraud-rate) tag(subject=label_rate)");
        double alerts = 0;
        for (Map.Entry<String, Double> e : streamsSeries.entrySet()) {
          if (e.getKey().startsWith(MetricNames.ALERTS + " ")) {
            alerts += e.getValue();
          }
        }
        assertThat(alerts).isEqualTo(expected.size());
      } finally {
        job.cancel().get();
        Metrics.globalRegistry.remove(flinkMetrics);
      }
    }
  }
}
