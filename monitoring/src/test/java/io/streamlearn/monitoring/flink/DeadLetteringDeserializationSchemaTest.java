package io.streamlearn.monitoring.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.ingest.avro.Label;
import io.streamlearn.monitoring.testing.StageScenario;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetteringDeserializationSchemaTest {

  private final Map<String, Object> serdeConfig =
      Map.of("schema.registry.url", "mock://dlq-schema-" + UUID.randomUUID());
  private final DeadLetteringDeserializationSchema<Label> schema =
      DeadLetteringDeserializationSchema.forSpecific(Label.class, "labels", serdeConfig);

  private List<Either<Label, DeadLetterRecord>> read(byte[] value) throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "labels",
            2,
            41L,
            1234L,
            TimestampType.CREATE_TIME,
            1,
            value == null ? 0 : value.length,
            "tx-9".getBytes(StandardCharsets.UTF_8),
            value,
            headers,
            Optional.empty());
    List<Either<Label, DeadLetterRecord>> out = new ArrayList<>();
    schema.deserialize(
        record,
        new Collector<>() {
          @Override
          public void collect(Either<Label, DeadLetterRecord> element) {
            out.add(element);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  @Test
  void decodesAGoodRecord() throws Exception {
    Label label = StageScenario.events().get(0).label();
    byte[] bytes =
        new AvroSerializer<Label>().configured(serdeConfig, false).serialize("labels", label);

    assertThat(read(bytes)).singleElement().satisfies(e -> assertThat(e.left()).isEqualTo(label));
  }

  @Test
  void turnsBadBytesIntoADeadLetterWithTheEnvelopeInsteadOfFailing() throws Exception {
    byte[] json = "{\"isFraud\": true}".getBytes(StandardCharsets.UTF_8);

    DeadLetterRecord letter = read(json).get(0).right();

    assertThat(letter.topic).isEqualTo("labels.dlq");
    assertThat(letter.value).isEqualTo(json);
    assertThat(new String(letter.key, StandardCharsets.UTF_8)).isEqualTo("tx-9");
    assertThat(letter.timestamp).isEqualTo(1234L);
    assertThat(letter.header("trace")).isEqualTo("t-1");
    assertThat(letter.header(DeadLetterHeaders.REASON)).isEqualTo("UNKNOWN_MAGIC_BYTE");
    assertThat(letter.header(DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
    assertThat(letter.header(DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
    assertThat(letter.header(DeadLetterHeaders.FAILED_STAGE))
        .isEqualTo("flink:monitoring/labels-source");
    assertThat(letter.toProducerRecord().headers().lastHeader("trace")).isNotNull();
  }

  @Test
  void turnsALabelDatedBefore1970IntoADeadLetter() throws Exception {
    Label ancient =
        Label.newBuilder(StageScenario.events().get(0).label())
            .setLabelTime(Instant.parse("1969-07-20T20:17:00Z"))
            .build();
    byte[] bytes =
        new AvroSerializer<Label>().configured(serdeConfig, false).serialize("labels", ancient);

    DeadLetterRecord letter = read(bytes).get(0).right();

    assertThat(letter.header(DeadLetterHeaders.REASON)).isEqualTo("PROCESSING_FAILED");
    assertThat(letter.header(DeadLetterHeaders.ERROR_MESSAGE)).contains("precedes 1970");
  }

  @Test
  void skipsTombstones() throws Exception {
    assertThat(read(null)).isEmpty();
  }
}
