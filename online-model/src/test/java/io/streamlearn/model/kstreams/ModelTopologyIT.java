package io.streamlearn.model.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.model.EmbeddedTopics;
import io.streamlearn.model.TestEvents;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.platform.deadletter.DeadLetterDeserializationExceptionHandler;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedStackExtension.class)
class ModelTopologyIT {

  @TempDir Path stateDir;

  @Test
  void shouldScoreEveryVectorLearnEveryLabelAndDeadLetterGarbageOnTheBroker(TestStack stack)
      throws Exception {
    ModelTopics topics = EmbeddedTopics.create(stack, 2);
    ModelStageSettings settings =
        ModelStageSettings.defaults("fraud")
            .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(50));
    List<TestEvents.Event> events = TestEvents.stream(21, 300, -1);
    EmbeddedTopics.produce(stack, topics, events);
    try (KafkaProducer<byte[], byte[]> producer = stack.bytesProducer()) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.features(),
                  "tx-garbage".getBytes(StandardCharsets.UTF_8),
                  "{not avro}".getBytes(StandardCharsets.UTF_8)))
          .get();
    }

    Properties props = new Properties();
    props.putAll(stack.streamsProperties("model-topology-it"));
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationExceptionHandler.class);
    try (KafkaStreams streams =
        new KafkaStreams(
            ModelTopology.build(settings, topics, ModelSerdes.avro(stack.clientProperties())),
            props)) {
      streams.start();

      List<ConsumerRecord<String, Prediction>> predictions =
          EmbeddedTopics.readCommitted(
              stack, topics.predictions(), Prediction.class, 300, Duration.ofSeconds(120));
      assertThat(predictions.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
          .isEqualTo(events.stream().map(TestEvents.Event::id).collect(Collectors.toSet()));
      assertThat(predictions)
          .allSatisfy(r -> assertThat(r.value().getTransactionId()).isEqualTo(r.key()));

      List<ModelSnapshot> snapshots =
          EmbeddedTopics.readCommitted(
                  stack, topics.modelSnapshots(), ModelSnapshot.class, 6, Duration.ofSeconds(120))
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      assertThat(snapshots)
          .extracting(ModelSnapshot::getVersion)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(snapshots.get(5).getExamplesSeen()).isEqualTo(300);

      try (KafkaConsumer<byte[], byte[]> dlq = stack.bytesConsumer()) {
        ConsumerRecord<byte[], byte[]> letter =
            stack
                .consume(
                    dlq, DeadLetterHeaders.topicFor(topics.features()), 1, Duration.ofSeconds(60))
                .get(0);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not avro}");
        assertThat(
                new String(
                    letter.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8))
            .isEqualTo("UNKNOWN_MAGIC_BYTE");
      }
      Set<Long> versionsServed =
          EmbeddedTopics.readCommitted(
                  stack, topics.predictions(), Prediction.class, 300, Duration.ofSeconds(30))
              .stream()
              .map(r -> r.value().getModelVersion())
              .collect(Collectors.toSet());
      assertThat(versionsServed).contains(0L);
    }
  }
}
