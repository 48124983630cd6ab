package io.streamlearn.model.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.TestEvents;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelEvent;
import io.streamlearn.model.avro.ModelEventType;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.ServingModel;
import io.streamlearn.model.metrics.MicrometerModelStageMetrics;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTopologyTest {

  private static final ModelTopics TOPICS = ModelTopics.DEFAULTS;

  @TempDir Path stateDir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ModelSerdes serdes =
      ModelSerdes.avro(Map.of("schema.registry.url", "mock://model-topology-test"));
  private TopologyTestDriver driver;
  private TestInputTopic<String, FeatureVector> features;
  private TestInputTopic<String, Label> labels;
  private TestInputTopic<String, ModelSnapshot> snapshotsIn;
  private TestOutputTopic<String, Prediction> predictions;
  private TestOutputTopic<String, ModelSnapshot> snapshots;
  private TestOutputTopic<String, ModelEvent> events;
  private TestOutputTopic<String, DriftAlert> alerts;

  private static ModelStageSettings settings() {
    return ModelStageSettings.defaults("fraud")
        .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(5))
        .withLabelJoinTtl(Duration.ofDays(1));
  }

  private void start(ModelStageSettings settings) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "model-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            ModelTopology.build(
                settings,
                TOPICS,
                serdes,
                new MicrometerModelStageMetrics(registry, settings.name())),
            props,
            Instant.ofEpochMilli(TestEvents.START));
    StringSerializer keys = new StringSerializer();
    features = driver.createInputTopic(TOPICS.features(), keys, serdes.features().serializer());
    labels = driver.createInputTopic(TOPICS.labels(), keys, serdes.labels().serializer());
    snapshotsIn =
        driver.createInputTopic(TOPICS.modelSnapshots(), keys, serdes.snapshots().serializer());
    StringDeserializer keyReader = new StringDeserializer();
    predictions =
        driver.createOutputTopic(
            TOPICS.predictions(), keyReader, serdes.predictions().deserializer());
    snapshots =
        driver.createOutputTopic(
            TOPICS.modelSnapshots(), keyReader, serdes.snapshots().deserializer());
    events =
        driver.createOutputTopic(TOPICS.modelEvents(), keyReader, serdes.events().deserializer());
    alerts = driver.createOutputTopic(TOPICS.alerts(), keyReader, serdes.alerts().deserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void pipe(TestEvents.Event e) {
    features.pipeInput(e.id(), e.features(), e.features().getEventTime());
  }

  private void pipeLabel(TestEvents.Event e) {
    labels.pipeInput(e.id(), e.label(), e.label().getLabelTime());
  }

  /** Each event's features, then its label. */
  private void pipeWithLabels(List<TestEvents.Event> events) {
    events.forEach(
        e -> {
          pipe(e);
          pipeLabel(e);
        });
  }

  @Test
  void shouldScoreEveryFeatureVectorWithTheUntrainedModelBeforeAnySnapshot() {
    start(settings());
    List<TestEvents.Event> stream = TestEvents.stream(1, 3, -1);
    stream.forEach(this::pipe);

    List<Prediction> out = predictions.readValuesToList();
    assertThat(out)
        .extracting(Prediction::getTransactionId)
        .containsExactly(stream.get(0).id(), stream.get(1).id(), stream.get(2).id());
    assertThat(out)
        .allSatisfy(
            p -> {
              assertThat(p.getModelVersion()).isZero();
              assertThat(p.getModelName()).isEqualTo("fraud");
              assertThat(p.getImputedFeatures()).isZero();
              assertThat(p.getDecision()).isEqualTo(p.getScore() >= 0.5);
              assertThat(p.getEntityIds()).containsKey("customerId");
            });
    assertThat(registry.get("streamlearn.records").tags("outcome", "ok").counter().count())
        .isEqualTo(3);
  }

  @Test
  void shouldSetTheProducersBatchAndRequestSizesOnlyWhereTheCallerSetNone() {
    String batch = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);
    String request = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    String linger = StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG);

    Map<String, Object> defaults = ModelTopology.config(Map.of());
    assertThat(defaults)
        .containsEntry(batch, ModelTopology.PRODUCER_BATCH_BYTES)
        .containsEntry(request, ModelTopics.MAX_SNAPSHOT_BYTES)
        .containsEntry(linger, ModelTopology.PRODUCER_LINGER_MS);
    assertThat(ModelTopology.config(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 1000)))
        .doesNotContainKey(batch)
        .containsKey(request);
    assertThat(ModelTopology.config(Map.of(batch, 1000, request, 2000)))
        .doesNotContainKeys(batch, request)
        .containsKey(linger);
  }

  @Test
  void shouldCountTombstonesAndCarryOn() {
    start(settings());
    features.pipeInput("tx-gone", null);
    labels.pipeInput("tx-gone", null);
    TestEvents.Event e = TestEvents.stream(11, 1, -1).get(0);
    pipe(e);

    assertThat(predictions.readValuesToList()).hasSize(1);
    assertThat(registry.get("streamlearn.records").tags("outcome", "tombstone").counter().count())
        .isEqualTo(2);
  }

  @Test
  void shouldImputeAndFlagBadFeatureValuesInsteadOfFailing() {
    start(settings());
    Map<String, Double> x = new HashMap<>();
    x.put("a", Double.NaN);
    x.put("b", Double.POSITIVE_INFINITY);
    x.put("c", 1.0);
    features.pipeInput("tx-bad", TestEvents.features("tx-bad", TestEvents.START, "C1", x));

    Prediction p = predictions.readValue();
    assertThat(p.getImputedFeatures()).isEqualTo(2);
    assertThat(p.getScore()).isBetween(0.0, 1.0);
    assertThat(registry.get("streamlearn.model.imputed.features").counter().count()).isEqualTo(2);
  }

  @Test
  void shouldJoinLabelsToScoredFeaturesAndPublishASnapshotEveryNUpdates() {
    start(settings());
    List<TestEvents.Event> stream = TestEvents.stream(2, 12, -1);
    stream.forEach(this::pipe);
    stream.forEach(this::pipeLabel);

    List<ModelSnapshot> published = snapshots.readValuesToList();
    assertThat(published).extracting(ModelSnapshot::getVersion).containsExactly(1L, 2L);
    assertThat(published).extracting(ModelSnapshot::getExamplesSeen).containsExactly(5L, 10L);
    assertThat(published.get(1).getModelName()).isEqualTo("fraud");
    assertThat(published.get(1).getFeatureMeans()).containsOnlyKeys("a", "b", "c");
    assertThat(
            registry
                .get("streamlearn.model.label.join")
                .tags("outcome", "joined")
                .counter()
                .count())
        .isEqualTo(12);
    assertThat(registry.get("streamlearn.model.version").gauge().value()).isEqualTo(2);
  }

  @Test
  void shouldLetALabelThatArrivesFirstWaitForItsFeatures() {
    start(settings());
    List<TestEvents.Event> stream = TestEvents.stream(3, 5, -1);
    stream.forEach(this::pipeLabel);
    assertThat(snapshots.isEmpty()).isTrue();
    stream.forEach(this::pipe);

    assertThat(snapshots.readValue().getExamplesSeen()).isEqualTo(5);
  }

  @Test
  void shouldSwapToANewerSnapshotWithoutARestart() throws Exception {
    start(settings());
    List<TestEvents.Event> stream = TestEvents.stream(4, 12, -1);
    pipeWithLabels(stream.subList(0, 10));
    List<ModelSnapshot> published = snapshots.readValuesToList();
    predictions.readValuesToList();
    driver.advanceWallClockTime(ScoringProcessor.REFRESH);
    pipe(stream.get(10));

    ModelSnapshot latest = published.get(published.size() - 1);
    Prediction p = predictions.readValue();
    assertThat(p.getModelVersion()).isEqualTo(latest.getVersion()).isEqualTo(2);
    ServingModel served = ServingModel.of(settings(), ModelAvroMapping.fromAvro(latest));
    assertThat(p.getScore())
        .isEqualTo(served.score(stream.get(10).features().getFeatures()).probability());
  }

  @Test
  void shouldCountAndSkipARecordOnTheSnapshotTopicThatIsNotASnapshot() {
    start(settings());
    List<TestEvents.Event> stream = TestEvents.stream(5, 11, -1);
    pipeWithLabels(stream.subList(0, 10));
    snapshots.readValuesToList();
    driver
        .createInputTopic(
            TOPICS.modelSnapshots(),
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput("fraud", "not a snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    driver.advanceWallClockTime(ScoringProcessor.REFRESH);
    predictions.readValuesToList();
    pipe(stream.get(10));

    assertThat(predictions.readValue().getModelVersion()).isEqualTo(2);
    assertThat(registry.get("streamlearn.records").tags("outcome", "invalid").counter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldIgnoreASnapshotOlderThanTheOneServed() {
    start(settings());
    List<TestEvents.Event> stream = TestEvents.stream(5, 11, -1);
    pipeWithLabels(stream.subList(0, 10));
    ModelSnapshot first = snapshots.readValuesToList().get(0);
    snapshotsIn.pipeInput("fraud", first);
    driver.advanceWallClockTime(ScoringProcessor.REFRESH);
    predictions.readValuesToList();
    pipe(stream.get(10));

    assertThat(predictions.readValue().getModelVersion()).isEqualTo(2);
  }

  @Test
  void shouldExpireWhatNeverMetWithinTheTtlAndCountIt() {
    start(settings());
    List<TestEvents.Event> stream = TestEvents.stream(6, 3, -1);
    pipe(stream.get(0));
    pipeLabel(stream.get(1));
    long later = TestEvents.START + Duration.ofDays(3).toMillis();
    TestEvents.Event last = TestEvents.stream(7, 1, -1).get(0);
    features.pipeInput(
        "tx-late",
        TestEvents.features("tx-late", later, "C1", last.features().getFeatures()),
        Instant.ofEpochMilli(later));
    driver.advanceWallClockTime(LabelJoinProcessor.EXPIRY_SCAN);

    assertThat(join("expired-unlabelled")).isEqualTo(1);
    assertThat(join("expired-unmatched-label")).isEqualTo(1);
    assertThat(registry.get("streamlearn.records").tags("outcome", "expired").counter().count())
        .isEqualTo(2);
    pipe(stream.get(1)); // its label expired: the features wait for a new one
    assertThat(join("joined")).isZero();
  }

  @Test
  void shouldExpireABacklogLargerThanOneScanInStepsAndStatesStoredLateBelowTheLastScan() {
    start(settings());
    Map<String, Double> x = TestEvents.stream(9, 1, -1).get(0).features().getFeatures();
    int backlog = LabelJoinProcessor.MAX_EXPIRIES_PER_SCAN + 10;
    for (int i = 0; i < backlog; i++) {
      long t = TestEvents.START + i;
      features.pipeInput("tx-" + i, TestEvents.features("tx-" + i, t, "C1", x), t);
    }
    long later = TestEvents.START + Duration.ofDays(3).toMillis();
    features.pipeInput(
        "tx-clock", TestEvents.features("tx-clock", later, "C1", x), Instant.ofEpochMilli(later));

    driver.advanceWallClockTime(LabelJoinProcessor.EXPIRY_SCAN);
    assertThat(join("expired-unlabelled")).isEqualTo(LabelJoinProcessor.MAX_EXPIRIES_PER_SCAN);
    driver.advanceWallClockTime(LabelJoinProcessor.EXPIRY_SCAN);
    assertThat(join("expired-unlabelled")).isEqualTo(backlog);

    // scored late, with an expiry below everything scanned so far: the next scan still finds it
    features.pipeInput(
        "tx-old",
        TestEvents.features("tx-old", TestEvents.START, "C1", x),
        Instant.ofEpochMilli(TestEvents.START));
    driver.advanceWallClockTime(LabelJoinProcessor.EXPIRY_SCAN);
    assertThat(join("expired-unlabelled")).isEqualTo(backlog + 1);
    assertThat(registry.get("streamlearn.records").tags("outcome", "expired").counter().count())
        .isEqualTo(backlog + 1);
  }

  @Test
  void shouldCountADuplicateLabelAndNeverLearnItTwice() {
    start(settings());
    List<TestEvents.Event> stream = TestEvents.stream(8, 5, -1);
    stream.forEach(this::pipe);
    stream.forEach(this::pipeLabel);
    pipeLabel(stream.get(0));
    pipe(stream.get(1));

    assertThat(join("duplicate-label")).isEqualTo(1);
    assertThat(join("duplicate-features")).isEqualTo(1);
    assertThat(join("joined")).isEqualTo(5);
    assertThat(snapshots.readValuesToList())
        .extracting(ModelSnapshot::getExamplesSeen)
        .containsExactly(5L);
  }

  @Test
  void shouldPublishTheDriftResponseAsAModelEventCausedByTheAlert() {
    ModelStageSettings s =
        settings()
            .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(500))
            .withConceptDrift(
                new ModelStageSettings.ConceptDrift(
                    ModelStageSettings.ConceptDrift.Detector.ADWIN,
                    0.002,
                    0.01,
                    ModelStageSettings.ConceptDrift.Response.RESET,
                    Duration.ofHours(1),
                    Duration.ZERO));
    start(s);
    // the joined examples go straight into the trainer's input topic: a RocksDB-backed join
    // flushes on every record under TopologyTestDriver, too slow for thousands of records
    TestInputTopic<String, byte[]> training =
        driver.createInputTopic(
            "model-topology-test-" + ModelTopology.TRAINING + "-repartition",
            new StringSerializer(),
            new JoinedExampleSerde().serializer());
    for (TestEvents.Event e : TestEvents.stream(9, 3_000, 1_500)) {
      ServingModel.Score score = ServingModel.untrained(s).score(e.features().getFeatures());
      training.pipeInput(
          "fraud",
          ExampleCodec.encode(
              new JoinedExample(
                  ScoredEvent.of(
                      e.id(),
                      e.features().getEventTime().toEpochMilli(),
                      e.features().getEntityIds(),
                      score.features(),
                      score.probability(),
                      0),
                  e.label().getIsFraud(),
                  e.label().getLabelTime().toEpochMilli())));
    }

    List<DriftAlert> raised = alerts.readValuesToList();
    List<ModelEvent> resets =
        events.readValuesToList().stream()
            .filter(e -> e.getType() == ModelEventType.DRIFT_RESET)
            .toList();
    assertThat(raised)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.getKind()).isEqualTo(DriftKind.CONCEPT_DRIFT));
    assertThat(resets).isNotEmpty();
    assertThat(resets)
        .extracting(ModelEvent::getAlertId)
        .isSubsetOf(raised.stream().map(DriftAlert::getAlertId).toList());
    assertThat(
            registry
                .get("streamlearn.drift.responses")
                .tags("model", "fraud", "response", "reset")
                .counter()
                .count())
        .isEqualTo(resets.size());
    assertThat(registry.get("streamlearn.alerts").tags("kind", "CONCEPT_DRIFT").counter().count())
        .isEqualTo(raised.size());
    assertThat(snapshots.readValuesToList())
        .extracting(ModelSnapshot::getExamplesSeen)
        .endsWith(3_000L);
  }

  @Test
  void shouldPublishOnTheWallClockWhenItLearnedSinceTheLastSnapshot() {
    start(
        settings()
            .withSnapshot(new ModelStageSettings.SnapshotCadence(1_000, Duration.ofSeconds(10))));
    List<TestEvents.Event> stream = TestEvents.stream(10, 3, -1);
    pipeWithLabels(stream);
    assertThat(snapshots.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(snapshots.readValue().getExamplesSeen()).isEqualTo(3);
    driver.advanceWallClockTime(Duration.ofSeconds(10));

    assertThat(snapshots.isEmpty()).isTrue();
    assertThat(registry.get("streamlearn.model.roc.auc").tags("window", "rolling").gauge().value())
        .isBetween(0.0, 1.0);
  }

  private double join(String outcome) {
    return registry.get("streamlearn.model.label.join").tags("outcome", outcome).counter().count();
  }
}
