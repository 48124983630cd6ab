package io.streamlearn.monitoring.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.metrics.MetricNames;
import io.streamlearn.monitoring.testing.FlinkTestCluster;
import io.streamlearn.monitoring.testing.ScenarioOnKafka;
import io.streamlearn.monitoring.testing.StageScenario;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Flink monitoring job on a MiniCluster, reading and writing the embedded broker. */
@ExtendWith(EmbeddedStackExtension.class)
class MonitoringJobIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestCluster.extension();

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void raisesTheScenariosAlertsDeadLettersABadRecordAndExportsItsMetrics(TestStack stack)
      throws Exception {
    MonitoringStageSettings settings = StageScenario.settings();
    MonitoringTopics topics = ScenarioOnKafka.createTopics(stack);
    byte[] bad = "not avro".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> raw = stack.bytesProducer()) {
      raw.send(new ProducerRecord<>(topics.features(), "k".getBytes(StandardCharsets.UTF_8), bad))
          .get();
    }
    ScenarioOnKafka.produce(stack, topics, StageScenario.events());
    List<AlertEvent> expected = StageScenario.expectedAlerts(settings);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(registry);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    MonitoringJob.onKafka(
            settings,
            topics,
            stack.bootstrapServers(),
            stack.clientProperties(),
            stack.uniqueName("monitoring-job"))
        .build(env);
    JobClient job = env.executeAsync("monitoring-it");
    try {
      List<AlertEvent> alerts =
          ScenarioOnKafka.alerts(stack, topics.alerts(), expected.size(), TIMEOUT);
      List<ConsumerRecord<byte[], byte[]>> letters;
      try (KafkaConsumer<byte[], byte[]> consumer = stack.bytesConsumer()) {
        letters =
            stack.consume(consumer, DeadLetterHeaders.topicFor(topics.features()), 1, TIMEOUT);
      }

      assertThat(alerts).isEqualTo(expected);
      assertThat(letters.get(0).value()).isEqualTo(bad);
      assertThat(
              new String(
                  letters.get(0).headers().lastHeader(DeadLetterHeaders.FAILED_STAGE).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("flink:monitoring/" + topics.features() + "-source");
      int events = StageScenario.events().size();
      assertThat(
              registry
                  .get(MetricNames.MONITORED_EVENTS)
                  .tag("input", "predictions")
                  .functionCounter()
                  .count())
          .isEqualTo(events);
      assertThat(registry.get(MetricNames.RECORDS).tag("outcome", "dlq").functionCounter().count())
          .isEqualTo(1.0);
      assertThat(
              registry
                  .get(MetricNames.EVENT_TO_PREDICTION_LATENCY)
                  .tag("quantile", "max")
                  .gauge()
                  .value())
          .isBetween(0.249, 0.251);
      assertThat(
              registry
                  .get(MetricNames.ALERTS)
                  .tags("monitor", "fraud-rate", "kind", "LABEL_RATE_DRIFT")
                  .functionCounter()
                  .count())
          .isEqualTo(expected.stream().filter(a -> a.monitor().equals("fraud-rate")).count());
      assertThat(
              registry
                  .get(MetricNames.DRIFT_STATISTIC)
                  .tags("monitor", "amount", "subject", "TX_AMOUNT")
                  .gauge()
                  .value())
          .isBetween(0.0, 1.0);
    } finally {
      job.cancel().get();
      Metrics.globalRegistry.remove(registry);
    }
  }
}
