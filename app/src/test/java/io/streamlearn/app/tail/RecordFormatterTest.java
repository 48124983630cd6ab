package io.streamlearn.app.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClients;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.AvroSerializer;
import io.streamlearn.platform.serde.ConfluentWireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordFormatterTest {

  private static final String TRANSACTION_JSON =
      "{\"transactionId\":\"tx-1\",\"eventTime\":\"2024-03-01T12:00:00.123Z\","
          + "\"customerId\":\"C42\",\"terminalId\":\"T7\",\"amount\":57.35,"
          + "\"attributes\":{\"mcc\":\"5411\"}}";

  private final String scope = "tail-" + UUID.randomUUID();
  private final Map<String, Object> serde = Map.of("schema.registry.url", "mock://" + scope);
  private final SchemaRegistryClient registry = SchemaRegistryClients.create(serde);
  private final WriterSchemaDecoder decoder = new WriterSchemaDecoder(registry);

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.dropScope(scope);
  }

  private static Transaction transaction() {
    return Transaction.newBuilder()
        .setTransactionId("tx-1")
        .setEventTime(Instant.parse("2024-03-01T12:00:00.123Z"))
        .setCustomerId("C42")
        .setTerminalId("T7")
        .setAmount(57.35)
        .setAttributes(Map.of("mcc", "5411"))
        .build();
  }

  private byte[] avro(String topic, Transaction value) {
    try (AvroSerializer<Transaction> serializer =
        new AvroSerializer<Transaction>().configured(serde, false)) {
      return serializer.serialize(topic, value);
    }
  }

  private static ConsumerRecord<byte[], byte[]> record(
      String topic, String key, byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>(
        topic,
        0,
        7,
        0L,
        TimestampType.CREATE_TIME,
        -1,
        value == null ? -1 : value.length,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        headers,
        Optional.empty());
  }

  @Test
  void shouldPrintTheValueDecodedWithItsWriterSchema() {
    RecordFormatter formatter = new RecordFormatter(decoder, false, false, false);

    String line =
        formatter.format(
            record("transactions", "tx-1", avro("transactions", transaction()), headers()));

    assertThat(line).isEqualTo(TRANSACTION_JSON);
  }

  @Test
  void shouldPrintTheKeyAsAStringWhenAsked() {
    RecordFormatter formatter = new RecordFormatter(decoder, true, false, false);

    String line =
        formatter.format(
            record("transactions", "tx-1", avro("transactions", transaction()), headers()));

    assertThat(line).isEqualTo("{\"key\":\"tx-1\",\"value\":" + TRANSACTION_JSON + "}");
  }

  @Test
  void shouldPrintHeadersWhenAskedWithRepeatedOnesAsArrays() {
    RecordFormatter formatter = new RecordFormatter(decoder, false, true, false);
    RecordHeaders headers = headers();
    headers.add("trace", "a".getBytes(StandardCharsets.UTF_8));
    headers.add("trace", "b".getBytes(StandardCharsets.UTF_8));
    headers.add("empty", null);

    String line =
        formatter.format(
            record("transactions", "tx-1", avro("transactions", transaction()), headers));

    assertThat(line)
        .isEqualTo(
            "{\"headers\":{\"trace\":[\"a\",\"b\"],\"empty\":null},\"value\":"
                + TRANSACTION_JSON
                + "}");
  }

  @Test
  void shouldPrintATombstoneAsNull() {
    RecordFormatter formatter = new RecordFormatter(decoder, true, false, false);

    assertThat(formatter.format(record("model-snapshots", "m", null, headers())))
        .isEqualTo("{\"key\":\"m\",\"value\":null}");
  }

  @Test
  void shouldDecodeDeadLetteredAvroAndPrintItWithItsHeaders() {
    RecordFormatter formatter = new RecordFormatter(decoder, false, false, true);
    RecordHeaders headers = headers();
    headers.add(DeadLetterHeaders.REASON, "LATE_EVENT".getBytes(StandardCharsets.UTF_8));

    String line =
        formatter.format(
            record("late-events", "tx-1", avro("transactions", transaction()), headers));

    assertThat(line)
        .isEqualTo(
            "{\"key\":\"tx-1\",\"headers\":{\"dlq.reason\":\"LATE_EVENT\"},\"value\":"
                + TRANSACTION_JSON
                + "}");
  }

  @Test
  void shouldPrintDeadLetteredTextAsTextAndOtherBytesAsBase64() {
    RecordFormatter formatter = new RecordFormatter(decoder, false, false, true);
    RecordHeaders headers = headers();
    headers.add(DeadLetterHeaders.REASON, "NEGATIVE_AMOUNT".getBytes(StandardCharsets.UTF_8));
    byte[] csvLine = "tx-9,2024-03-01T00:00:00Z,C1,T1,-3.0".getBytes(StandardCharsets.UTF_8);
    byte[] garbage = {0, 0, 0, 0, 99, (byte) 0xff, (byte) 0xfe};

    assertThat(formatter.format(record("transactions.dlq", null, csvLine, headers)))
        .isEqualTo(
            "{\"key\":null,\"headers\":{\"dlq.reason\":\"NEGATIVE_AMOUNT\"},"
                + "\"valueText\":\"tx-9,2024-03-01T00:00:00Z,C1,T1,-3.0\"}");
    assertThat(formatter.format(record("transactions.dlq", "k", garbage, headers)))
        .isEqualTo(
            "{\"key\":\"k\",\"headers\":{\"dlq.reason\":\"NEGATIVE_AMOUNT\"},"
                + "\"valueBase64\":\"AAAAAGP//g==\"}");
  }

  @Test
  void shouldRefuseAValueOfAnOrdinaryTopicThatIsNotAvro() {
    RecordFormatter formatter = new RecordFormatter(decoder, false, false, false);
    byte[] json = "{\"amount\": 3}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> formatter.format(record("transactions", "k", json, headers())))
        .isInstanceOfSatisfying(
            AvroSerdeException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroSerdeException.Reason.UNKNOWN_MAGIC_BYTE));
  }

  @Test
  void shouldRefuseAnUnknownSchemaId() {
    RecordFormatter formatter = new RecordFormatter(decoder, false, false, false);
    byte[] framed = ConfluentWireFormat.frame(4242, new byte[] {2, 'a'});

    assertThatThrownBy(() -> formatter.format(record("t", "k", framed, headers())))
        .isInstanceOfSatisfying(
            AvroSerdeException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroSerdeException.Reason.UNKNOWN_SCHEMA_ID));
  }

  @Test
  void shouldDecodeAValueWhoseSchemaIsNotARecord() {
    int id = registry.register("words-value", Schema.create(Schema.Type.STRING));
    byte[] framed = ConfluentWireFormat.frame(id, new byte[] {10, 'h', 'e', 'l', 'l', 'o'});
    RecordFormatter formatter = new RecordFormatter(decoder, false, false, false);

    assertThat(formatter.format(record("words", "k", framed, headers()))).isEqualTo("\"hello\"");
  }

  private static RecordHeaders headers() {
    return new RecordHeaders();
  }
}
