package io.streamlearn.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.flink.MonitoringJob;
import io.streamlearn.monitoring.kstreams.MonitoringTopology;
import io.streamlearn.monitoring.testing.FlinkTestCluster;
import io.streamlearn.monitoring.testing.ScenarioOnKafka;
import io.streamlearn.monitoring.testing.StageScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * The same input gives the same alerts on both engines: Kafka Streams and Flink read the same
 * topics on the embedded broker and write to their own alert topics; both equal the engine-free
 * stage.
 */
@ExtendWith(EmbeddedStackExtension.class)
class MonitoringParityIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

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
                settings, kafkaStreamsTopics, stack.clientProperties(), new SimpleMeterRegistry()),
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
      } finally {
        job.cancel().get();
      }
    }
  }
}
