package io.streamlearn.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedStackExtension.class)
class ProduceCommandIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aCsvFileIsProducedAndItsBadLinesDeadLetteredWithTheCountsBalancing(TestStack stack)
      throws IOException {
    String topic = stack.uniqueName("transactions");
    Path csv =
        write(
            "tx.csv",
            "transactionId,eventTime,customerId,terminalId,amount,merchant",
            "t1,2018-04-01T00:00:31Z,c1,T9,12.5,shop",
            "t2,2018-04-01T00:01:00Z,c2,T9,\"3,5\",bar",
            "t3,2018-04-01T00:02:00Z,c3,T1,NaN,bar",
            "t4,2018-04-01T00:03:00Z,c3,T1,-1,bar",
            "t5,2018-04-01T00:04:00Z,,T1,1,bar",
            "t6,2018-04-01T00:05:00Z,c4,T1,\"7,bar",
            "t7,1522541160000,c5,T2,7.25,bar",
            "t8,2018-04-01T00:0");

    CommandRun run =
        CommandRun.of(
            new ProduceCommand(),
            args(stack, "-t", topic, "-s", "Transaction", "--partitions", "1", csv.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "note: " + csv + ": column 'merchant' is not a field of Transaction and is ignored");
    assertThat(run.out())
        .contains(
            "8 records read: 2 produced to "
                + topic
                + ", 6 dead-lettered to "
                + topic
                + ".dlq, 0 failed");
    List<Transaction> produced = stack.consumeValues(topic, Transaction.class, 2, TIMEOUT);
    assertThat(produced).extracting(Transaction::getTransactionId).containsExactly("t1", "t7");
    assertThat(produced.get(1).getAmount()).isEqualTo(7.25);
    assertThat(endOffset(stack, topic)).isEqualTo(2);

    List<ConsumerRecord<byte[], byte[]>> letters = deadLetters(stack, topic + ".dlq", 6);
    assertThat(letters)
        .extracting(
            r ->
                header(r, DeadLetterHeaders.SOURCE_LINE)
                    + " "
                    + header(r, DeadLetterHeaders.REASON))
        .containsExactly(
            "3 WRONG_TYPE",
            "4 NON_FINITE_AMOUNT",
            "5 NEGATIVE_AMOUNT",
            "6 MISSING_FIELD",
            "7 MALFORMED_RECORD",
            "9 MALFORMED_RECORD");
    ConsumerRecord<byte[], byte[]> negative = letters.get(2);
    assertThat(new String(negative.value(), StandardCharsets.UTF_8))
        .isEqualTo("t4,2018-04-01T00:03:00Z,c3,T1,-1,bar");
    assertThat(header(negative, DeadLetterHeaders.ERROR_MESSAGE))
        .isEqualTo("amount is -1.0, but amounts must be finite and >= 0");
    assertThat(header(negative, DeadLetterHeaders.SOURCE_FILE)).isEqualTo(csv.toString());
    assertThat(header(negative, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
    assertThat(header(negative, DeadLetterHeaders.FAILED_STAGE)).isEqualTo("ingest.validate");
    assertThat(endOffset(stack, topic + ".dlq")).isEqualTo(6);
  }

  @Test
  void strictModeExitsWithCodeThreeWhenRecordsWereRejected(TestStack stack) throws IOException {
    String topic = stack.uniqueName("labels");
    Path csv =
        write(
            "labels.csv",
            "transactionId,isFraud,labelTime,transactionTime",
            "t1,true,2018-04-08T00:00:00Z,2018-04-01T00:00:00Z",
            "t2,false,2018-04-01T00:00:00Z,2018-04-08T00:00:00Z");

    CommandRun run =
        CommandRun.of(
            new ProduceCommand(),
            args(stack, "-t", topic, "-s", "Label", "--strict", csv.toString()));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.REJECTED);
    assertThat(run.err())
        .contains("error: 1 records were rejected (--strict); see " + topic + ".dlq");
    assertThat(deadLetters(stack, topic + ".dlq", 1))
        .extracting(r -> header(r, DeadLetterHeaders.REASON))
        .containsExactly("LABEL_BEFORE_TRANSACTION");
  }

  @Test
  void jsonLinesOfAUserSchemaRoundTripThroughTheBroker(TestStack stack) throws IOException {
    String topic = stack.uniqueName("clicks");
    Path avsc =
        write(
            "click.avsc",
            "{\"type\": \"record\", \"name\": \"Click\", \"namespace\": \"com.example\", \"fields\": [",
            "  {\"name\": \"userId\", \"type\": \"string\"},",
            "  {\"name\": \"at\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}},",
            "  {\"name\": \"page\", \"type\": \"string\", \"default\": \"/\"},",
            "  {\"name\": \"dwellSeconds\", \"type\": [\"null\", \"double\"], \"default\": null}]}");
    Path jsonl =
        write(
            "clicks.jsonl",
            "{\"userId\": \"u1\", \"at\": 1522540831, \"page\": \"/home\", \"dwellSeconds\": 3.5}",
            "{\"userId\": \"u2\", \"at\": \"2018-04-01T00:00:32Z\"}",
            "",
            "[\"u3\"]",
            "{\"userId\": \"\", \"at\": 1522540833}");

    CommandRun run =
        CommandRun.of(
            new ProduceCommand(),
            args(
                stack,
                "-t",
                topic,
                "-s",
                avsc.toString(),
                "--key-field",
                "userId",
                "--epoch-unit",
                "seconds",
                "--partitions",
                "1",
                jsonl.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("4 records read: 2 produced", "1 blank lines skipped");
    Schema schema = new Schema.Parser().parse(Files.readString(avsc));
    List<ConsumerRecord<String, GenericRecord>> records;
    try (KafkaConsumer<String, GenericRecord> consumer = stack.genericConsumer(schema)) {
      records = stack.consume(consumer, topic, 2, TIMEOUT);
    }
    assertThat(records).extracting(ConsumerRecord::key).containsExactly("u1", "u2");
    assertThat(records.get(0).value().get("at")).isEqualTo(1_522_540_831_000L);
    assertThat(records.get(1).value().get("page")).hasToString("/");
    assertThat(records.get(1).value().get("dwellSeconds")).isNull();
    assertThat(deadLetters(stack, topic + ".dlq", 2))
        .extracting(r -> header(r, DeadLetterHeaders.ERROR_MESSAGE))
        .containsExactly("line is a JSON array, not an object", "userId is empty");
  }

  private static String[] args(TestStack stack, String... rest) {
    List<String> all =
        new java.util.ArrayList<>(
            List.of(
                "-b",
                stack.bootstrapServers(),
                "-r",
                stack.schemaRegistryUrl(),
                "--progress",
                "never"));
    all.addAll(List.of(rest));
    return all.toArray(new String[0]);
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLetters(
      TestStack stack, String topic, int count) {
    try (KafkaConsumer<byte[], byte[]> consumer = stack.bytesConsumer()) {
      return stack.consume(consumer, topic, count, TIMEOUT);
    }
  }

  private static long endOffset(TestStack stack, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = stack.bytesConsumer()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      return ends.values().stream().collect(Collectors.summingLong(Long::longValue));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
