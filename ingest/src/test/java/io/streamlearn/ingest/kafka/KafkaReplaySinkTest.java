package io.streamlearn.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.IngestException;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.ingest.core.validation.ViolationCode;
import io.streamlearn.ingest.file.RecordOrigin;
import io.streamlearn.ingest.file.ReplayTally;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaReplaySinkTest {

  private static final String SCOPE = "replay-sink-test";
  private static final byte[] LINE =
      "t1,2018-04-01T00:00:31Z,c1,T9,12.5".getBytes(StandardCharsets.UTF_8);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final ReplayTally tally = new ReplayTally();
  private final DeliveryGuard guard = new DeliveryGuard("broker:9092");
  private final KafkaReplaySink sink =
      new KafkaReplaySink(
          producer,
          new AvroSerializer<GenericRecord>(MockSchemaRegistry.forScope(SCOPE))
              .configured(Map.of(), false),
          "transactions",
          tally,
          guard);

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void aValidRecordGoesToItsTopicKeyedAndInTheWireFormat() {
    sink.send("t1", transaction(), new RecordOrigin("tx.csv", 2), LINE);
    sink.finish();

    ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("transactions");
    assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo("t1");
    AvroDeserializer<GenericRecord> deserializer =
        new AvroDeserializer<GenericRecord>(MockSchemaRegistry.forScope(SCOPE))
            .configured(Map.of(), false);
    assertThat(deserializer.deserialize("transactions", sent.value()).get("customerId"))
        .hasToString("c1");
    assertThat(tally.total()).isEqualTo(new ReplayTally.Counts("total", 0, 1, 0, 0, 0));
  }

  @Test
  void aRejectedRecordIsDeadLetteredWithItsOriginalBytesAndTheHeaders() {
    sink.deadLetter(
        LINE,
        new Violation(
            ViolationCode.NEGATIVE_AMOUNT, "amount is -1.0, but amounts must be finite and >= 0"),
        new RecordOrigin("tx.csv", 7));
    sink.finish();

    ProducerRecord<byte[], byte[]> letter = producer.history().get(0);
    assertThat(letter.topic()).isEqualTo("transactions.dlq");
    assertThat(letter.value()).isEqualTo(LINE);
    assertThat(letter.key()).isNull();
    assertThat(headers(letter))
        .containsEntry(DeadLetterHeaders.REASON, "NEGATIVE_AMOUNT")
        .containsEntry(
            DeadLetterHeaders.ERROR_MESSAGE, "amount is -1.0, but amounts must be finite and >= 0")
        .containsEntry(DeadLetterHeaders.SOURCE_TOPIC, "transactions")
        .containsEntry(DeadLetterHeaders.SOURCE_FILE, "tx.csv")
        .containsEntry(DeadLetterHeaders.SOURCE_LINE, "7")
        .containsEntry(DeadLetterHeaders.FAILED_STAGE, "ingest.validate");
    assertThat(tally.total().deadLettered()).isEqualTo(1);
  }

  @Test
  void aRecordTheBrokerRefusesIsDeadLetteredAfterwards() {
    sink.send("t1", transaction(), new RecordOrigin("tx.csv", 2), LINE);
    producer.errorNext(new RecordTooLargeException("the record is too large"));
    sink.finish();

    assertThat(producer.history()).hasSize(2);
    ProducerRecord<byte[], byte[]> letter = producer.history().get(1);
    assertThat(letter.topic()).isEqualTo("transactions.dlq");
    assertThat(letter.value()).isEqualTo(LINE);
    assertThat(headers(letter))
        .containsEntry(DeadLetterHeaders.REASON, "DELIVERY_FAILED")
        .containsEntry(DeadLetterHeaders.ERROR_MESSAGE, "the record is too large")
        .containsEntry(DeadLetterHeaders.FAILED_STAGE, "ingest.produce");
    assertThat(tally.total()).isEqualTo(new ReplayTally.Counts("total", 0, 0, 1, 0, 0));
  }

  @Test
  void aBrokerThatStopsAnsweringStopsTheRunWithOneSentence() {
    sink.send("t1", transaction(), new RecordOrigin("tx.csv", 2), LINE);
    producer.errorNext(new TimeoutException("Expiring 1 record(s) after 120000 ms"));

    assertThatThrownBy(sink::finish)
        .isInstanceOf(IngestException.class)
        .hasMessage(
            "Kafka at broker:9092 stopped accepting records: Expiring 1 record(s) after 120000 ms");
    assertThat(tally.total().failed()).isEqualTo(1);
    assertThatThrownBy(() -> sink.send("t2", transaction(), new RecordOrigin("tx.csv", 3), LINE))
        .isInstanceOf(IngestException.class);
  }

  @Test
  void theStageNamesWhereTheRecordFailed() {
    assertThat(KafkaReplaySink.stageOf(ViolationCode.MALFORMED_RECORD)).isEqualTo("ingest.parse");
    assertThat(KafkaReplaySink.stageOf(ViolationCode.WRONG_TYPE)).isEqualTo("ingest.map");
    assertThat(KafkaReplaySink.stageOf(ViolationCode.MISSING_FIELD)).isEqualTo("ingest.map");
    assertThat(KafkaReplaySink.stageOf(ViolationCode.EMPTY_ID)).isEqualTo("ingest.validate");
  }

  private static GenericRecord transaction() {
    GenericData.Record record = new GenericData.Record(Transaction.getClassSchema());
    record.put("transactionId", "t1");
    record.put("eventTime", 1_522_540_831_000L);
    record.put("customerId", "c1");
    record.put("terminalId", "T9");
    record.put("amount", 12.5);
    record.put("attributes", Map.of());
    return record;
  }

  private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new java.util.HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }
}
