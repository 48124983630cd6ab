package io.streamlearn.features.flink;

import static io.streamlearn.features.stage.StageRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SourceEventDeserializationSchemaTest {

  private final Map<String, Object> serdeConfig =
      Map.of("schema.registry.url", "mock://" + UUID.randomUUID());
  private final SourceEventDeserializationSchema<Transaction> schema =
      SourceEventDeserializationSchema.transactions(
          "transactions", serdeConfig, ValidationRules.DEFAULTS);

  private List<SourceEvent> read(String key, byte[] value) throws Exception {
    List<SourceEvent> out = new ArrayList<>();
    schema.deserialize(
        new ConsumerRecord<>("transactions", 2, 40, key.getBytes(StandardCharsets.UTF_8), value),
        new Collector<>() {
          @Override
          public void collect(SourceEvent event) {
            out.add(event);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  @Test
  void aRecordInTheWireFormatBecomesAValidTransactionWithItsOriginalBytes() throws Exception {
    TransactionEvent transaction = new TransactionEvent("tx-1", T0, "c1", "t1", 5.0);
    byte[] bytes =
        new AvroSerializer<Transaction>()
            .configured(serdeConfig, false)
            .serialize("transactions", EventAvroMapping.toAvro(transaction));

    SourceEvent event = read("tx-1", bytes).get(0);

    assertThat(event.isValid()).isTrue();
    assertThat(event.transaction()).isEqualTo(transaction);
    assertThat(event.original().value()).isEqualTo(bytes);
    assertThat(event.original().partition()).isEqualTo(2);
    assertThat(event.original().offset()).isEqualTo(40);
  }

  @Test
  void bytesThatDoNotDecodeBecomeAFailedEventNotAJobFailure() throws Exception {
    List<SourceEvent> events = read("k", "{\"json\":true}".getBytes(StandardCharsets.UTF_8));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.isValid()).isFalse();
              assertThat(e.failure().reason()).isEqualTo("UNKNOWN_MAGIC_BYTE");
              assertThat(e.failure().errorClass()).isEqualTo(AvroSerdeException.class.getName());
            });
    assertThat(read("k", null).get(0).failure().reason()).isEqualTo("MALFORMED_RECORD");
    assertThat(schema.getProducedType()).isEqualTo(StageTypes.SOURCE_EVENTS);
  }

  @Test
  void anUnreachableRegistryFailsTheJobRatherThanMisfilingTheRecord() {
    SourceEventDeserializationSchema<Transaction> unreachable =
        SourceEventDeserializationSchema.transactions(
            "transactions",
            Map.of(
                "schema.registry.url", "http://127.0.0.1:9",
                "http.connect.timeout.ms", 200,
                "http.read.timeout.ms", 200),
            ValidationRules.DEFAULTS);

    assertThatThrownBy(
            () ->
                unreachable.deserialize(
                    new ConsumerRecord<>(
                        "transactions", 0, 0, new byte[] {1}, new byte[] {0, 0, 0, 0, 7, 1}),
                    new Collector<>() {
                      @Override
                      public void collect(SourceEvent event) {}

                      @Override
                      public void close() {}
                    }))
        .isInstanceOf(AvroSerdeException.class);
  }
}
