package io.streamlearn.monitoring.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.metrics.MetricNames;
import io.streamlearn.monitoring.testing.ScenarioOnKafka;
import io.streamlearn.monitoring.testing.StageScenario;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka Streams monitoring stage on the embedded broker and registry. */
@ExtendWith(EmbeddedStackExtension.class)
class MonitoringTopologyIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path stateDir;

  private final MonitoringStageSettings settings = StageScenario.settings();

  private KafkaStreams start(
      TestStack stack,
      MonitoringTopics topics,
      Map<String, Object> props,
      MonitoringStageSettings stageSettings,
      SimpleMeterRegistry registry) {
    Properties properties = new Properties();
    properties.putAll(props);
    KafkaStreams streams =
        new KafkaStreams(
            MonitoringTopology.build(stageSettings, topics, stack.clientProperties(), registry),
            properties);
    streams.start();
    return streams;
  }

  private Map<String, Object> props(TestStack stack, String stateDirectory) {
    Map<String, Object> props = stack.streamsProperties("monitoring-it");
    props.putAll(MonitoringTopology.requiredConfig());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    return props;
  }

  @Test
  void raisesTheScenariosAlertsAndDeadLettersABadRecordWithoutStopping(TestStack stack)
      throws Exception {
    MonitoringTopics topics = ScenarioOnKafka.createTopics(stack);
    byte[] bad = "{\"isFraud\": true}".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> raw = stack.bytesProducer()) {
      raw.send(new ProducerRecord<>(topics.labels(), "oops".getBytes(StandardCharsets.UTF_8), bad))
          .get();
    }
    ScenarioOnKafka.produce(stack, topics, StageScenario.events());
    List<AlertEvent> expected = StageScenario.expectedAlerts(settings);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    KafkaStreams streams =
        start(stack, topics, props(stack, stateDir.toString()), settings, registry);
    try {
      List<AlertEvent> alerts =
          ScenarioOnKafka.alerts(stack, topics.alerts(), expected.size(), TIMEOUT);
      List<ConsumerRecord<byte[], byte[]>> letters;
      try (KafkaConsumer<byte[], byte[]> consumer = stack.bytesConsumer()) {
        letters = stack.consume(consumer, DeadLetterHeaders.topicFor(topics.labels()), 1, TIMEOUT);
      }

      assertThat(alerts).isEqualTo(expected);
      assertThat(letters.get(0).value()).isEqualTo(bad);
      assertThat(
              new String(
                  letters.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("UNKNOWN_MAGIC_BYTE");
      assertThat(registry.get(MetricNames.RECORDS).tag("outcome", "dlq").counter().count())
          .isEqualTo(1.0);
    } finally {
      streams.close();
    }
  }

  @Test
  void aRestartedApplicationRestoresItsMonitorsFromTheChangelogAndContinues(
      TestStack stack, @TempDir Path secondStateDir) throws Exception {
    long split =
        StageScenario.START.toEpochMilli() + (StageScenario.SHIFT_HOUR * 3_600_000L) + 1_800_000L;
    // features, predictions, labels and the repartition topic
    restartMidway(stack, secondStateDir, settings, StageScenario.events(), split, 4);
  }

  /**
   * A monitor of 150 features whose reference sample (900 events) alone is about 1.1 MB, more than
   * one Kafka record may hold by default: its snapshots reach the changelog in chunks, and a
   * restarted application restores it from them.
   */
  @Test
  void aMonitorWhoseStateOutgrowsAKafkaRecordIsChangeloggedAndRestored(
      TestStack stack, @TempDir Path secondStateDir) throws Exception {
    int features = 150;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < features; i++) {
      names.add("F" + i);
    }
    MonitoringStageSettings wide =
        MonitoringStageSettings.fromMap(
            Map.of(
                "allowedLateness",
                "1m",
                "snapshotEvery",
                300,
                "monitors",
                List.of(
                    Map.of(
                        "name", "wide",
                        "type", "data-drift",
                        "numeric", names,
                        "reference", Map.of("size", 900),
                        "window", "1h",
                        "warmup", "0s",
                        "cooldown", "0s"))));
    Random random = new Random(7);
    List<StageScenario.Event> events =
        StageScenario.events().stream()
            .map(
                e -> {
                  double amount = e.features().getFeatures().get("TX_AMOUNT");
                  Map<String, Double> values = new TreeMap<>();
                  for (int i = 0; i < features; i++) {
                    values.put(names.get(i), amount * (1 + i / 100.0) + random.nextGaussian());
                  }
                  FeatureVector vector =
                      FeatureVector.newBuilder(e.features())
                          .setFeatures(Map.copyOf(values))
                          .build();
                  return new StageScenario.Event(
                      e.transactionId(), vector, e.prediction(), e.label());
                })
            .toList();
    long split = StageScenario.START.toEpochMilli() + 6 * 3_600_000L + 1_800_000L;

    // no monitor reads the labels: features, predictions (latency) and the repartition topic
    restartMidway(stack, secondStateDir, wide, events, split, 3);
  }

  /**
   * Feeds the events before {@code split} to one application, stops it once it has committed them,
   * then the rest to a new one with an empty state directory: the alerts of both are those of the
   * engine-free stage. {@code partitions}: how many the application's group commits offsets for.
   */
  private void restartMidway(
      TestStack stack,
      Path secondStateDir,
      MonitoringStageSettings stageSettings,
      List<StageScenario.Event> events,
      long split,
      int partitions)
      throws Exception {
    MonitoringTopics topics = ScenarioOnKafka.createTopics(stack);
    List<StageScenario.Event> first =
        events.stream().filter(e -> e.eventTimeMillis() < split).toList();
    List<StageScenario.Event> second =
        events.stream().filter(e -> e.eventTimeMillis() >= split).toList();
    List<AlertEvent> expected = StageScenario.expectedAlerts(stageSettings, events);
    Map<String, Object> props = props(stack, stateDir.toString());

    ScenarioOnKafka.produce(stack, topics, first);
    List<AlertEvent> expectedFirst = StageScenario.expectedAlerts(stageSettings, first);
    List<AlertEvent> firstAlerts;
    KafkaStreams before = start(stack, topics, props, stageSettings, new SimpleMeterRegistry());
    try {
      firstAlerts = ScenarioOnKafka.alerts(stack, topics.alerts(), expectedFirst.size(), TIMEOUT);
      waitUntilCaughtUp(stack, props, partitions);
    } finally {
      // leave the group at once: the restarted instance need not wait for this one's session to end
      before.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
    }
    ScenarioOnKafka.produce(stack, topics, second);
    // a new state directory: the monitors can only come back from the changelog
    props.put(StreamsConfig.STATE_DIR_CONFIG, secondStateDir.toString());
    KafkaStreams after = start(stack, topics, props, stageSettings, new SimpleMeterRegistry());
    try {
      List<AlertEvent> alerts =
          ScenarioOnKafka.alerts(stack, topics.alerts(), expected.size(), TIMEOUT);

      assertThat(firstAlerts).isEqualTo(expectedFirst).isNotEmpty();
      assertThat(alerts).isEqualTo(expected).hasSizeGreaterThan(expectedFirst.size());
    } finally {
      after.close();
    }
  }

  /**
   * Waits until the application has committed every input record: its group has offsets for {@code
   * partitions} partitions (its inputs and the repartition topic), none lagging.
   */
  private static void waitUntilCaughtUp(TestStack stack, Map<String, Object> props, int partitions)
      throws Exception {
    String group = (String) props.get(StreamsConfig.APPLICATION_ID_CONFIG);
    Await.value(
        TIMEOUT,
        Duration.ofMillis(200),
        () -> {
          var offsets =
              stack.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
          var ends =
              stack
                  .admin()
                  .listOffsets(
                      offsets.keySet().stream()
                          .collect(
                              java.util.stream.Collectors.toMap(
                                  tp -> tp,
                                  tp -> org.apache.kafka.clients.admin.OffsetSpec.latest())))
                  .all()
                  .get();
          Map<String, Long> lags = new TreeMap<>();
          offsets.forEach((tp, om) -> lags.put(tp.toString(), ends.get(tp).offset() - om.offset()));
          return lags;
        },
        lags -> lags.size() >= partitions && lags.values().stream().allMatch(l -> l == 0),
        "the application " + group + " to commit every input record (lag per partition)");
  }
}
