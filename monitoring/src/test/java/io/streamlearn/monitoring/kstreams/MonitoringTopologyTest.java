package io.streamlearn.monitoring.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftAlertMapping;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.metrics.MetricNames;
import io.streamlearn.monitoring.testing.StageScenario;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MonitoringTopologyTest {

  private final MonitoringTopics topics = MonitoringTopics.defaults();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Map<String, Object> serdeConfig;
  private TopologyTestDriver driver;
  private TestInputTopic<String, FeatureVector> features;
  private TestInputTopic<String, GenericRecord> predictions;
  private TestInputTopic<String, Label> labels;
  private TestInputTopic<byte[], byte[]> rawFeatures;
  private TestOutputTopic<String, DriftAlert> alerts;

  @BeforeEach
  void start() {
    start(StageScenario.settings());
  }

  private void start(MonitoringStageSettings settings) {
    serdeConfig = Map.of("schema.registry.url", "mock://topology-" + UUID.randomUUID());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.putAll(MonitoringTopology.requiredConfig());
    driver =
        new TopologyTestDriver(
            MonitoringTopology.build(settings, topics, serdeConfig, registry), props);
    features =
        driver.createInputTopic(
            topics.features(),
            new StringSerializer(),
            new AvroSerializer<FeatureVector>().configured(serdeConfig, false));
    predictions =
        driver.createInputTopic(
            topics.predictions(),
            new StringSerializer(),
            new AvroSerializer<GenericRecord>().configured(serdeConfig, false));
    labels =
        driver.createInputTopic(
            topics.labels(),
            new StringSerializer(),
            new AvroSerializer<Label>().configured(serdeConfig, false));
    rawFeatures =
        driver.createInputTopic(
            topics.features(), new ByteArraySerializer(), new ByteArraySerializer());
    alerts =
        driver.createOutputTopic(
            topics.alerts(),
            new StringDeserializer(),
            AvroDeserializer.forSpecific(DriftAlert.class).configured(serdeConfig, false));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void pipeScenario() {
    for (StageScenario.Event e : StageScenario.events()) {
      Instant t = e.features().getEventTime();
      features.pipeInput(e.transactionId(), e.features(), t);
      predictions.pipeInput(e.transactionId(), e.prediction(), t);
      labels.pipeInput(e.transactionId(), e.label(), t);
    }
  }

  @Test
  void raisesExactlyTheAlertsOfTheEngineFreeStageKeyedByMonitor() {
    pipeScenario();

    List<TestRecord<String, DriftAlert>> out = alerts.readRecordsToList();
    List<AlertEvent> expected = StageScenario.expectedAlerts(StageScenario.settings());
    assertThat(expected).extracting(AlertEvent::monitor).contains("amount", "score", "fraud-rate");
    assertThat(out).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getMonitor()));
    assertThat(
            out.stream()
                .map(r -> DriftAlertMapping.fromAvro(r.value()))
                .sorted(Comparator.comparing(AlertEvent::alertId))
                .toList())
        .isEqualTo(expected);
  }

  @Test
  void alertsOnTheShiftedAmountsInTheFirstWindowAfterTheShiftAndNotBefore() {
    pipeScenario();

    List<DriftAlert> amount =
        alerts.readValuesToList().stream()
            .filter(a -> a.getMonitor().equals("amount") && a.getSubject().equals("TX_AMOUNT"))
            .toList();
    long shift = StageScenario.START.plusSeconds(3_600L * StageScenario.SHIFT_HOUR).toEpochMilli();
    assertThat(amount).isNotEmpty();
    assertThat(amount.get(0).getWindowStart().toEpochMilli()).isEqualTo(shift);
    assertThat(amount.get(0).getWindowEnd().toEpochMilli()).isEqualTo(shift + 3_600_000L);
    assertThat(amount.get(0).getDetector()).isEqualTo("KS");
    assertThat(amount.get(0).getPValue()).isLessThan(0.01);
    assertThat(amount.get(0).getCurrentSummary().get("mean"))
        .isGreaterThan(amount.get(0).getReferenceSummary().get("mean"));
  }

  @Test
  void countsRecordsAlertsAndPublishesStatisticsAndLatencyPercentiles() {
    pipeScenario();
    List<DriftAlert> raised = alerts.readValuesToList();
    int events = StageScenario.events().size();

    assertThat(counter(MetricNames.RECORDS, "outcome", "ok")).isEqualTo(3.0 * events);
    assertThat(counter(MetricNames.MONITORED_EVENTS, "input", "predictions")).isEqualTo(events);
    assertThat(
            registry.find(MetricNames.ALERTS).counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(raised.size());
    assertThat(
            registry
                .get(MetricNames.DRIFT_STATISTIC)
                .tags("monitor", "amount", "subject", "TX_AMOUNT")
                .gauge()
                .value())
        .isBetween(0.0, 1.0);
    assertThat(
            registry
                .get(MetricNames.DRIFT_STATISTIC)
                .tags("monitor", "fraud-rate", "subject", "label_rate")
                .gauge()
                .value())
        .isBetween(0.0, 1.0);
    double p50 =
        registry
            .get(MetricNames.EVENT_TO_PREDICTION_LATENCY)
            .tag("quantile", "0.5")
            .gauge()
            .value();
    double max =
        registry
            .get(MetricNames.EVENT_TO_PREDICTION_LATENCY)
            .tag("quantile", "max")
            .gauge()
            .value();
    assertThat(p50).as("median latency, seconds").isBetween(0.010, 0.017);
    assertThat(max).as("the slowest latency, seconds").isBetween(0.249, 0.251);
    assertThat(registry.get(MetricNames.STATE_BYTES).gauge().value()).isPositive();
  }

  @Test
  void sendsUndeserializableRecordsToTheDeadLetterTopicAndCarriesOn() {
    byte[] json = "{\"amount\": 3}".getBytes(StandardCharsets.UTF_8);
    rawFeatures.pipeInput("bad".getBytes(StandardCharsets.UTF_8), json);
    pipeScenario();

    TestOutputTopic<byte[], byte[]> dlq =
        driver.createOutputTopic(
            DeadLetterHeaders.topicFor(topics.features()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(letter.value()).isEqualTo(json);
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("UNKNOWN_MAGIC_BYTE");
    assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topics.features());
    assertThat(counter(MetricNames.RECORDS, "outcome", "dlq")).isEqualTo(1.0);
    assertThat(alerts.readValuesToList()).isNotEmpty();
  }

  @Test
  void sendsEventsDatedBefore1970ToTheDeadLetterTopic() {
    FeatureVector ancient =
        FeatureVector.newBuilder(StageScenario.events().get(0).features())
            .setEventTime(Instant.parse("1969-12-31T23:00:00Z"))
            .build();
    features.pipeInput("old", ancient, StageScenario.START);

    TestOutputTopic<byte[], byte[]> dlq =
        driver.createOutputTopic(
            DeadLetterHeaders.topicFor(topics.features()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("old");
    assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo("io.streamlearn.monitoring.avro.InvalidEventException");
    assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE)).contains("precedes 1970");
    assertThat(counter(MetricNames.RECORDS, "outcome", "dlq")).isEqualTo(1.0);
  }

  @Test
  void closesAQuietMonitorsWindowWhenStreamTimePassesItsEnd() {
    driver.close();
    start(
        MonitoringStageSettings.fromMap(
            Map.of(
                "allowedLateness",
                "1m",
                "monitors",
                List.of(
                    Map.of(
                        "name", "amount",
                        "type", "data-drift",
                        "numeric", List.of("TX_AMOUNT"),
                        "reference", Map.of("size", 300),
                        "window", "1h",
                        "warmup", "0s",
                        "cooldown", "0s"),
                    Map.of("name", "fraud-rate", "type", "label-rate", "warmup", "0s")))));
    List<StageScenario.Event> events = StageScenario.events();
    long shiftEnd =
        StageScenario.START.plusSeconds(3_600L * (StageScenario.SHIFT_HOUR + 1)).toEpochMilli();
    for (StageScenario.Event e : events) {
      if (e.eventTimeMillis() < shiftEnd) {
        features.pipeInput(e.transactionId(), e.features(), e.features().getEventTime());
      }
    }
    assertThat(alerts.readValuesToList()).as("the drifted window is still open").isEmpty();

    // labels alone move stream time past the window's end plus the allowed lateness
    for (StageScenario.Event e : events) {
      if (e.eventTimeMillis() >= shiftEnd && e.eventTimeMillis() < shiftEnd + 600_000L) {
        labels.pipeInput(e.transactionId(), e.label(), e.features().getEventTime());
      }
    }

    assertThat(alerts.readValuesToList())
        .filteredOn(a -> a.getMonitor().equals("amount"))
        .extracting(a -> a.getWindowEnd().toEpochMilli())
        .containsExactly(shiftEnd);
  }

  private double counter(String name, String tag, String value) {
    return registry.find(name).tag(tag, value).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
