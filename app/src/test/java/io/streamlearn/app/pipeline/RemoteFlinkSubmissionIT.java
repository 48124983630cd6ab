package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.app.stack.TestStopSignal;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.model.avro.Prediction;
import java.io.File;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamlearn run --engine flink --flink-jobmanager HOST:PORT --flink-job-jar JAR} against a
 * Flink session cluster in a JVM of its own ({@link FlinkClusterMain}), as a user submits to a
 * standalone cluster: the command builds the job graph, submits it over the REST endpoint with the
 * job jar (uploaded to the cluster's BlobServer), and the cluster runs the stages with classes its
 * user-code class loader reads from that jar.
 *
 * <p>The cluster's classpath is what a Flink distribution's {@code lib/} holds (Flink, its shaded
 * dependencies, logging; see {@link #CLUSTER_PROVIDED}) and nothing of streamlearn, Kafka, Avro,
 * Jackson or the Kafka connector: a class or service file the job jar lacks fails the job here as
 * it would on a real cluster. In the test's own JVM the job's class loader would fall back to the
 * test classpath and hide such a gap.
 *
 * <p>Failsafe runs this after {@code package}; run alone, the test skips when the job jar is not
 * built.
 */
@ExtendWith(EmbeddedStackExtension.class)
class RemoteFlinkSubmissionIT {

  private static final Path JOB_JAR =
      Path.of(System.getProperty("streamlearn.flink.job.jar", "missing"));
  private static final Path JVM_OPTIONS =
      Path.of(System.getProperty("streamlearn.jvm.options", "missing"));

  /**
   * The Maven repository directories of what a Flink distribution ships in {@code lib/}: Flink's
   * own modules (minus {@link #NOT_IN_DISTRIBUTION}), their shaded and unshaded dependencies, and
   * logging.
   */
  private static final List<String> CLUSTER_PROVIDED =
      List.of(
          "/org/apache/flink/",
          "/org/apache/logging/log4j/",
          "/org/slf4j/",
          "/com/esotericsoftware/",
          "/org/objenesis/",
          "/org/javassist/",
          "/tools/profiler/",
          "/org/snakeyaml/",
          "/commons-cli/",
          "/commons-io/",
          "/commons-collections/",
          "/org/apache/commons/",
          "/at/yawk/lz4/",
          "/org/xerial/snappy/",
          "/com/ververica/frocksdbjni/",
          "/com/google/code/findbugs/");

  /** Flink modules the distribution does not ship: the job jar must. */
  private static final List<String> NOT_IN_DISTRIBUTION =
      List.of(
          "/flink-connector-kafka/",
          "/flink-connector-base/",
          "/flink-avro/",
          "/flink-test-utils/",
          "/flink-test-utils-junit/");

  private static final Pattern REST_PORT =
      Pattern.compile(Pattern.quote(FlinkClusterMain.REST_PORT) + "(\\d+)");
  private static final Duration CLUSTER_START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Process cluster;
  private static Path clusterLog;
  private static int restPort;

  @TempDir Path dir;

  @BeforeAll
  static void startCluster() throws Exception {
    assumeTrue(Files.isRegularFile(JOB_JAR), JOB_JAR + " is not built; run ./mvnw -B verify");
    // kept after the run, next to the job jar, for a failure's diagnosis
    clusterLog = JOB_JAR.resolveSibling("RemoteFlinkSubmissionIT-cluster.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + JVM_OPTIONS);
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(clusterClasspath());
    command.add(FlinkClusterMain.class.getName());
    cluster =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(clusterLog.toFile())
            .start();
    String log =
        Await.value(
            CLUSTER_START,
            Duration.ofMillis(200),
            () -> {
              String now = Files.readString(clusterLog, StandardCharsets.UTF_8);
              if (!cluster.isAlive() && !REST_PORT.matcher(now).find()) {
                throw new AssertionError("the Flink cluster ended: " + now);
              }
              return now;
            },
            now -> REST_PORT.matcher(now).find(),
            "the Flink cluster's REST port in " + clusterLog);
    Matcher port = REST_PORT.matcher(log);
    assertThat(port.find()).isTrue();
    restPort = Integer.parseInt(port.group(1));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster == null) {
      return;
    }
    // the end of its input stops the cluster
    cluster.getOutputStream().close();
    if (!cluster.waitFor(30, TimeUnit.SECONDS)) {
      cluster.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The cluster JVM's classpath: {@link FlinkClusterMain}'s directory and the jars of this JVM's
   * classpath that a Flink distribution ships.
   */
  private static String clusterClasspath() throws Exception {
    List<String> entries = new ArrayList<>();
    entries.add(
        Path.of(FlinkClusterMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : classpath.split(File.pathSeparator)) {
      String path = entry.replace('\\', '/');
      if (path.endsWith(".jar")
          && CLUSTER_PROVIDED.stream().anyMatch(path::contains)
          && NOT_IN_DISTRIBUTION.stream().noneMatch(path::contains)) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  @Test
  void shouldRunThePipelineOnTheClusterFromTheJobJarAndCancelItOnStop(TestStack stack)
      throws Exception {
    String run = stack.uniqueName("remote-flink");
    PipelineTopics topics = PipelineRuntimeIT.fraudOn(stack, run, Engine.FLINK).topics();
    Path pipeline = RunCommandIT.pipelineFile(dir, "remote", topics);
    TestStopSignal signal = new TestStopSignal();
    StringWriter out = new StringWriter();
    Set<String> jobsBefore = jobs().keySet();

    CompletableFuture<Result> running =
        RunCommandIT.runAsync(
            stack,
            signal,
            out,
            "run",
            "--pipeline",
            pipeline.toString(),
            "--engine",
            "flink",
            "--flink-jobmanager",
            "localhost:" + restPort,
            "--flink-job-jar",
            JOB_JAR.toString(),
            "--application-id",
            run,
            "--partitions",
            "1",
            "--state-dir",
            dir.resolve("state").toString());
    String jobId;
    try {
      Await.value(
          WAIT,
          Await.DEFAULT_POLL,
          () -> {
            if (running.isDone()) {
              throw new AssertionError("run ended: " + running.get().err());
            }
            return out.toString();
          },
          printed -> printed.contains("Press Ctrl-C to stop."),
          "run to say it is running");
      jobId = awaitJob(jobsBefore, running, "RUNNING");
      assertThat(jobs().get(jobId).path("name").asText()).isEqualTo("streamlearn-remote");
      assertThat(out.toString())
          .contains(
              "streamlearn is running pipeline remote (remote.yaml) on flink at localhost:"
                  + restPort)
          .contains("stages     features, model, monitoring")
          .doesNotContain("dashboard");

      int transactions = PipelineRuntimeIT.simulate(stack, topics);
      // the features stage ran on the cluster: every transaction is a vector or a late event
      long accounted =
          Await.value(
              WAIT,
              Duration.ofMillis(250),
              () ->
                  PipelineRuntimeIT.records(stack, topics.features())
                      + PipelineRuntimeIT.records(stack, topics.lateEvents()),
              records -> records >= transactions || running.isDone(),
              "feature vectors and late events for " + transactions + " transactions");
      assertThat(running).as("the command still runs: %s", out).isNotDone();
      assertThat(accounted).isEqualTo(transactions);
      int expected = Math.toIntExact(PipelineRuntimeIT.records(stack, topics.features()));
      assertThat(expected).isPositive();
      // the model stage ran on the cluster: one prediction per vector, by the fraud model
      List<FeatureVector> features =
          stack.consumeValues(topics.features(), FeatureVector.class, expected, WAIT);
      List<Prediction> predictions =
          stack.consumeValues(topics.predictions(), Prediction.class, expected, WAIT);
      assertThat(predictions)
          .allSatisfy(
              p -> {
                assertThat(p.getScore()).isBetween(0.0, 1.0);
                // the model is named after the pipeline
                assertThat(p.getModelName()).isEqualTo("remote");
              });
      assertThat(predictions.stream().map(Prediction::getTransactionId).collect(Collectors.toSet()))
          .isEqualTo(
              features.stream().map(FeatureVector::getTransactionId).collect(Collectors.toSet()));
      assertThat(jobs().get(jobId).path("state").asText()).isEqualTo("RUNNING");
    } finally {
      signal.stop();
    }
    Result result = running.get(60, TimeUnit.SECONDS);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.errLines()).contains("stopped");
    // stopping the command cancelled the job on the cluster: nothing of it is left running
    assertThat(jobs().get(jobId).path("state").asText()).isEqualTo("CANCELED");
    assertThat(jobs().values())
        .noneMatch(job -> job.path("state").asText().equals("RUNNING"))
        .hasSize(jobsBefore.size() + 1);
  }

  @Test
  void shouldSayInOneSentenceThatTheJobJarIsMissing(TestStack stack) throws Exception {
    Path missing = dir.resolve("no-such-job.jar");
    Set<String> jobsBefore = jobs().keySet();

    Result result =
        CommandRunner.run(
            Map.of(
                "STREAMLEARN_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
                "STREAMLEARN_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl()),
            "run",
            "--engine",
            "flink",
            "--flink-jobmanager",
            "localhost:" + restPort,
            "--flink-job-jar",
            missing.toString(),
            "--application-id",
            stack.uniqueName("missing-jar"));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.errLines().get(0))
        .isEqualTo("error: the Flink job jar " + missing + " does not exist");
    assertThat(result.err()).doesNotContain("\tat ");
    assertThat(jobs().keySet()).isEqualTo(jobsBefore);
  }

  @Test
  void shouldSayInOneLineThatTheClusterLacksAClassTheJobJarLacks(TestStack stack) throws Exception {
    // the job jar without the Kafka connector: only the cluster, which loads the job's classes
    // from the jar, can notice
    Path incomplete = dir.resolve("incomplete-job.jar");
    try (ZipFile jar = new ZipFile(JOB_JAR.toFile());
        ZipOutputStream copy = new ZipOutputStream(Files.newOutputStream(incomplete))) {
      for (ZipEntry entry : Collections.list(jar.entries())) {
        if (!entry.getName().startsWith("org/apache/flink/connector/kafka/")) {
          copy.putNextEntry(new ZipEntry(entry.getName()));
          try (InputStream in = jar.getInputStream(entry)) {
            in.transferTo(copy);
          }
          copy.closeEntry();
        }
      }
    }
    String run = stack.uniqueName("incomplete-jar");
    Path pipeline =
        RunCommandIT.pipelineFile(
            dir, "incomplete", PipelineRuntimeIT.fraudOn(stack, run, Engine.FLINK).topics());
    Set<String> running = new HashSet<>();
    jobs()
        .forEach(
            (id, job) -> {
              if (job.path("state").asText().equals("RUNNING")) {
                running.add(id);
              }
            });

    Result result =
        CommandRunner.run(
            Map.of(
                "STREAMLEARN_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
                "STREAMLEARN_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl()),
            "run",
            "--pipeline",
            pipeline.toString(),
            "--engine",
            "flink",
            "--flink-jobmanager",
            "localhost:" + restPort,
            "--flink-job-jar",
            incomplete.toString(),
            "--application-id",
            run,
            "--partitions",
            "1");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    // which of the connector's classes the cluster misses first depends on the order it reads
    // the operators in
    assertThat(result.errLines()).as(result.err()).hasSize(1);
    assertThat(result.errLines().get(0))
        .startsWith(
            "error: cannot start the Flink job on the Flink cluster at localhost:"
                + restPort
                + ": the cluster refused the job: java.lang.ClassNotFoundException:"
                + " org.apache.flink.connector.kafka.");
    Set<String> runningAfter = new HashSet<>();
    jobs()
        .forEach(
            (id, job) -> {
              if (job.path("state").asText().equals("RUNNING")) {
                runningAfter.add(id);
              }
            });
    assertThat(runningAfter).isEqualTo(running);
  }

  /**
   * Waits for a job not among {@code before} to reach {@code state} on the cluster, and returns its
   * id.
   */
  private static String awaitJob(
      Set<String> before, CompletableFuture<Result> running, String state) throws Exception {
    Map<String, JsonNode> jobs =
        Await.value(
            WAIT,
            Duration.ofMillis(250),
            () -> {
              if (running.isDone()) {
                throw new AssertionError("run ended: " + running.get().err());
              }
              Map<String, JsonNode> now = new HashMap<>(jobs());
              now.keySet().removeAll(before);
              return now;
            },
            now -> now.values().stream().anyMatch(j -> j.path("state").asText().equals(state)),
            "a new " + state + " job on the cluster");
    assertThat(jobs).hasSize(1);
    return jobs.keySet().iterator().next();
  }

  /** The cluster's jobs by id ({@code GET /jobs/overview}), each with its name and state. */
  private static Map<String, JsonNode> jobs() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + restPort + "/jobs/overview"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, JsonNode> jobs = new HashMap<>();
    for (JsonNode job : JSON.readTree(response.body()).path("jobs")) {
      jobs.put(job.path("jid").asText(), job);
    }
    return jobs;
  }
}
