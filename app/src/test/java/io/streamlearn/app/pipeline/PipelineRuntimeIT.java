package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.monitoring.dashboard.MetricsServer;
import io.streamlearn.monitoring.dashboard.TimeSeriesRecorder;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fraud pipeline on the embedded broker, on each engine: the runtime creates the topics, the
 * simulator's transactions and labels go in, features and predictions come out, and the stages'
 * meters are served at {@code /metrics}.
 */
@ExtendWith(EmbeddedStackExtension.class)
class PipelineRuntimeIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path state;

  /** The fraud pipeline on topics of its own (the broker is shared with other tests). */
  static PipelineDefinition fraudOn(TestStack stack, String run, Engine engine) {
    PipelineTopics topics =
        new PipelineTopics(
            run + "-transactions",
            run + "-labels",
            run + "-features",
            run + "-predictions",
            run + "-model-snapshots",
            run + "-model-events",
            run + "-alerts",
            run + "-late-events");
    return PipelineDefinition.fraud().withEngine(engine).withTopics(topics);
  }

  private static final Pattern PRODUCED = Pattern.compile("([\\d,]+) transactions to ");

  /**
   * Simulates a few days of a small population into the pipeline's inputs.
   *
   * @return the number of transactions produced
   */
  static int simulate(TestStack stack, PipelineTopics topics) {
    Result simulate =
        CommandRunner.run(
            "simulate",
            "-b",
            stack.bootstrapServers(),
            "-r",
            stack.schemaRegistryUrl(),
            "--transactions-topic",
            topics.transactions(),
            "--labels-topic",
            topics.labels(),
            "--days",
            "3",
            "--customers",
            "50",
            "--terminals",
            "100",
            "--seed",
            "7",
            "--progress",
            "never");
    assertThat(simulate.exitCode()).as(simulate.err()).isZero();
    Matcher produced = PRODUCED.matcher(simulate.out());
    assertThat(produced.find()).as(simulate.out()).isTrue();
    int transactions = Integer.parseInt(produced.group(1).replace(",", ""));
    assertThat(transactions).isGreaterThan(20);
    return transactions;
  }

  @Test
  void shouldRunTheFraudPipelineOnKafkaStreams(TestStack stack) throws Exception {
    runsTheFraudPipeline(stack, Engine.KSTREAMS);
  }

  @Test
  void shouldRunTheFraudPipelineOnALocalFlinkEnvironment(TestStack stack) throws Exception {
    runsTheFraudPipeline(stack, Engine.FLINK, EnginePlan.KEYED);
  }

  @Test
  void shouldRunTheFraudPipelineOnFlinkWithTheSingleTaskFeaturePlan(TestStack stack)
      throws Exception {
    runsTheFraudPipeline(stack, Engine.FLINK, EnginePlan.SINGLE_TASK);
  }

  private void runsTheFraudPipeline(TestStack stack, Engine engine) throws Exception {
    runsTheFraudPipeline(stack, engine, EnginePlan.KEYED);
  }

  private void runsTheFraudPipeline(TestStack stack, Engine engine, EnginePlan plan)
      throws Exception {
    String run = stack.uniqueName("run-" + engine.label());
    PipelineDefinition fraud = fraudOn(stack, run, engine);
    PipelineDefinition pipeline = fraud.withFeatures(fraud.features().withPlan(plan));
    PipelineTopics topics = pipeline.topics();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ClusterConnection cluster =
        ClusterConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    RuntimeOptions options =
        RuntimeOptions.defaults().withApplicationIdPrefix(run).withPartitions(2);

    PipelineRuntime runtime = PipelineRuntime.start(pipeline, cluster, state, registry, options);
    try (runtime;
        TimeSeriesRecorder recorder = new TimeSeriesRecorder(registry);
        MetricsServer server =
            new MetricsServer(registry, recorder, pipeline.name())
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertThat(runtime.createdTopics()).containsExactlyInAnyOrderElementsOf(topics.all());
      assertThat(runtime.awaitRunning(WAIT)).as("running: %s", runtime.stageStates()).isTrue();
      assertThat(runtime.stageStates().keySet()).containsExactlyInAnyOrder(Stage.values());

      int transactions = simulate(stack, topics);
      // nothing vanishes: every transaction comes out as a feature vector or a late event
      long vectors = awaitAccounted(stack, topics, transactions);
      assertThat(vectors).isPositive();
      int expected = Math.toIntExact(vectors);

      List<FeatureVector> features =
          stack.consumeValues(topics.features(), FeatureVector.class, expected, WAIT);
      List<Prediction> predictions =
          stack.consumeValues(topics.predictions(), Prediction.class, expected, WAIT);
      assertThat(features).hasSize(expected);
      assertThat(predictions).as("one prediction per feature vector").hasSize(expected);
      assertThat(features).allSatisfy(v -> assertThat(v.getFeatures()).isNotEmpty());
      assertThat(predictions)
          .allSatisfy(
              p -> {
                assertThat(p.getScore()).isBetween(0.0, 1.0);
                assertThat(p.getModelName()).isEqualTo("fraud");
              });
      Set<String> scored =
          predictions.stream().map(Prediction::getTransactionId).collect(Collectors.toSet());
      assertThat(scored).hasSize(predictions.size());

      String metrics = scrape(server);
      assertThat(metrics)
          .containsPattern("streamlearn_records_total\\{[^}]*stage=\"features\"")
          .containsPattern("streamlearn_records_total\\{[^}]*stage=\"model\"")
          .contains("streamlearn_monitored_events_total")
          .contains("streamlearn_model_label_join_total");
      if (engine == Engine.FLINK) {
        // checkpoints go to the state directory, not the JobManager's heap (5 MB at most)
        Path checkpoints = state.resolve(FlinkRun.CHECKPOINTS);
        Await.value(
            WAIT,
            Duration.ofMillis(500),
            () -> hasCheckpoint(checkpoints),
            found -> found,
            "a completed checkpoint under " + checkpoints);
      }
      assertThat(runtime.failure()).isEmpty();
    }
    assertThat(runtime.state()).isEqualTo(PipelineRuntime.State.CLOSED);
  }

  /** Whether there is a completed checkpoint ({@code <job>/chk-N/_metadata}) under {@code root}. */
  private static boolean hasCheckpoint(Path root) throws Exception {
    if (!Files.isDirectory(root)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(root, 3)) {
      return files.anyMatch(
          f ->
              f.getFileName().toString().equals("_metadata")
                  && f.getParent().getFileName().toString().startsWith("chk-"));
    } catch (UncheckedIOException e) {
      return false; // Flink removed a subsumed checkpoint while we walked: look again
    }
  }

  /** Feature vectors and late events in their topics. */
  private record Accounted(long vectors, long late) {}

  /**
   * Waits until the feature vectors and late events together account for every one of {@code
   * transactions}, and returns the number of vectors.
   */
  private static long awaitAccounted(TestStack stack, PipelineTopics topics, int transactions)
      throws Exception {
    Accounted accounted =
        Await.value(
            WAIT,
            Duration.ofMillis(250),
            () ->
                new Accounted(
                    records(stack, topics.features()), records(stack, topics.lateEvents())),
            a -> a.vectors() + a.late() >= transactions,
            "feature vectors and late events for " + transactions + " transactions");
    assertThat(accounted.vectors() + accounted.late())
        .as(
            "%d feature vectors and %d late events for %d transactions",
            accounted.vectors(), accounted.late(), transactions)
        .isEqualTo(transactions);
    return accounted.vectors();
  }

  /** Records in {@code topic} (its end offsets: the stages write without transactions). */
  static long records(TestStack stack, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest =
        stack
            .admin()
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get()
            .get(topic)
            .partitions()
            .stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    return stack.admin().listOffsets(latest).all().get().values().stream()
        .mapToLong(ListOffsetsResultInfo::offset)
        .sum();
  }

  private static String scrape(MetricsServer server) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.address().getPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
