package io.streamlearn.model.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.model.EmbeddedTopics;
import io.streamlearn.model.TestEvents;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.model.core.serving.PublishedModel;
import io.streamlearn.model.core.serving.ServingModel;
import io.streamlearn.model.core.serving.Trainer;
import io.streamlearn.platform.serde.AvroDeserializer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the Kafka Streams model stage with SIGKILL mid-stream and restarts it: under exactly-once
 * the trainer continues from its restored state, and every label is learned exactly once.
 */
@ExtendWith(EmbeddedStackExtension.class)
class TrainerRestartIT {

  private static final int EVENTS = 600;
  private static final int BEFORE_KILL = 450;

  @TempDir Path dir;

  @Test
  void shouldLearnEveryLabelExactlyOnceAcrossAKillNineAndARestart(TestStack stack)
      throws Exception {
    ModelTopics topics = EmbeddedTopics.create(stack, 2);
    String applicationId = stack.uniqueName("model-restart");
    ModelStageSettings settings = ModelStageProcess.settings();
    List<TestEvents.Event> events = TestEvents.stream(77, EVENTS, -1);
    stack.produce(
        topics.features(), events.stream().map(e -> KeyValue.pair(e.id(), e.features())).toList());

    try (KafkaConsumer<String, ModelSnapshot> snapshots = snapshotConsumer(stack, topics)) {
      List<ModelSnapshot> published = new ArrayList<>();

      Process first = start(stack, topics, applicationId, "first");
      Thread labels =
          new Thread(
              () -> {
                for (TestEvents.Event e : events.subList(0, BEFORE_KILL)) {
                  stack.produce(topics.labels(), e.id(), e.label());
                }
              });
      labels.start();
      awaitSnapshot(snapshots, published, s -> s.getExamplesSeen() >= 300, first);
      first.destroyForcibly().waitFor();
      labels.join();
      long learnedBeforeKill = published.get(published.size() - 1).getExamplesSeen();

      Process second = start(stack, topics, applicationId, "second");
      try {
        stack.produce(
            topics.labels(),
            events.subList(BEFORE_KILL, EVENTS).stream()
                .map(e -> KeyValue.pair(e.id(), e.label()))
                .toList());
        awaitSnapshot(snapshots, published, s -> s.getExamplesSeen() == EVENTS, second);
      } finally {
        second.destroyForcibly().waitFor();
      }

      // no cold start: versions continue without a gap or a repeat, examples never go back
      for (int i = 0; i < published.size(); i++) {
        assertThat(published.get(i).getVersion()).isEqualTo(i + 1L);
        if (i > 0) {
          assertThat(published.get(i).getExamplesSeen())
              .isGreaterThanOrEqualTo(published.get(i - 1).getExamplesSeen());
        }
      }
      assertThat(learnedBeforeKill).isGreaterThanOrEqualTo(300).isLessThan(EVENTS);

      // exactly once: the trainer's committed input holds every label once, in the order learned
      List<JoinedExample> learned = trainingInput(stack, applicationId);
      assertThat(learned).hasSize(EVENTS);
      assertThat(new HashSet<>(learned.stream().map(JoinedExample::transactionId).toList()))
          .hasSize(EVENTS);

      // the final snapshot is the model trained offline on the same examples in the same order
      Trainer offline = Trainer.create(settings);
      learned.forEach(offline::learn);
      PublishedModel expected = offline.publish().model();
      PublishedModel last = ModelAvroMapping.fromAvro(published.get(published.size() - 1));
      assertThat(last.examplesSeen()).isEqualTo(EVENTS);
      assertThat(last.state()).isEqualTo(expected.state());
      assertThat(last.featureMeans()).isEqualTo(expected.featureMeans());
      ServingModel served = ServingModel.of(settings, last);
      for (TestEvents.Event e : events.subList(0, 50)) {
        ServingModel.Score score = served.score(e.features().getFeatures());
        assertThat(score.probability()).isEqualTo(offline.predict(score.features()));
      }
    }
  }

  private Process start(TestStack stack, ModelTopics topics, String applicationId, String name)
      throws Exception {
    File log = dir.resolve(name + ".log").toFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamlearn");
    command.add("-Dlog4j2.configurationFile=log4j2-test.xml");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ModelStageProcess.class.getName());
    command.addAll(
        List.of(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            applicationId,
            dir.resolve("state").toString(),
            topics.features(),
            topics.labels(),
            topics.predictions(),
            topics.modelSnapshots(),
            topics.modelEvents(),
            topics.alerts()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  private static KafkaConsumer<String, ModelSnapshot> snapshotConsumer(
      TestStack stack, ModelTopics topics) {
    Map<String, Object> props = stack.consumerProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, ModelSnapshot> consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroDeserializer.forSpecific(ModelSnapshot.class)
                .configured(stack.clientProperties(), false));
    TopicPartition partition = new TopicPartition(topics.modelSnapshots(), 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    return consumer;
  }

  private void awaitSnapshot(
      KafkaConsumer<String, ModelSnapshot> consumer,
      List<ModelSnapshot> published,
      Predicate<ModelSnapshot> done,
      Process process)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (System.nanoTime() < deadline) {
      boolean reached = false;
      for (ConsumerRecord<String, ModelSnapshot> r : consumer.poll(Duration.ofMillis(100))) {
        published.add(r.value());
        reached |= done.test(r.value());
      }
      if (reached) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the model stage process died: " + output());
      }
    }
    throw new AssertionError(
        "no such snapshot in time; published "
            + published.stream().map(s -> s.getVersion() + ":" + s.getExamplesSeen()).toList()
            + "\n"
            + output());
  }

  private String output() throws Exception {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("first.log", "second.log")) {
      Path log = dir.resolve(name);
      if (Files.exists(log)) {
        List<String> lines = Files.readAllLines(log);
        out.append(name).append(":\n");
        lines
            .subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      }
    }
    return out.toString();
  }

  private static List<JoinedExample> trainingInput(TestStack stack, String applicationId) {
    Map<String, Object> props = stack.consumerProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    String topic = applicationId + "-" + ModelTopology.TRAINING + "-repartition";
    JoinedExampleSerde serde = new JoinedExampleSerde();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      return stack.consume(consumer, topic, EVENTS, Duration.ofSeconds(30)).stream()
          .map(r -> ExampleCodec.decodeJoined(serde.deserializer().deserialize(topic, r.value())))
          .toList();
    }
  }
}
