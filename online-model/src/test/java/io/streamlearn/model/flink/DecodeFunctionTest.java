package io.streamlearn.model.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorWireDecoder;
import io.streamlearn.model.TestEvents;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodeFunctionTest {

  private static final Map<String, String> SERDE =
      Map.of("schema.registry.url", "mock://decode-function-test");

  private OneInputStreamOperatorTestHarness<RawRecord, FeatureVector> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        Harnesses.process(
            new DecodeFunction<>(FeatureVector.class, SERDE, "flink:model/decode-features"),
            FeatureVector.class);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private List<DeadLetterRecord> deadLetters() {
    var letters = harness.getSideOutput(DecodeFunction.DEAD_LETTERS);
    return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void shouldDecodeAFeatureVectorInTheWireFormat() throws Exception {
    FeatureVector vector = TestEvents.stream(1, 1, -1).get(0).features();
    byte[] bytes =
        new AvroSerializer<FeatureVector>().configured(SERDE, false).serialize("features", vector);
    harness.processElement(RawRecord.of("features", "tx", bytes, 5L), 5L);

    assertThat(harness.extractOutputValues()).containsExactly(vector);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void shouldSendUndecodableBytesToTheDeadLettersWithTheReasonInsteadOfFailing() throws Exception {
    byte[] json = "{\"transactionId\":\"tx\"}".getBytes(StandardCharsets.UTF_8);
    harness.processElement(RawRecord.of("features", "tx", json, 5L), 5L);

    assertThat(harness.extractOutputValues()).isEmpty();
    DeadLetterRecord letter = deadLetters().get(0);
    assertThat(letter.reason).isEqualTo("UNKNOWN_MAGIC_BYTE");
    assertThat(letter.record.value).isEqualTo(json);
    ProducerRecord<byte[], byte[]> record =
        new DeadLetterSerializationSchema().serialize(letter, null, 5L);
    assertThat(record.topic()).isEqualTo("features.dlq");
    assertThat(record.value()).isEqualTo(json);
    assertThat(
            new String(
                record.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("UNKNOWN_MAGIC_BYTE");
    assertThat(
            new String(
                record.headers().lastHeader(DeadLetterHeaders.FAILED_STAGE).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("flink:model/decode-features");
  }

  @Test
  void withTheDirectDecoderItGivesWhatAvroGivesAndTheSameDeadLetters() throws Exception {
    // as ModelJob decodes features
    OneInputStreamOperatorTestHarness<RawRecord, FeatureVector> direct =
        Harnesses.process(
            new DecodeFunction<>(
                FeatureVector.class,
                SERDE,
                "flink:model/decode-features",
                FeatureVectorWireDecoder.INSTANCE),
            FeatureVector.class);
    try {
      AvroSerializer<FeatureVector> serializer =
          new AvroSerializer<FeatureVector>().configured(SERDE, false);
      List<byte[]> records = new ArrayList<>();
      for (var event : TestEvents.stream(20, 3, -1)) {
        byte[] bytes = serializer.serialize("features", event.features());
        records.add(bytes);
        records.add(Arrays.copyOf(bytes, bytes.length - 1 - records.size() % 7));
        byte[] extended = Arrays.copyOf(bytes, bytes.length + 1);
        records.add(extended);
      }
      long offset = 0;
      for (byte[] bytes : records) {
        harness.processElement(RawRecord.of("features", "tx", bytes, offset), offset);
        direct.processElement(RawRecord.of("features", "tx", bytes, offset), offset);
        offset++;
      }
      var letters = direct.getSideOutput(DecodeFunction.DEAD_LETTERS);

      assertThat(direct.extractOutputValues())
          .hasSize(records.size() / 3)
          .containsExactlyElementsOf(harness.extractOutputValues());
      assertThat(letters.stream().map(StreamRecord::getValue).toList())
          .hasSize(2 * records.size() / 3)
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(deadLetters());
    } finally {
      direct.close();
    }
  }

  @Test
  void shouldSkipATombstoneWithoutFailing() throws Exception {
    harness.processElement(RawRecord.of("features", "tx", null, 5L), 5L);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters()).isEmpty();
  }
}
