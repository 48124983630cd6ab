package io.streamlearn.features.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.stage.BrokerTopics;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.ParityAssertions;
import io.streamlearn.features.stage.RetainedTopics;
import io.streamlearn.features.stage.SimulatedInputs;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/OPERATIONS.md, "Kafka Streams instances": two instances of the feature stage with the same
 * {@code application.id}, each with its own state directory, on inputs of three partitions, split
 * the tasks between them; when one leaves mid-stream the other takes its tasks over, restores their
 * state (entity states, label joins, on-watermark buffers) from the changelogs, and the features
 * written by both are exactly the reference's: none lost, none twice.
 *
 * <p>The input arrives as it does live: half a day of event time at a time, each processed before
 * the next comes, so that the event-time skew between partitions stays within the allowed lateness
 * (one day here). A backfill of days in one go lets the tasks of different partitions drift apart
 * by more, and the entity stages then reject transactions as late (docs/OPERATIONS.md).
 */
@ExtendWith(EmbeddedStackExtension.class)
class TwoInstancesIT {

  private static final int PARTITIONS = 3;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long HALF_DAY = 43_200_000L;
  private static final long DAY = 2 * HALF_DAY;

  @TempDir Path stateDirA;
  @TempDir Path stateDirB;

  @Test
  void twoInstancesShareTheTasksAndOneTakesOverWhenTheOtherLeavesMidStream(TestStack stack) {
    FeatureStageSettings settings =
        FeatureStageSettings.defaults()
            .withEmitMode(EmitMode.ON_WATERMARK)
            .withAllowedLateness(Duration.ofDays(1));
    SimulatedInputs inputs = SimulatedInputs.of(100, 10, 71L);
    FeatureRun reference =
        ReferenceFeatures.run(
            settings.spec(), settings.streamSettings(), inputs.inCanonicalOrder());
    assertThat(reference.rejections()).isEmpty();
    List<List<FeatureInput>> chunks = halfDays(inputs.inStreamOrder());

    BrokerTopics topics = new BrokerTopics(stack, PARTITIONS);
    RetainedTopics.keepForever(stack, topics.topics());
    Map<String, Object> common = stack.streamsProperties("features-two");
    String applicationId = (String) common.get(StreamsConfig.APPLICATION_ID_CONFIG);
    try (KafkaStreams a = start(stack, settings, topics, common, stateDirA);
        KafkaStreams b = start(stack, settings, topics, common, stateDirB)) {
      Await.until(
          WAIT,
          Await.DEFAULT_POLL,
          () ->
              a.state() == KafkaStreams.State.RUNNING
                  && b.state() == KafkaStreams.State.RUNNING
                  && !activeTasks(a).isEmpty()
                  && !activeTasks(b).isEmpty(),
          () ->
              "both instances running with active tasks (A: "
                  + a.state()
                  + " "
                  + activeTasks(a)
                  + ", B: "
                  + b.state()
                  + " "
                  + activeTasks(b)
                  + ")");
      Set<String> tasksOfA = activeTasks(a);
      Set<String> tasksOfB = activeTasks(b);
      assertThat(tasksOfA).doesNotContainAnyElementsOf(tasksOfB);
      Set<String> all = new TreeSet<>(tasksOfA);
      all.addAll(tasksOfB);
      // three sub-topologies (ingest and label join, customer stage, terminal stage) of 3 tasks
      assertThat(all).hasSize(3 * PARTITIONS);

      int leaveAt = chunks.size() / 2;
      for (int i = 0; i < leaveAt; i++) {
        topics.produce(chunks.get(i));
        awaitCaughtUp(stack.admin(), applicationId, topics);
      }
      assertThat(processed(a)).as("records processed by instance A").isPositive();
      assertThat(processed(b)).as("records processed by instance B").isPositive();

      topics.produce(chunks.get(leaveAt));
      b.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
      Await.until(
          WAIT,
          Await.DEFAULT_POLL,
          () -> a.state() == KafkaStreams.State.RUNNING && activeTasks(a).equals(all),
          () -> "instance A running with every task (A: " + a.state() + " " + activeTasks(a) + ")");
      awaitCaughtUp(stack.admin(), applicationId, topics);
      for (int i = leaveAt + 1; i < chunks.size(); i++) {
        topics.produce(chunks.get(i));
        awaitCaughtUp(stack.admin(), applicationId, topics);
      }
      long last = inputs.inStreamOrder().stream().mapToLong(FeatureInput::time).max().orElseThrow();
      topics.produce(flushes(last + 2 * DAY, 0));
      awaitCaughtUp(stack.admin(), applicationId, topics);
      topics.produce(flushes(last + 4 * DAY, 1));

      List<FeatureVector> vectors =
          topics.vectors(reference.vectors().size(), Duration.ofSeconds(60));
      ParityAssertions.assertMatchesReference(settings.spec(), reference, vectors);
      assertThat(topics.letters()).isEmpty();
    }
  }

