package io.streamlearn.app.tail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.embedded.testing.Await;
import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.platform.deadletter.DeadLetter;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code streamlearn tail} against the embedded broker and registry. */
@ExtendWith(EmbeddedStackExtension.class)
class TailCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Transaction transaction(String id, double amount) {
    return Transaction.newBuilder()
        .setTransactionId(id)
        .setEventTime(Instant.parse("2024-03-01T12:00:00Z"))
        .setCustomerId("C1")
        .setTerminalId("T1")
        .setAmount(amount)
        .setAttributes(Map.of())
        .build();
  }

  private static Result tail(TestStack stack, String topic, String... options) {
    return CommandRunner.run(tailArguments(stack, topic, options));
  }

  private static String[] tailArguments(TestStack stack, String topic, String... options) {
    List<String> args = new ArrayList<>(List.of("tail", topic));
    args.addAll(connection(stack));
    args.addAll(List.of(options));
    return args.toArray(String[]::new);
  }

  private static List<String> connection(TestStack stack) {
    return List.of("-b", stack.bootstrapServers(), "-r", stack.schemaRegistryUrl());
  }

  private static JsonNode json(String line) throws Exception {
    return JSON.readTree(line);
  }

  @Test
  void shouldPrintRecordsFromTheBeginningAsJsonLinesWithTheirKeys(TestStack stack)
      throws Exception {
    String topic = stack.createTopic("transactions");
    stack.produce(
        topic,
        List.of(
            KeyValue.pair("tx-1", transaction("tx-1", 10.5)),
            KeyValue.pair("tx-2", transaction("tx-2", 20.25)),
            KeyValue.pair("tx-3", transaction("tx-3", 30.0))));

    Result result = tail(stack, topic, "--from-beginning", "--max", "3", "--key");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).hasSize(3);
    JsonNode first = json(result.outLines().get(0));
    assertThat(first.get("key").asText()).isEqualTo("tx-1");
    assertThat(first.get("value").get("amount").asDouble()).isEqualTo(10.5);
    assertThat(first.get("value").get("eventTime").asText()).isEqualTo("2024-03-01T12:00:00Z");
    assertThat(json(result.outLines().get(2)).get("value").get("transactionId").asText())
        .isEqualTo("tx-3");
    assertThat(result.errLines()).containsExactly("read 3 records from " + topic);
  }

  @Test
  void shouldPrintOnlyRecordsThatArriveAfterItStarts(TestStack stack) throws Exception {
    String topic = stack.createTopic("predictions");
    stack.produce(topic, "old", transaction("old", 1));

    CompletableFuture<Result> tail =
        CompletableFuture.supplyAsync(() -> tail(stack, topic, "--max", "1", "--timeout", "60s"));
    try (KafkaProducer<String, Transaction> producer = stack.avroProducer()) {
      AtomicInteger sent = new AtomicInteger();
      Await.value(
          Duration.ofSeconds(30),
          Duration.ofMillis(250),
          () -> {
            if (tail.isDone()) {
              return true;
            }
            int i = sent.getAndIncrement();
            producer
                .send(new ProducerRecord<>(topic, "new-" + i, transaction("new-" + i, i)))
                .get();
            return false;
          },
          done -> done,
          "the tail to end on a record produced after it started");
    }
    Result result = tail.get(60, TimeUnit.SECONDS);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).hasSize(1);
    assertThat(json(result.outLines().get(0)).get("transactionId").asText()).startsWith("new-");
  }

  @Test
  void shouldStopWhenNothingArrivesWithinTheTimeout(TestStack stack) {
    String topic = stack.createTopic("alerts");

    Result result = tail(stack, topic, "--from-beginning", "--timeout", "1s");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).containsExactly("read 0 records from " + topic);
  }

  @Test
  void shouldPrintDeadLettersWithTheirHeadersAndOriginalBytes(TestStack stack) throws Exception {
    String source = stack.uniqueName("transactions");
    String dlq = DeadLetterHeaders.topicFor(source);
    stack.createTopics(new NewTopic(dlq, 1, (short) 1));
    byte[] csv = "tx-9,2024-03-01T00:00:00Z,C1,T1,-3.0".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = stack.bytesProducer()) {
      ProducerRecord<byte[], byte[]> dead =
          DeadLetter.of(source, "tx-9".getBytes(StandardCharsets.UTF_8), csv)
              .reason("NEGATIVE_AMOUNT")
              .message("amount -3.0 is negative")
              .stage("ingest.validate")
              .toProducerRecord();
      assertThat(dead.topic()).isEqualTo(dlq);
      producer.send(dead).get();
    }

    Result result = tail(stack, dlq, "--from-beginning", "--max", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode line = json(result.outLines().get(0));
    assertThat(line.get("key").asText()).isEqualTo("tx-9");
    assertThat(line.get("valueText").asText()).isEqualTo("tx-9,2024-03-01T00:00:00Z,C1,T1,-3.0");
    assertThat(line.get("headers").get(DeadLetterHeaders.REASON).asText())
        .isEqualTo("NEGATIVE_AMOUNT");
    assertThat(line.get("headers").get(DeadLetterHeaders.FAILED_STAGE).asText())
        .isEqualTo("ingest.validate");
  }

  @Test
  void shouldSkipARecordItCannotDecodeAndSayWhyOnStderr(TestStack stack) throws Exception {
    String topic = stack.createTopic("transactions");
    try (KafkaProducer<byte[], byte[]> producer = stack.bytesProducer()) {
      producer
          .send(new ProducerRecord<>(topic, "{\"amount\": 3}".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    stack.produce(topic, "tx-1", transaction("tx-1", 5));

    Result result = tail(stack, topic, "--from-beginning", "--max", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).hasSize(1);
    assertThat(json(result.outLines().get(0)).get("transactionId").asText()).isEqualTo("tx-1");
    assertThat(result.errLines().get(0))
        .startsWith("skipped partition 0 offset 0: ")
        .contains("unknown magic byte");
    assertThat(result.errLines().get(1))
        .isEqualTo("read 1 record from " + topic + " (1 could not be decoded)");
  }

  @Test
  void shouldWaitForATopicThatDoesNotExistYet(TestStack stack) throws Exception {
    String topic = stack.uniqueName("features");

    StringWriter err = new StringWriter();
    CompletableFuture<Result> tail =
        CompletableFuture.supplyAsync(
            () ->
                CommandRunner.run(
                    Map.of(),
                    CommandLine.defaultFactory(),
                    commandLine -> {},
                    new StringWriter(),
                    err,
                    tailArguments(
                        stack, topic, "--from-beginning", "--max", "1", "--timeout", "60s")));
    Await.until(
        Duration.ofSeconds(30),
        Await.DEFAULT_POLL,
        () -> err.toString().contains("does not exist yet") || tail.isDone(),
        () -> "the tail to report the missing topic (stderr: " + err + ")");
    assertThat(tail).as("the tail waits for the topic").isNotDone();
    KafkaFuture<Void> created =
        stack.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all();
    created.get(30, TimeUnit.SECONDS);
    stack.produce(topic, "tx-1", transaction("tx-1", 5));
    Result result = tail.get(60, TimeUnit.SECONDS);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.errLines().get(0))
        .isEqualTo("topic " + topic + " does not exist yet; waiting for it to be created");
    assertThat(result.outLines()).hasSize(1);
  }

  @Test
  void shouldFailInOneSentenceWhenATopicNeverAppears(TestStack stack) {
    String topic = stack.uniqueName("never");

    Result result = tail(stack, topic, "--timeout", "1s");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .endsWith(
            "error: topic "
                + topic
                + " does not exist on "
                + stack.bootstrapServers()
                + " (waited 1s)");
  }

  @Test
  void shouldFailInOneSentenceWhenTheRegistryIsUnreachable(TestStack stack) {
    String topic = stack.createTopic("predictions");

    Result result =
        CommandRunner.run(
            "tail",
            topic,
            "-b",
            stack.bootstrapServers(),
            "-r",
            "http://127.0.0.1:1",
            "--connect-timeout",
            "2s");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("error: cannot reach the Schema Registry at http://127.0.0.1:1");
  }

  @Test
  void shouldFailInOneSentenceWhenTheRegistryRefusesOurCredentials(TestStack stack)
      throws Exception {
    String topic = stack.createTopic("predictions");
    HttpServer registry =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext(
        "/",
        exchange -> {
          byte[] body =
              "{\"error_code\":40101,\"message\":\"Unauthorized\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    registry.start();
    try {
      String url = "http://127.0.0.1:" + registry.getAddress().getPort();

      Result result =
          CommandRunner.run(
              "tail",
              topic,
              "-b",
              stack.bootstrapServers(),
              "-r",
              url,
              "-X",
              "basic.auth.user.info=user:s3cret");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.errLines()).hasSize(1);
      assertThat(result.errLines().get(0))
          .startsWith("error: the Schema Registry at " + url + " refused our credentials");
      assertThat(result.err()).doesNotContain("s3cret");
    } finally {
      registry.stop(0);
    }
  }
}
