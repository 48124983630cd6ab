package io.streamlearn.features.avro;

import static io.streamlearn.features.stage.StageRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerdeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SourceEventDecoderTest {

  private final SourceEventDecoder decoder = new SourceEventDecoder(ValidationRules.DEFAULTS);

  private static OriginalRecord keyed(String key) {
    return new OriginalRecord(
        "transactions",
        0,
        5,
        T0,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        new byte[] {0},
        List.of());
  }

  private static Transaction transaction(String id, double amount) {
    return new Transaction(id, Instant.ofEpochMilli(T0), "c1", "t1", amount, Map.of());
  }

  @Test
  void aValidTransactionKeyedByItsIdIsDecodedToItsCoreForm() {
    SourceEvent event = decoder.transaction(keyed("tx-1"), transaction("tx-1", 9.5));

    assertThat(event.isValid()).isTrue();
    assertThat(event.transaction().amount()).isEqualTo(9.5);
    assertThat(event.eventTimeOrMin()).isEqualTo(T0);
  }

  @Test
  void aTransactionBreakingAValidationRuleFailsWithTheRulesCode() {
    SourceEvent event = decoder.transaction(keyed("tx-1"), transaction("tx-1", -3));

    assertThat(event.isValid()).isFalse();
    assertThat(event.failure().reason()).isEqualTo("NEGATIVE_AMOUNT");
    assertThat(event.failure().stage()).isEqualTo(FeatureStage.VALIDATE_STAGE);
    assertThat(event.eventTimeOrMin()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aRecordNotKeyedByItsTransactionIdFailsBecauseTheLabelJoinReliesOnIt() {
    SourceEvent wrongKey = decoder.transaction(keyed("c1"), transaction("tx-1", 1));
    SourceEvent noKey =
        decoder.label(keyed(null), new Label("tx-1", false, Instant.ofEpochMilli(T0), null));

    assertThat(wrongKey.failure().reason()).isEqualTo(FeatureStage.KEY_MISMATCH);
    assertThat(wrongKey.failure().message())
        .startsWith("the record has key 'c1' but transactionId 'tx-1'");
    assertThat(noKey.failure().message()).startsWith("the record has no key");
  }

  @Test
  void bytesThatDoNotDecodeFailWithTheSerdesReason() {
    AvroDeserializer<Transaction> avro =
        AvroDeserializer.forSpecific(Transaction.class)
            .configured(Map.of("schema.registry.url", "mock://" + UUID.randomUUID()), false);
    byte[] json = "{\"transactionId\":1}".getBytes(StandardCharsets.UTF_8);
    RuntimeException error =
        assertThrows(RuntimeException.class, () -> avro.deserialize("transactions", json));

    SourceEvent event = decoder.undecodable(keyed("tx-1"), SourceEvent.Kind.TRANSACTION, error);

    assertThat(event.failure().reason()).isEqualTo("UNKNOWN_MAGIC_BYTE");
    assertThat(event.failure().errorClass()).isEqualTo(AvroSerdeException.class.getName());
    assertThat(event.failure().stage()).isEqualTo(FeatureStage.DESERIALIZE_STAGE);
    assertThat(decoder.missingValue(keyed("tx-1"), SourceEvent.Kind.LABEL).failure().reason())
        .isEqualTo("MALFORMED_RECORD");
  }

  @Test
  void anUnreachableRegistryIsNotBlamedOnTheRecord() {
    AvroDeserializer<Transaction> avro =
        AvroDeserializer.forSpecific(Transaction.class)
            .configured(
                Map.of(
                    "schema.registry.url", "http://127.0.0.1:9",
                    "http.connect.timeout.ms", 200,
                    "http.read.timeout.ms", 200),
                false);
    RuntimeException error =
        assertThrows(
            RuntimeException.class,
            () -> avro.deserialize("transactions", new byte[] {0, 0, 0, 0, 1, 2}));

    assertThatThrownBy(
            () -> decoder.undecodable(keyed("tx-1"), SourceEvent.Kind.TRANSACTION, error))
        .isInstanceOf(AvroSerdeException.class)
        .satisfies(
            thrown ->
                assertThat(((AvroSerdeException) thrown).reason())
                    .isEqualTo(AvroSerdeException.Reason.REGISTRY_UNAVAILABLE));
  }
}