  /** The inputs in stream order, cut into half days of event time. */
  private static List<List<FeatureInput>> halfDays(List<FeatureInput> stream) {
    Map<Long, List<FeatureInput>> chunks = new TreeMap<>();
    for (FeatureInput input : stream) {
      chunks.computeIfAbsent(input.time() / HALF_DAY, k -> new ArrayList<>()).add(input);
    }
    return new ArrayList<>(chunks.values());
  }

  /**
   * One transaction per partition, for entities of their own, whose transaction id, customer id and
   * terminal id fall in that partition of the input and of the two stages' repartition topics: on
   * watermark, a task releases what waits only when its own stream time moves on. A first wave
   * moves the inputs and the customer stage on (they release everything before it); a second moves
   * the first wave through the customer stage to the terminal stage, which then releases the rest.
   */
  private static List<FeatureInput> flushes(long time, int wave) {
    List<FeatureInput> flushes = new ArrayList<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      flushes.add(
          new FeatureInput.Transaction(
              new TransactionEvent(
                  keyIn("flush-" + wave + "-tx-", partition),
                  time,
                  keyIn("flush-customer-", partition),
                  keyIn("flush-terminal-", partition),
                  1.0)));
    }
    return flushes;
  }

  /** A key with {@code prefix} that Kafka's default partitioner puts in {@code partition}. */
  private static String keyIn(String prefix, int partition) {
    for (int i = 0; ; i++) {
      String key = prefix + i;
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      if (Utils.toPositive(Utils.murmur2(bytes)) % PARTITIONS == partition) {
        return key;
      }
    }
  }

  /**
   * Waits until the application has committed, on every partition of its inputs and its repartition
   * topics, the end offset: all that was produced has gone through every stage.
   */
  private static void awaitCaughtUp(Admin admin, String applicationId, BrokerTopics topics) {
    Await.until("the application to catch up", WAIT, () -> caughtUp(admin, applicationId, topics));
  }

  private static boolean caughtUp(Admin admin, String applicationId, BrokerTopics topics) {
    try {
      List<String> read = new ArrayList<>();
      read.add(topics.topics().transactions());
      read.add(topics.topics().labels());
      for (String name : admin.listTopics().names().get()) {
        if (name.startsWith(applicationId + "-") && name.endsWith("-repartition")) {
          read.add(name);
        }
      }
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (TopicDescription topic : admin.describeTopics(read).allTopicNames().get().values()) {
        topic
            .partitions()
            .forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()), latest()));
      }
      Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
      for (Map.Entry<TopicPartition, ListOffsetsResultInfo> partition : end.entrySet()) {
        long endOffset = partition.getValue().offset();
        OffsetAndMetadata at = committed.get(partition.getKey());
        if (endOffset > 0 && (at == null || at.offset() < endOffset)) {
          return false;
        }
      }
      return true;
    } catch (ExecutionException e) {
      return false; // a repartition topic being created: ask again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static OffsetSpec latest() {
    return OffsetSpec.latest();
  }

  private static KafkaStreams start(
      TestStack stack,
      FeatureStageSettings settings,
      BrokerTopics topics,
      Map<String, Object> common,
      Path stateDir) {
    Properties properties = new Properties();
    properties.putAll(common);
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    properties.putAll(FeatureTopology.config(settings));
    KafkaStreams streams =
        new KafkaStreams(
            FeatureTopology.build(
                settings,
                topics.topics(),
                Map.of("schema.registry.url", stack.schemaRegistryUrl()),
                new SimpleMeterRegistry()),
            properties);
    streams.start();
    return streams;
  }

  private static Set<String> activeTasks(KafkaStreams streams) {
    Set<String> tasks = new TreeSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        tasks.add(task.taskId().toString());
      }
    }
    return tasks;
  }

  /** Kafka Streams' own count of the records the instance's threads processed. */
  private static double processed(KafkaStreams streams) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
      if (metric.getKey().name().equals("process-total")
          && metric.getKey().group().equals("stream-thread-metrics")) {
        total += ((Number) metric.getValue().metricValue()).doubleValue();
      }
    }
    return total;
  }
}
