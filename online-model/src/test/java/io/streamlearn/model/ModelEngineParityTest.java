package io.streamlearn.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelEvent;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.model.flink.KeyedAvroSerializationSchema;
import io.streamlearn.model.flink.LabelJoinFunction;
import io.streamlearn.model.flink.ScoringFunction;
import io.streamlearn.model.flink.TrainerFunction;
import io.streamlearn.model.kstreams.ModelSerdes;
import io.streamlearn.model.kstreams.ModelTopology;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input gives the same predictions, snapshots, model events and alerts on Kafka Streams
 * and on Flink. Deterministic by construction: one fixed snapshot is published to both before any
 * feature vector, every vector is scored before any label arrives, and labels arrive in one order,
 * so both trainers learn the same examples in the same order with the same update cadence.
 */
class ModelEngineParityTest {

  private static final Map<String, String> SERDE =
      Map.of("schema.registry.url", "mock://model-engine-parity");
  private static final ModelTopics TOPICS = ModelTopics.DEFAULTS;
  // the shipped fraud learner: FTRL at its default rate learns too slowly in 400 examples to make
  // anything but negative decisions, and an error stream that never changes raises no event
  private static final ModelStageSettings SETTINGS =
      ModelStageSettings.fraud()
          .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(40))
          .withConceptDrift(
              new ModelStageSettings.ConceptDrift(
                  ModelStageSettings.ConceptDrift.Detector.ADWIN,
                  0.05,
                  0.2,
                  ModelStageSettings.ConceptDrift.Response.PROMOTE_BACKGROUND,
                  Duration.ofMinutes(30),
                  Duration.ZERO));

  @TempDir Path stateDir;

  /** What an engine produced. */
  private record Outputs(
      List<Prediction> predictions,
      List<byte[]> snapshots,
      List<ModelEvent> events,
      List<DriftAlert> alerts) {}

  @Test
  void shouldGiveTheSamePredictionsSnapshotsEventsAndAlertsOnBothEngines() throws Exception {
    ModelSnapshot fixed = ScoringSnapshots.trained(SETTINGS, 300, 7);
    List<TestEvents.Event> events = TestEvents.stream(13, 400, 200);
    Map<String, Double> bad = new HashMap<>(events.get(5).features().getFeatures());
    bad.put("a", Double.NaN);
    bad.remove("b");
    events.set(
        5,
        new TestEvents.Event(
            TestEvents.features(
                events.get(5).id(), TestEvents.START + 5 * TestEvents.MINUTE, "C5", bad),
            events.get(5).label()));

    Outputs kafkaStreams = kafkaStreams(fixed, events);
    Outputs flink = flink(fixed, events);

    assertThat(kafkaStreams.predictions()).hasSize(400);
    assertThat(kafkaStreams.predictions()).extracting(Prediction::getModelVersion).containsOnly(7L);
    assertThat(kafkaStreams.predictions().get(5).getImputedFeatures()).isEqualTo(2);
    assertThat(withoutWallClock(flink.predictions()))
        .isEqualTo(withoutWallClock(kafkaStreams.predictions()));
    assertThat(kafkaStreams.snapshots()).hasSize(10);
    assertThat(flink.snapshots()).hasSize(10);
    for (int i = 0; i < 10; i++) {
      assertThat(flink.snapshots().get(i))
          .as("snapshot %d", i + 1)
          .isEqualTo(kafkaStreams.snapshots().get(i));
    }
    assertThat(kafkaStreams.events()).isNotEmpty();
    assertThat(flink.events()).isEqualTo(kafkaStreams.events());
    assertThat(kafkaStreams.alerts()).isNotEmpty();
    assertThat(flink.alerts()).isEqualTo(kafkaStreams.alerts());
  }

  private static List<Prediction> withoutWallClock(List<Prediction> predictions) {
    return predictions.stream()
        .map(
            p ->
                Prediction.newBuilder(p)
                    .setPredictedAt(Instant.EPOCH)
                    .setEntityIds(new java.util.TreeMap<>(p.getEntityIds()))
                    .build())
        .toList();
  }

  private Outputs kafkaStreams(ModelSnapshot fixed, List<TestEvents.Event> events) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "model-engine-parity");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    ModelSerdes serdes = ModelSerdes.avro(SERDE);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            ModelTopology.build(SETTINGS, TOPICS, serdes),
            props,
            Instant.ofEpochMilli(TestEvents.START))) {
      StringSerializer keys = new StringSerializer();
      driver
          .createInputTopic(TOPICS.modelSnapshots(), keys, serdes.snapshots().serializer())
          .pipeInput("fraud", fixed);
      driver.advanceWallClockTime(Duration.ofSeconds(1));
      TestInputTopic<String, io.streamlearn.features.avro.FeatureVector> features =
          driver.createInputTopic(TOPICS.features(), keys, serdes.features().serializer());
      TestInputTopic<String, Label> labels =
          driver.createInputTopic(TOPICS.labels(), keys, serdes.labels().serializer());
      events.forEach(e -> features.pipeInput(e.id(), e.features(), e.features().getEventTime()));
      events.forEach(e -> labels.pipeInput(e.id(), e.label(), e.label().getLabelTime()));
      StringDeserializer keyReader = new StringDeserializer();
      List<byte[]> snapshots =
          driver
              .createOutputTopic(TOPICS.modelSnapshots(), keyReader, new ByteArrayDeserializer())
              .readValuesToList();
      return new Outputs(
          driver
              .createOutputTopic(
                  TOPICS.predictions(), keyReader, serdes.predictions().deserializer())
              .readValuesToList(),
          snapshots,
          driver
              .createOutputTopic(TOPICS.modelEvents(), keyReader, serdes.events().deserializer())
              .readValuesToList(),
          driver
              .createOutputTopic(TOPICS.alerts(), keyReader, serdes.alerts().deserializer())
              .readValuesToList());
    }
  }

  private Outputs flink(ModelSnapshot fixed, List<TestEvents.Event> events) throws Exception {
    BroadcastOperatorTestHarness<
            io.streamlearn.features.avro.FeatureVector, ModelSnapshot, Prediction>
        scorer =
            new BroadcastOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(
                    new ScoringFunction(SETTINGS), List.of(ScoringFunction.SNAPSHOTS)),
                1,
                1,
                0);
    scorer.setup(
        SpecificAvroTypeInfo.forClass(Prediction.class)
            .createSerializer(new SerializerConfigImpl()));
    scorer.open();
    KeyedTwoInputStreamOperatorTestHarness<
            String, Tuple2<String, byte[]>, Label, Tuple2<String, byte[]>>
        join =
            ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new LabelJoinFunction(SETTINGS), s -> s.f0, Label::getTransactionId, Types.STRING);
    KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, byte[]>, ModelSnapshot> trainer =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new TrainerFunction(SETTINGS)), t -> t.f0, Types.STRING);
    trainer.setup(
        SpecificAvroTypeInfo.forClass(ModelSnapshot.class)
            .createSerializer(new SerializerConfigImpl()));
    trainer.open();

    scorer.processBroadcastElement(fixed, 0L);
    for (TestEvents.Event e : events) {
      scorer.processElement(e.features(), e.features().getEventTime().toEpochMilli());
    }
    for (StreamRecord<Tuple2<String, byte[]>> scored :
        scorer.getSideOutput(ScoringFunction.SCORED)) {
      join.processElement1(scored);
    }
    for (TestEvents.Event e : events) {
      join.processElement2(e.label(), e.label().getLabelTime().toEpochMilli());
    }
    for (Tuple2<String, byte[]> joined : join.extractOutputValues()) {
      trainer.processElement(joined, 0L);
    }
    KeyedAvroSerializationSchema<ModelSnapshot> sink =
        new KeyedAvroSerializationSchema<>(
            TOPICS.modelSnapshots(),
            SERDE,
            ModelSnapshot::getModelName,
            ModelAvroMapping::canonical);
    List<byte[]> snapshots = new ArrayList<>();
    for (ModelSnapshot s : trainer.extractOutputValues()) {
      snapshots.add(sink.serialize(s, null, 0L).value());
    }
    Outputs outputs =
        new Outputs(
            scorer.extractOutputValues(),
            snapshots,
            values(trainer.getSideOutput(TrainerFunction.EVENTS)),
            values(trainer.getSideOutput(TrainerFunction.ALERTS)));
    scorer.close();
    join.close();
    trainer.close();
    return outputs;
  }

  private static <T> List<T> values(Iterable<StreamRecord<T>> records) {
    List<T> values = new ArrayList<>();
    if (records != null) {
      records.forEach(r -> values.add(r.getValue()));
    }
    return values;
  }
}
