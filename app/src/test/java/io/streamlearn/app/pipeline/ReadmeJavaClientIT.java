package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.platform.serde.AvroDeserializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's plain-Java client, for real: the fraud pipeline runs on Kafka Streams on the
 * embedded broker, the simulator feeds it, and the README's consumer (only {@code kafka-clients},
 * our {@link AvroDeserializer} and the generated {@link Prediction}) reads the predictions and
 * prints the frauds. A second test keeps the README's excerpt equal to {@link #readmeConsumer}.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ReadmeJavaClientIT {

  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCE =
      Path.of("src/test/java/io/streamlearn/app/pipeline/ReadmeJavaClientIT.java");

  /**
   * What the README's excerpt becomes in {@link #readmeConsumer}: its fixed addresses, group, topic
   * and endless loop made parameters. Nothing else may differ.
   */
  private static final Map<String, String> README_TO_TEST = new LinkedHashMap<>();

  static {
    README_TO_TEST.put("\"localhost:9092\"", "bootstrap");
    README_TO_TEST.put("\"http://localhost:8081\"", "registry");
    README_TO_TEST.put("\"my-fraud-alerts\"", "groupId");
    README_TO_TEST.put("List.of(\"predictions\")", "List.of(topic)");
    README_TO_TEST.put("while(true)", "while(more.getAsBoolean())");
    README_TO_TEST.put("System.out.printf", "out.printf");
  }

  private static final Pattern FRAUD_LINE =
      Pattern.compile("(\\S+) looks like fraud \\(score ([01][.,]\\d{3})\\)");

  @TempDir Path state;

  /** The README's consumer; between the markers, the README's excerpt with README_TO_TEST. */
  static void readmeConsumer(
      String bootstrap,
      String registry,
      String groupId,
      String topic,
      PrintStream out,
      BooleanSupplier more) {
    // README begin
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", bootstrap,
            "schema.registry.url", registry,
            "group.id", groupId,
            "auto.offset.reset", "earliest");
    try (KafkaConsumer<String, Prediction> consumer =
        new KafkaConsumer<>(
            config,
            new StringDeserializer(),
            AvroDeserializer.forSpecific(Prediction.class).configured(config, false))) {
      consumer.subscribe(List.of(topic));
      while (more.getAsBoolean()) {
        for (ConsumerRecord<String, Prediction> record : consumer.poll(Duration.ofSeconds(1))) {
          Prediction p = record.value();
          if (p.getDecision()) {
            out.printf("%s looks like fraud (score %.3f)%n", p.getTransactionId(), p.getScore());
          }
        }
      }
    }
    // README end
  }

  @Test
  void shouldPrintTheFraudsOfARealPipelineRun(TestStack stack) throws Exception {
    String run = stack.uniqueName("readme");
    PipelineDefinition pipeline = PipelineRuntimeIT.fraudOn(stack, run, Engine.KSTREAMS);
    PipelineTopics topics = pipeline.topics();
    ClusterConnection cluster =
        ClusterConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (PipelineRuntime runtime =
        PipelineRuntime.start(
            pipeline,
            cluster,
            state,
            registry,
            RuntimeOptions.defaults().withApplicationIdPrefix(run).withPartitions(2))) {
      assertThat(runtime.awaitRunning(Duration.ofSeconds(60)))
          .as("running: %s", runtime.stageStates())
          .isTrue();
      int transactions = PipelineRuntimeIT.simulate(stack, topics);
      // the frauds among the scores of the first half of the transactions at least (the late ones
      // go to late-events); the reference is read with the test stack's own consumer
      List<Prediction> reference =
          stack.consumeValues(
              topics.predictions(), Prediction.class, transactions / 2, Duration.ofSeconds(90));
      List<String> expected = new ArrayList<>();
      for (Prediction p : reference) {
        assertThat(p.getDecision()).isEqualTo(p.getScore() >= p.getThreshold());
        if (p.getDecision()) {
          expected.add(
              String.format(
                  "%s looks like fraud (score %.3f)", p.getTransactionId(), p.getScore()));
        }
      }
      assertThat(expected).as("frauds among %d predictions", reference.size()).isNotEmpty();

      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
        readmeConsumer(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            run + "-my-fraud-alerts",
            topics.predictions(),
            out,
            () ->
                System.nanoTime() < deadline
                    && !new HashSet<>(lines(printed)).containsAll(expected));
      }
      List<String> lines = lines(printed);
      assertThat(lines).containsAll(expected);
      for (String line : lines) {
        Matcher matcher = FRAUD_LINE.matcher(line);
        assertThat(matcher.matches()).as(line).isTrue();
      }
      assertThat(runtime.failure()).isEmpty();
    } finally {
      registry.close();
    }
  }

  @Test
  void shouldShowTheTestedConsumerInTheReadme() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Matcher block =
        Pattern.compile("```java\\n(Map<String, Object> config = .*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(block.find()).as("the README's Java client excerpt").isTrue();
    String excerpt = block.group(1).replaceAll("\\s+", "");
    for (Map.Entry<String, String> change : README_TO_TEST.entrySet()) {
      assertThat(excerpt).as("README excerpt").contains(change.getKey());
      excerpt = excerpt.replace(change.getKey(), change.getValue());
    }
    String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
    String tested =
        source
            .substring(
                source.indexOf("// README begin") + "// README begin".length(),
                source.indexOf("// README end"))
            .replaceAll("\\s+", "");
    assertThat(excerpt).isEqualTo(tested);
  }

  private static List<String> lines(ByteArrayOutputStream printed) {
    String text = printed.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
  }
}
