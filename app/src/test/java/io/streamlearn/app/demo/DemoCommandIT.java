package io.streamlearn.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.app.stack.TestStopSignal;
import io.streamlearn.embedded.testing.Await;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamlearn demo} end to end, in this JVM: a tiny world with a drift runs to its end
 * (predictions, an alert, the report), a second run on the same data directory resumes without
 * producing the first run's events again, and {@code --fresh} starts over.
 */
class DemoCommandIT {

  private static final Pattern KAFKA = Pattern.compile("Kafka \\(KRaft\\)\\s+(\\S+)");
  private static final Pattern REPORT = Pattern.compile("report: (\\S+\\.html)");
  private static final Pattern PREDICTIONS = Pattern.compile("predictions ([0-9,]+) ");
  private static final Pattern FIRST = Pattern.compile("first prediction after [0-9.]+ s");

  private static List<String> demo(Path data, String... more) throws URISyntaxException {
    Path pipeline = Path.of(DemoCommandIT.class.getResource("/demo/tiny.yaml").toURI());
    List<String> args =
        new ArrayList<>(
            List.of(
                "demo",
                "--fast",
                "--customers",
                "300",
                "--terminals",
                "600",
                "--days",
                "20",
                "--drift",
                "10:amount-shift:3",
                "--pipeline",
                pipeline.toString(),
                "--data-dir",
                data.toString(),
                "--metrics-port",
                "0",
                "--kafka-port",
                "0",
                "--registry-port",
                "0"));
    args.addAll(List.of(more));
    return args;
  }

  /** A demo running on another thread, its stdout readable while it runs. */
  private static final class RunningDemo {
    final TestStopSignal signal = new TestStopSignal();
    final StringWriter out = new StringWriter();
    final CompletableFuture<Result> result;

    RunningDemo(List<String> args) {
      result =
          CompletableFuture.supplyAsync(
              () ->
                  CommandRunner.run(
                      Map.of(),
                      CommandRunner.stackFactory(signal),
                      commandLine -> {},
                      out,
                      args.toArray(String[]::new)));
    }

    /** Waits until the output has {@code text}; returns the output. */
    String await(String text, Duration timeout) throws Exception {
      return Await.value(
          timeout,
          Await.DEFAULT_POLL,
          () -> {
            String now = out.toString();
            if (result.isDone() && !now.contains(text)) {
              throw new AssertionError(
                  "demo ended before printing '" + text + "': " + result.get());
            }
            return now;
          },
          now -> now.contains(text),
          "the demo to print '" + text + "'");
    }

    Result stop() throws Exception {
      signal.stop();
      return result.get(120, TimeUnit.SECONDS);
    }
  }

  /**
   * On Flink, the demo ends by itself too: offsets are committed at checkpoints, and the end waits
   * for the stages' committed offsets to reach their inputs' ends (CatchUp).
   */
  @Test
  void shouldRunToTheEndOnFlink(@TempDir Path data) throws Exception {
    Result run =
        new RunningDemo(demo(data, "--plain", "--engine", "flink"))
            .result.get(180, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("on flink")
        .contains("the simulation is done")
        .containsPattern(FIRST)
        .containsPattern(REPORT);
    // every transaction scored: the simulator labels each one, so half the events are transactions
    DemoState done = DemoState.read(data).orElseThrow();
    assertThat(lastPredictions(run.out())).isEqualTo(done.producedEvents() / 2);
  }

  @Test
  void shouldRunResumeAndStartOver(@TempDir Path data) throws Exception {
    // 1. a whole run, to the end
    long start = System.nanoTime();
    RunningDemo first = new RunningDemo(demo(data, "--plain"));
    Result run = first.result.get(180, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(seconds).as("the tiny demo's duration").isLessThan(90);
    assertThat(run.out())
        .contains("the simulation is done")
        .containsPattern(FIRST)
        .contains("ALERT ")
        .doesNotContain("resuming");
    assertThat(lastPredictions(run.out())).isPositive();
    Path report = report(run.out());
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(report.getParent()).isEqualTo(data.resolve("reports"));
    assertThat(html)
        .contains("streamlearn_model_roc_auc")
        .contains("streamlearn_monitored_events_total")
        .contains("\"alerts\":[{");
    DemoState done = DemoState.read(data).orElseThrow();
    assertThat(done.complete()).isTrue();
    assertThat(done.producedEvents()).isPositive();

    // 2. the same demo again: resumes, produces nothing, the topics keep their records
    RunningDemo second = new RunningDemo(demo(data, "--plain", "--keep-running"));
    String output = second.await("producing about 0 events", Duration.ofSeconds(120));
    Matcher kafka = KAFKA.matcher(output);
    assertThat(kafka.find()).isTrue();
    assertThat(output)
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "resuming from %s: %,d events already produced",
                data.toAbsolutePath().normalize(),
                done.producedEvents()));
    long inTopics =
        endOffsets(kafka.group(1), "transactions") + endOffsets(kafka.group(1), "labels");
    assertThat(inTopics).isEqualTo(done.producedEvents());
    assertThat(countFromBeginning(kafka.group(1), "alerts")).isPositive();
    // every transaction scored, none sent to late-events by a backfill read out of event-time order
    assertThat(endOffsets(kafka.group(1), "predictions"))
        .isEqualTo(endOffsets(kafka.group(1), "transactions"));
    // nothing to await here: the resumed demo must produce nothing, so give it a while to (not) do
    // so
    TimeUnit.SECONDS.sleep(3);
    assertThat(endOffsets(kafka.group(1), "transactions") + endOffsets(kafka.group(1), "labels"))
        .isEqualTo(done.producedEvents());
    Result resumed = second.stop();
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("Ctrl-C: stopping").containsPattern(REPORT);
    assertThat(DemoState.read(data)).contains(done);

    // 3. --fresh: the old topics, state and reports are gone, the simulation starts over
    RunningDemo fresh = new RunningDemo(demo(data, "--plain", "--fresh", "--keep-running"));
    String started = fresh.await("producing about", Duration.ofSeconds(120));
    assertThat(started).doesNotContain("resuming");
    Matcher freshKafka = KAFKA.matcher(started);
    assertThat(freshKafka.find()).isTrue();
    assertThat(countFromBeginning(freshKafka.group(1), "alerts")).isZero();
    try (Stream<Path> reports = Files.list(data.resolve("reports"))) {
      assertThat(reports).isEmpty();
    } catch (java.nio.file.NoSuchFileException e) {
      // no reports directory at all: as fresh as it gets
    }
    Result restarted = fresh.stop();
    assertThat(restarted.exitCode()).as(restarted.err()).isZero();
    assertThat(restarted.out()).containsPattern(REPORT);
    assertThat(report(restarted.out())).exists();
  }

  private static Path report(String out) {
    Matcher matcher = REPORT.matcher(out);
    assertThat(matcher.find()).as("a report line in %s", out).isTrue();
    Path report = Path.of(matcher.group(1));
    assertThat(report).exists();
    return report;
  }

  private static long lastPredictions(String out) {
    Matcher matcher = PREDICTIONS.matcher(out);
    long last = -1;
    while (matcher.find()) {
      last = Long.parseLong(matcher.group(1).replace(",", ""));
    }
    return last;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    return new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static long endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  private static long countFromBeginning(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end =
          consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream()
              .mapToLong(Long::longValue)
              .sum();
      long count = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (count < end && System.nanoTime() < deadline) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
      return count;
    }
  }
}
