package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.app.stack.TestStopSignal;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** {@code streamlearn run} as a user runs it: against the embedded stack, and against nothing. */
@ExtendWith(EmbeddedStackExtension.class)
class RunCommandIT {

  private static final Pattern METRICS = Pattern.compile("metrics\\s+(http://\\S+/metrics)");

  @TempDir Path dir;

  private static IFactory stoppingOn(TestStopSignal signal) {
    return new IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == RunCommand.class) {
          return type.cast(new RunCommand(signal, false));
        }
        return CommandLine.defaultFactory().create(type);
      }
    };
  }

  /**
   * A pipeline file {@code <name>.yaml} in {@code dir}: the built-in pipeline on {@code topics}.
   */
  static Path pipelineFile(Path dir, String name, PipelineTopics topics) throws IOException {
    StringBuilder yaml = new StringBuilder("name: " + name + "\ntopics:\n");
    topics
        .toMap()
        .forEach(
            (key, topic) -> yaml.append("  ").append(key).append(": ").append(topic).append('\n'));
    return Files.writeString(dir.resolve(name + ".yaml"), yaml.toString());
  }

  /**
   * Runs {@code streamlearn args} on another thread against the stack until it ends or {@code
   * signal} stops it, its output into {@code out}.
   */
  static CompletableFuture<Result> runAsync(
      TestStack stack, TestStopSignal signal, StringWriter out, String... args) {
    return CompletableFuture.supplyAsync(
        () ->
            CommandRunner.run(
                Map.of(
                    "STREAMLEARN_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
                    "STREAMLEARN_SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl()),
                stoppingOn(signal),
                commandLine -> {},
                out,
                args));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldSayInOneSentenceThatKafkaIsUnreachable() throws Exception {
    int port = freePort();

    Result result =
        CommandRunner.run(
            "run",
            "-b",
            "localhost:" + port,
            "--connect-timeout",
            "2s",
            "--show-config",
            "-X",
            "sasl.jaas.config=top-secret");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("sasl.jaas.config=[hidden]")
        .doesNotContain("top-secret")
        .doesNotContain("\tat ");
    assertThat(result.errLines().get(result.errLines().size() - 1))
        .isEqualTo("error: cannot reach Kafka at localhost:" + port + " within 2 s");
  }

  @Test
  void shouldSayInOneSentenceThatTheRegistryIsUnreachable(TestStack stack) throws Exception {
    int port = freePort();

    Result result =
        CommandRunner.run(
            "run",
            "-b",
            stack.bootstrapServers(),
            "-r",
            "http://localhost:" + port,
            "--connect-timeout",
            "2s");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "error: cannot reach the Schema Registry at http://localhost:" + port + " within 2s");
  }

  @Test
  void shouldRunThePipelineFileUntilStoppedAndServeItsMetrics(TestStack stack) throws Exception {
    String run = stack.uniqueName("cli");
    PipelineTopics topics = PipelineRuntimeIT.fraudOn(stack, run, Engine.KSTREAMS).topics();
    Path pipeline = pipelineFile(dir, "cli", topics);
    TestStopSignal signal = new TestStopSignal();
    StringWriter out = new StringWriter();

    CompletableFuture<Result> running =
        runAsync(
            stack,
            signal,
            out,
            "run",
            "--pipeline",
            pipeline.toString(),
            "--stages",
            "model,monitoring",
            "--metrics-port",
            "0",
            "--state-dir",
            dir.resolve("state").toString(),
            "--application-id",
            run,
            "--partitions",
            "1");
    try {
      String url = awaitMetricsUrl(out, running);
      assertThat(out.toString())
          .contains("streamlearn is running pipeline cli (cli.yaml) on kstreams")
          .contains("stages     model, monitoring");
      String metrics = awaitMetric(url, "streamlearn_consumer_lag{stage=\"monitoring\"}");
      assertThat(metrics)
          .contains("streamlearn_consumer_lag{stage=\"model\"}")
          .contains("streamlearn_model_label_join_total")
          .doesNotContain("stage=\"features\"");
    } finally {
      signal.stop();
    }
    Result result = running.get(60, TimeUnit.SECONDS);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.errLines()).contains("stopped");
    assertThat(signal.stoppedCalls()).isEqualTo(1);
  }

  private static String awaitMetricsUrl(StringWriter out, CompletableFuture<Result> running)
      throws Exception {
    String printed =
        Await.value(
            Duration.ofSeconds(60),
            Await.DEFAULT_POLL,
            () -> {
              String now = out.toString();
              if (running.isDone() && !METRICS.matcher(now).find()) {
                throw new AssertionError("run ended: " + running.get().err());
              }
              return now;
            },
            now -> METRICS.matcher(now).find(),
            "run to print its metrics address");
    Matcher matcher = METRICS.matcher(printed);
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private static String awaitMetric(String url, String series) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    return Await.value(
        Duration.ofSeconds(30),
        Duration.ofMillis(250),
        () -> {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).isEqualTo(200);
          return response.body();
        },
        body -> body.contains(series),
        series + " in /metrics");
  }
}
