package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.core.serving.ExampleFeatures;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.Trainer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adaptive random forest's snapshot passes Kafka's default 1 MB record limit: the default
 * producer and a default topic refuse it; the pipeline's {@code model-snapshots} topic and the
 * model stage's producer settings take it.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ModelSnapshotSizeIT {

  private static final int DEFAULT_LIMIT = 1_048_576;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static ModelSnapshot forest;

  @TempDir Path state;

  /** Trains {@code adaptive-random-forest} (25 trees) until its snapshot passes 1 MB. */
  @BeforeAll
  static void trainAForest() {
    ModelStageSettings settings =
        ModelStageSettings.defaults("forest")
            .withLearner(
                "adaptive-random-forest",
                Map.of("ensemble_size", "25", "grace_period", "200", "lambda", "3"));
    Trainer trainer = Trainer.create(settings);
    SplittableRandom random = new SplittableRandom(7);
    long time = 1_700_000_000_000L;
    int examples = 0;
    while (true) {
      for (int i = 0; i < 5_000; i++, examples++) {
        Map<String, Double> x = new HashMap<>();
        for (int f = 0; f < 12; f++) {
          x.put("f" + f, random.nextDouble());
        }
        boolean label = x.get("f0") + x.get("f1") * x.get("f2") + 0.2 * random.nextDouble() > 1;
        time += 1_000;
        trainer.learn(
            new JoinedExample(
                ScoredEvent.of(
                    "t" + examples, time, Map.of(), ExampleFeatures.of(x, List.of()), 0.5, 0),
                label,
                time));
      }
      forest = ModelAvroMapping.toAvro(trainer.publish().model());
      if (size(forest) > 2 * DEFAULT_LIMIT || examples >= 400_000) {
        break;
      }
    }
    assertThat(size(forest))
        .as("snapshot bytes after %d examples", examples)
        .isGreaterThan(DEFAULT_LIMIT);
  }

  private static int size(ModelSnapshot snapshot) {
    try {
      return snapshot.toByteBuffer().remaining();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static KafkaProducer<String, ModelSnapshot> producer(
      TestStack stack, Map<String, Object> settings) {
    Map<String, Object> config = stack.clientProperties();
    config.putAll(settings);
    return new KafkaProducer<>(
        config,
        new StringSerializer(),
        new AvroSerializer<ModelSnapshot>().configured(stack.clientProperties(), false));
  }

  private static void publish(KafkaProducer<String, ModelSnapshot> producer, String topic)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, "forest", forest)).get();
  }

  @Test
  void kafkasDefaultLimitsRefuseAForestSnapshot(TestStack stack) {
    String topic = stack.createTopic("default-snapshots");
    try (KafkaProducer<String, ModelSnapshot> defaults = producer(stack, Map.of())) {
      assertThatThrownBy(() -> publish(defaults, topic))
          .as("the producer's max.request.size")
          .hasCauseInstanceOf(RecordTooLargeException.class);
    }
    try (KafkaProducer<String, ModelSnapshot> large =
        producer(
            stack,
            Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ModelTopics.MAX_SNAPSHOT_BYTES))) {
      assertThatThrownBy(() -> publish(large, topic))
          .as("the topic's max.message.bytes")
          .hasCauseInstanceOf(RecordTooLargeException.class);
    }
  }

  @Test
  void thePipelinesSnapshotTopicAndModelProducerTakeIt(TestStack stack) throws Exception {
    String run = stack.uniqueName("snapshot-size");
    PipelineDefinition pipeline = PipelineRuntimeIT.fraudOn(stack, run, Engine.KSTREAMS);
    ClusterConnection cluster =
        ClusterConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    RuntimeOptions options = RuntimeOptions.defaults().withApplicationIdPrefix(run);
    PipelineRuntime.createTopics(cluster, pipeline.topics(), 1);
    // the producer settings of the model stage on Kafka Streams
    Properties streams = KafkaStreamsRun.properties(Stage.MODEL, pipeline, cluster, state, options);
    Map<String, Object> producerSettings = new HashMap<>();
    streams.forEach(
        (key, value) -> {
          String k = (String) key;
          if (k.startsWith(StreamsConfig.PRODUCER_PREFIX)) {
            producerSettings.put(k.substring(StreamsConfig.PRODUCER_PREFIX.length()), value);
          }
        });
    assertThat(producerSettings).containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

    String topic = pipeline.topics().modelSnapshots();
    try (KafkaProducer<String, ModelSnapshot> producer = producer(stack, producerSettings)) {
      publish(producer, topic);
    }

    assertThat(stack.consumeValues(topic, ModelSnapshot.class, 1, WAIT)).containsExactly(forest);
  }
}
