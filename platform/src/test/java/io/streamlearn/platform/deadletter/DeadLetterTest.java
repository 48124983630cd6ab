package io.streamlearn.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.platform.serde.AvroSerdeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordDeserializationException.DeserializationExceptionOrigin;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  private static final byte[] KEY = {1, 2, 3};
  private static final byte[] VALUE = {0x7b, 0x22, 0x00, (byte) 0xff};

  static String header(Headers headers, String name) {
    return headers.lastHeader(name) == null
        ? null
        : new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldKeepTheBytesAndDescribeARecordReadFromKafka() {
    RecordHeaders original = new RecordHeaders();
    original.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "transactions",
            2,
            41L,
            1_700_000_000_000L,
            TimestampType.CREATE_TIME,
            3,
            4,
            KEY,
            VALUE,
            original,
            Optional.empty());

    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(record)
            .reason("NEGATIVE_AMOUNT")
            .message("amount -3.0 is negative")
            .stage("ingest.validate")
            .toProducerRecord();

    assertThat(letter.topic()).isEqualTo("transactions.dlq");
    assertThat(letter.key()).isSameAs(KEY);
    assertThat(letter.value()).isSameAs(VALUE);
    assertThat(letter.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(header(letter.headers(), "trace-id")).isEqualTo("abc");
    assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("NEGATIVE_AMOUNT");
    assertThat(header(letter.headers(), DeadLetterHeaders.ERROR_MESSAGE))
        .isEqualTo("amount -3.0 is negative");
    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("transactions");
    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
    assertThat(header(letter.headers(), DeadLetterHeaders.FAILED_STAGE))
        .isEqualTo("ingest.validate");
    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_FILE)).isNull();
  }

  @Test
  void shouldDescribeALineOfAnInputFile() {
    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of("transactions", null, VALUE)
            .sourceFile("data/tx.csv", 17)
            .error(new IllegalArgumentException("amount is not a number: 'abc'"))
            .stage("ingest.file")
            .toProducerRecord();

    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_FILE)).isEqualTo("data/tx.csv");
    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_LINE)).isEqualTo("17");
    assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("PROCESSING_FAILED");
    assertThat(header(letter.headers(), DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo("java.lang.IllegalArgumentException");
    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isNull();
  }

  @Test
  void shouldBuildTheLetterOfARecordAConsumerCouldNotDeserialize() {
    AvroSerdeException cause =
        new AvroSerdeException(
            AvroSerdeException.Reason.UNKNOWN_MAGIC_BYTE,
            AvroSerdeException.Direction.DESERIALIZE,
            "transactions",
            false,
            OptionalInt.empty(),
            "unknown magic byte 0x7b, expected 0x00 (the Confluent Schema Registry wire format)",
            null);
    RecordDeserializationException failure =
        new RecordDeserializationException(
            DeserializationExceptionOrigin.VALUE,
            new TopicPartition("transactions", 1),
            99L,
            5L,
            TimestampType.CREATE_TIME,
            ByteBuffer.wrap(KEY),
            ByteBuffer.wrap(VALUE),
            new RecordHeaders(),
            "Error deserializing VALUE",
            cause);

    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(failure).stage("consumer:test").toProducerRecord();

    assertThat(letter.key()).containsExactly(KEY);
    assertThat(letter.value()).containsExactly(VALUE);
    assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("UNKNOWN_MAGIC_BYTE");
    assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("99");
    assertThat(header(letter.headers(), DeadLetterHeaders.ERROR_MESSAGE))
        .isEqualTo(
            "Cannot deserialize the value of a record from topic 'transactions' (partition 1,"
                + " offset 99): unknown magic byte 0x7b, expected 0x00 (the Confluent Schema"
                + " Registry wire format)");
  }

  @Test
  void shouldReplaceDeadLetterHeadersOfARecordDeadLetteredBefore() {
    RecordHeaders original = new RecordHeaders();
    original.add(DeadLetterHeaders.REASON, "OLD".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "x",
            0,
            0L,
            0L,
            TimestampType.CREATE_TIME,
            0,
            0,
            KEY,
            VALUE,
            original,
            Optional.empty());

    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(record).reason("NEW").stage("s").toProducerRecord();

    assertThat(letter.headers().headers(DeadLetterHeaders.REASON)).hasSize(1);
    assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("NEW");
  }

  @Test
  void shouldRequireAReasonAndAStage() {
    assertThatThrownBy(() -> DeadLetter.of("t", KEY, VALUE).stage("s").toProducerRecord())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a dead letter needs a reason: call reason() or error()");
    assertThatThrownBy(() -> DeadLetter.of("t", KEY, VALUE).reason("R").toProducerRecord())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a dead letter needs the stage that failed: call stage()");
  }

  @Test
  void shouldCutVeryLongMessages() {
    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of("t", KEY, VALUE)
            .reason("R")
            .message("x".repeat(5000))
            .stage("s")
            .toProducerRecord();

    assertThat(header(letter.headers(), DeadLetterHeaders.ERROR_MESSAGE))
        .hasSize(DeadLetterHeaders.MAX_MESSAGE_LENGTH)
        .endsWith("...");
  }
}
