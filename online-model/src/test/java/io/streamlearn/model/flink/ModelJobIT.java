package io.streamlearn.model.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.model.EmbeddedTopics;
import io.streamlearn.model.TestEvents;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedStackExtension.class)
class ModelJobIT {

  private static KafkaSource<RawRecord> source(TestStack stack, String topic) {
    return KafkaSource.<RawRecord>builder()
        .setBootstrapServers(stack.bootstrapServers())
        .setTopics(topic)
        .setGroupId(stack.uniqueName("model-job-it"))
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new RawRecordDeserializationSchema())
        .build();
  }

  @Test
  void shouldScoreLearnAndDeadLetterExactlyOnceOnAMiniCluster(TestStack stack) throws Exception {
    ModelTopics topics = EmbeddedTopics.create(stack, 2);
    ModelStageSettings settings =
        ModelStageSettings.defaults("fraud-flink-it")
            .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(50));
    List<TestEvents.Event> events = TestEvents.stream(31, 300, -1);
    EmbeddedTopics.produce(stack, topics, events);
    try (KafkaProducer<byte[], byte[]> producer = stack.bytesProducer()) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.labels(),
                  "tx-garbage".getBytes(StandardCharsets.UTF_8),
                  new byte[] {0, 0, 0}))
          .get();
    }

    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    env.enableCheckpointing(500);
    new ModelJob(
            settings,
            stack.clientProperties(),
            new ModelJob.Sources(
                source(stack, topics.features()),
                source(stack, topics.labels()),
                source(stack, topics.modelSnapshots())),
            ModelJob.kafkaSinks(
                settings,
                topics,
                stack.bootstrapServers(),
                stack.clientProperties(),
                DeliveryGuarantee.EXACTLY_ONCE))
        .addTo(env);
    JobClient job = env.executeAsync("model-job-it");
    try {
      assertOutputs(stack, topics, events);
    } finally {
      job.cancel().get();
    }
  }

  private static void assertOutputs(
      TestStack stack, ModelTopics topics, List<TestEvents.Event> events) {
    List<ConsumerRecord<String, Prediction>> predictions =
        EmbeddedTopics.readCommitted(
            stack, topics.predictions(), Prediction.class, 300, Duration.ofSeconds(60));
    assertThat(predictions.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
        .isEqualTo(events.stream().map(TestEvents.Event::id).collect(Collectors.toSet()));
    List<ModelSnapshot> snapshots =
        EmbeddedTopics.readCommitted(
                stack, topics.modelSnapshots(), ModelSnapshot.class, 6, Duration.ofSeconds(60))
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
              .consume(dlq, DeadLetterHeaders.topicFor(topics.labels()), 1, Duration.ofSeconds(60))
              .get(0);
      assertThat(letter.value()).isEqualTo(new byte[] {0, 0, 0});
      assertThat(
              new String(
                  letter.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("TRUNCATED");
      assertThat(
              new String(
                  letter.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo(topics.labels());
      assertThat(letter.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET)).isNotNull();
    }
  }
}
