package io.streamlearn.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.embedded.testing.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamlearn stack}: a real broker and registry started, used, stopped and restarted. */
class StackCommandIT {

  private static final Pattern KAFKA = Pattern.compile("Kafka \\(KRaft\\)\\s+(\\S+)");

  /** A running {@code stack} command and its output so far; closing stops it. */
  private static final class RunningStack implements AutoCloseable {
    final TestStopSignal signal = new TestStopSignal();
    final java.io.StringWriter out = new java.io.StringWriter();
    final CompletableFuture<Result> result;

    RunningStack(String... args) {
      result = CompletableFuture.supplyAsync(run(args));
    }

    private Supplier<Result> run(String... args) {
      return () ->
          CommandRunner.run(
              Map.of(), CommandRunner.stackFactory(signal), commandLine -> {}, out, args);
    }

    /** Waits until the stack prints its addresses; returns the bootstrap servers. */
    String awaitRunning() throws Exception {
      String printed =
          Await.value(
              Duration.ofSeconds(120),
              Await.DEFAULT_POLL,
              () -> {
                String now = out.toString();
                if (result.isDone() && !started(now)) {
                  throw new AssertionError("stack ended early: " + result.get());
                }
                return now;
              },
              RunningStack::started,
              "the stack to start");
      Matcher matcher = KAFKA.matcher(printed);
      assertThat(matcher.find()).isTrue();
      return matcher.group(1);
    }

    private static boolean started(String printed) {
      return KAFKA.matcher(printed).find() && printed.contains("Press Ctrl-C to stop.");
    }

    Result stop() throws Exception {
      signal.stop();
      return result.get(120, TimeUnit.SECONDS);
    }

    /** Stops the broker before its data directory is deleted, whatever the test did. */
    @Override
    public void close() {
      signal.stop();
      result.orTimeout(120, TimeUnit.SECONDS).join();
    }
  }

  private static Set<String> topics(String bootstrapServers) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  private static void createTopic(String bootstrapServers, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldKeepTopicsAcrossRestartsAndStartEmptyWithFresh(@TempDir Path directory)
      throws Exception {
    Path data = directory.resolve("stack");
    String[] args = {
      "stack", "--data-dir", data.toString(), "--kafka-port", "0", "--registry-port", "0"
    };

    try (RunningStack first = new RunningStack(args)) {
      String kafka = first.awaitRunning();
      assertThat(first.out.toString())
          .containsPattern("Schema Registry\\s+http://127\\.0\\.0\\.1:\\d+")
          .contains("data              " + data);
      createTopic(kafka, "kept");
      Result stopped = first.stop();
      assertThat(stopped.exitCode()).isZero();
      assertThat(stopped.err()).contains("stopped; data kept in " + data);
      assertThat(first.signal.stoppedCalls()).isEqualTo(1);
    }

    try (RunningStack second = new RunningStack(args)) {
      assertThat(topics(second.awaitRunning())).contains("kept", "_schemas");
      assertThat(second.stop().exitCode()).isZero();
    }

    String[] fresh = java.util.Arrays.copyOf(args, args.length + 1);
    fresh[args.length] = "--fresh";
    try (RunningStack third = new RunningStack(fresh)) {
      assertThat(topics(third.awaitRunning())).doesNotContain("kept");
      assertThat(third.stop().exitCode()).isZero();
    }
  }

  @Test
  void shouldFailInOneSentenceWhenTheKafkaPortIsTaken(@TempDir Path directory) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TestStopSignal signal = new TestStopSignal();

      Result result =
          CommandRunner.runStack(
              signal,
              "stack",
              "--data-dir",
              directory.resolve("stack").toString(),
              "--kafka-port",
              Integer.toString(taken.getLocalPort()),
              "--registry-port",
              "0");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.errLines()).hasSize(1);
      assertThat(result.errLines().get(0))
          .startsWith(
              "error: Cannot start the embedded Kafka broker on 127.0.0.1:" + taken.getLocalPort());
      assertThat(signal.stoppedCalls()).isEqualTo(1);
    }
  }
}
