package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.app.stack.TestStopSignal;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage that fails while the pipeline runs, provoked without a test hook: the features topic is
 * changed under the running features stage to refuse every record ({@code max.message.bytes=1}), so
 * the stage's producer fails. The runtime says so in one sentence, stops the other stages by
 * itself, commits nothing past what was processed, and a new runtime on the same application ids
 * carries on once the topic is fixed.
 */
@ExtendWith(EmbeddedStackExtension.class)
class StageFailureIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  /** The states of a stopped stage: Kafka Streams', then a Flink job's. */
  private static final Set<String> STOPPED = Set.of("NOT_RUNNING", "ERROR", "FAILED", "CANCELED");

  @TempDir Path state;

  @Test
  void shouldStopEveryStageWhenOneFailsOnKafkaStreamsAndCarryOnAfterARestart(TestStack stack)
      throws Exception {
    failsThenCarriesOn(stack, Engine.KSTREAMS);
  }

  @Test
  void shouldFailWhenTheFlinkJobFailsAfterItsRestartsAndCarryOnAfterARestart(TestStack stack)
      throws Exception {
    failsThenCarriesOn(stack, Engine.FLINK);
  }

  private void failsThenCarriesOn(TestStack stack, Engine engine) throws Exception {
    String run = stack.uniqueName("fail-" + engine.label());
    PipelineDefinition pipeline = PipelineRuntimeIT.fraudOn(stack, run, engine);
    PipelineTopics topics = pipeline.topics();
    ClusterConnection cluster =
        ClusterConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    RuntimeOptions options =
        RuntimeOptions.defaults().withApplicationIdPrefix(run).withPartitions(1);

    PipelineRuntime first =
        PipelineRuntime.start(pipeline, cluster, state, new SimpleMeterRegistry(), options);
    int transactions;
    try (first) {
      assertThat(first.awaitRunning(WAIT)).as("running: %s", first.stageStates()).isTrue();
      setMaxMessageBytes(stack, topics.features(), "1");

      transactions = PipelineRuntimeIT.simulate(stack, topics);
      // Flink: three restarts 5 s apart, each waiting at most 30 s for a slot
      Duration failWithin = engine == Engine.FLINK ? Duration.ofMinutes(4) : WAIT;
      Optional<PipelineFailure> failure = first.awaitFailure(failWithin);

      assertThat(failure).as("a failure within %s", failWithin).isPresent();
      String message = failure.get().getMessage();
      if (engine == Engine.KSTREAMS) {
        assertThat(failure.get().stage()).isEqualTo(Stage.FEATURES);
        assertThat(message).startsWith("the features stage failed on Kafka Streams: ");
      } else {
        // the local environment restarted the job three times before giving up
        assertThat(message)
            .startsWith("the Flink job streamlearn-" + pipeline.name() + " failed: ");
      }
      assertThat(message).doesNotContain("\n").doesNotContain("\tat ");
      assertThat(first.state()).isEqualTo(PipelineRuntime.State.FAILED);
      // every stage stops, without the caller closing the runtime
      Await.until(
          WAIT,
          Await.DEFAULT_POLL,
          () -> first.stageStates().values().stream().allMatch(STOPPED::contains),
          () -> "every stage stopped: " + first.stageStates());
    }
    assertThat(first.state()).isEqualTo(PipelineRuntime.State.FAILED);

    setMaxMessageBytes(stack, topics.features(), null);
    PipelineRuntime second =
        PipelineRuntime.start(pipeline, cluster, state, new SimpleMeterRegistry(), options);
    try (second) {
      assertThat(second.awaitRunning(WAIT)).as("running: %s", second.stageStates()).isTrue();
      // every transaction of the first run comes out, as a feature vector or a late event
      Set<String> accounted =
          Await.value(
              WAIT,
              Duration.ofMillis(500),
              () -> accounted(stack, topics),
              ids -> ids.size() >= transactions,
              "feature vectors and late events for " + transactions + " transactions");
      assertThat(accounted).hasSize(transactions);
      assertThat(second.failure()).isEmpty();
    }
    assertThat(second.state()).isEqualTo(PipelineRuntime.State.CLOSED);
  }

  @Test
  void shouldExitWithOneAndOneSentenceWhenAStageFailsUnderTheRunCommand(TestStack stack)
      throws Exception {
    String run = stack.uniqueName("fail-cli");
    PipelineTopics topics = PipelineRuntimeIT.fraudOn(stack, run, Engine.KSTREAMS).topics();
    Path file = RunCommandIT.pipelineFile(state, "fail-cli", topics);
    TestStopSignal signal = new TestStopSignal();
    StringWriter out = new StringWriter();

    CompletableFuture<Result> running =
        RunCommandIT.runAsync(
            stack,
            signal,
            out,
            "run",
            "--pipeline",
            file.toString(),
            "--metrics-port",
            "0",
            "--state-dir",
            state.resolve("state").toString(),
            "--application-id",
            run,
            "--partitions",
            "1");
    Result result;
    try {
      Await.until(
          WAIT,
          Await.DEFAULT_POLL,
          () -> out.toString().contains("Press Ctrl-C to stop.") || running.isDone(),
          () -> "run to start: " + out);
      assertThat(running).as("run ended early").isNotDone();
      setMaxMessageBytes(stack, topics.features(), "1");
      PipelineRuntimeIT.simulate(stack, topics);

      // the command ends by itself: no Ctrl-C
      result = running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      signal.stop();
    }

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.err()).doesNotContain("\tat ");
    List<String> errors =
        result.errLines().stream().filter(line -> line.startsWith("error: ")).toList();
    assertThat(errors)
        .singleElement()
        .asString()
        .startsWith("error: the features stage failed on Kafka Streams: ");
  }

  /** Sets (or, with null, removes) the topic's {@code max.message.bytes}. */
  private static void setMaxMessageBytes(TestStack stack, String topic, String value)
      throws Exception {
    ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value);
    AlterConfigOp op =
        new AlterConfigOp(
            entry, value == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
    Map<ConfigResource, Collection<AlterConfigOp>> change =
        Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(op));
    stack.admin().incrementalAlterConfigs(change).all().get();
  }

  /**
   * The transactions with a feature vector or a late event: the keys of both topics (the
   * transaction ids). At least once, a transaction may come out twice, even once of each kind: its
   * late event written before the failure, its vector after the restart.
   */
  private static Set<String> accounted(TestStack stack, PipelineTopics topics) throws Exception {
    Set<String> ids = new HashSet<>();
    for (String topic : List.of(topics.features(), topics.lateEvents())) {
      int records = Math.toIntExact(PipelineRuntimeIT.records(stack, topic));
      if (records == 0) {
        continue;
      }
      try (KafkaConsumer<byte[], byte[]> consumer = stack.bytesConsumer()) {
        for (ConsumerRecord<byte[], byte[]> record :
            stack.consume(consumer, topic, records, WAIT)) {
          ids.add(new String(record.key(), StandardCharsets.UTF_8));
        }
      }
    }
    return ids;
  }
}
