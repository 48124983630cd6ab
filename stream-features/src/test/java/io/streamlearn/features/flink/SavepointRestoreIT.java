package io.streamlearn.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.stage.BrokerTopics;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.ParityAssertions;
import io.streamlearn.features.stage.RetainedTopics;
import io.streamlearn.features.stage.SimulatedInputs;
import io.streamlearn.ingest.core.TransactionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/OPERATIONS.md, "Flink: savepoints and upgrades": the feature job, stopped with a savepoint
 * half way through the stream and started again from it, at another parallelism, writes exactly the
 * features of an uninterrupted run. The restored state is what makes them right: the 7- and 30-day
 * windows of the customers and terminals span the stop, labels in the second half join transactions
 * of the first, and the inputs waiting for the watermark at the stop are emitted after it. Kafka
 * offsets come back from the savepoint too: nothing is read twice or skipped. Both engine plans:
 * the keyed plan's state is keyed state redistributed to the new parallelism; the single-task
 * plan's is the operator state of its one task (at parallelism 1 in both runs).
 */
@ExtendWith(EmbeddedStackExtension.class)
class SavepointRestoreIT {

  private static final int PARTITIONS = 3;
  private static final long DAY = 86_400_000L;

  @TempDir Path savepoints;

  @ParameterizedTest
  @EnumSource(EnginePlan.class)
  void aJobRestoredFromASavepointAtAnotherParallelismContinuesAsIfNeverStopped(
      EnginePlan plan, TestStack stack) throws Exception {
    FeatureStageSettings settings =
        FeatureStageSettings.defaults().withEmitMode(EmitMode.ON_WATERMARK).withPlan(plan);
    SimulatedInputs inputs = SimulatedInputs.of(100, 10, 41L);
    List<FeatureInput> stream = inputs.inStreamOrder();
    FeatureRun reference =
        ReferenceFeatures.run(
            settings.spec(), settings.streamSettings(), inputs.inCanonicalOrder());
    assertThat(reference.rejections()).isEmpty();
    int half = stream.size() / 2;
    long last = stream.stream().mapToLong(FeatureInput::time).max().orElseThrow();
    List<FeatureInput> secondHalf = new ArrayList<>(stream.subList(half, stream.size()));
    secondHalf.addAll(flushes(last + 2 * DAY));

    BrokerTopics topics = new BrokerTopics(stack, PARTITIONS);
    RetainedTopics.keepForever(stack, topics.topics());
    KafkaConnection kafka =
        new KafkaConnection(
            stack.bootstrapServers(),
            stack.uniqueName("features-savepoint"),
            Map.of(),
            Map.of("schema.registry.url", stack.schemaRegistryUrl()),
            false);

    topics.produce(stream.subList(0, half));
    JobClient first = start(settings, topics, kafka, 1, null);
    int firstTransactions =
        (int)
            stream.subList(0, half).stream()
                .filter(FeatureInput.Transaction.class::isInstance)
                .count();
    topics.vectors(firstTransactions / 2, Duration.ofSeconds(60));
    String savepoint =
        first
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(60, TimeUnit.SECONDS);
    // The job's result, not its status: the per-job MiniCluster shuts down once the job has
    // finished, and asking it for the status then fails ("MiniCluster is not yet running or has
    // already been shut down"). The result is kept by the client and fails if the job failed.
    first.getJobExecutionResult().get(30, TimeUnit.SECONDS);
    long beforeStop = written(stack, topics);
    assertThat(beforeStop).as("vectors before the stop").isLessThan(firstTransactions);

    topics.produce(secondHalf);
    JobClient second = start(settings, topics, kafka, 2, savepoint);
    try {
      List<FeatureVector> vectors =
          topics.vectors(reference.vectors().size(), Duration.ofSeconds(60));
      ParityAssertions.assertMatchesReference(settings.spec(), reference, vectors);
      assertThat(topics.letters()).isEmpty();
    } finally {
      second.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  /** How many records the features topic holds (no transactions: at-least-once). */
  private static long written(TestStack stack, BrokerTopics topics) {
    try (KafkaConsumer<byte[], byte[]> consumer = stack.bytesConsumer()) {
      TopicPartition partition = new TopicPartition(topics.topics().features(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      return consumer.position(partition);
    }
  }

  /** Submits the job to a local MiniCluster, from {@code savepoint} when it is not null. */
  private static JobClient start(
      FeatureStageSettings settings,
      BrokerTopics topics,
      KafkaConnection kafka,
      int parallelism,
      String savepoint)
      throws Exception {
    Configuration configuration = new Configuration();
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    if (savepoint != null) {
      configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
    FeatureJob.onKafka(settings, topics.topics(), kafka).addTo(env);
    return env.executeAsync(FeatureJob.JOB_NAME);
  }

  /**
   * One transaction per input partition, days after the stream, for entities of their own: the
   * watermark is the minimum over the partitions, so each must move on for the last real
   * transactions to be released. The flushes themselves stay behind the watermark: no vector.
   */
  private static List<FeatureInput> flushes(long time) {
    List<FeatureInput> flushes = new ArrayList<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      flushes.add(
          new FeatureInput.Transaction(
              new TransactionEvent(
                  keyIn("flush-", partition),
                  time,
                  "flush-customer-" + partition,
                  "flush-terminal-" + partition,
                  1.0)));
    }
    return flushes;
  }

  /** A key with {@code prefix} that Kafka's default partitioner puts in {@code partition}. */
  private static String keyIn(String prefix, int partition) {
    for (int i = 0; ; i++) {
      String key = prefix + i;
      if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS
          == partition) {
        return key;
      }
    }
  }
}
