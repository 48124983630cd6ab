package io.streamlearn.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class WriterSchemaGateTest {

  private static final Schema READER =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Reading","namespace":"gate.test","fields":[
                {"name":"id","type":"string","doc":"the reader's doc"},
                {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}}]}
              """);

  private final InMemorySchemaRegistry registry =
      MockSchemaRegistry.forScope("gate-test-" + UUID.randomUUID());
  private final AvroDeserializer<GenericRecord> deserializer =
      AvroDeserializer.forGeneric(READER, registry).configured(Map.of(), false);
  private final WriterSchemaGate gate = new WriterSchemaGate(deserializer, READER);

  private static byte[] framed(int id) {
    return ConfluentWireFormat.frame(id, new byte[] {2, 'x', 4});
  }

  @Test
  void aRecordWrittenWithTheReaderSchemaMatches() {
    int id = registry.register("readings-value", READER);

    assertThat(gate.matches("readings", framed(id))).isTrue();
  }

  @Test
  void docsAndAnnotationsThatDoNotChangeTheBytesDoNotMatter() {
    Schema sameLayout =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"Reading","namespace":"gate.test","doc":"writer","fields":[
                  {"name":"id","type":"string"},
                  {"name":"at","type":"long"}]}
                """);
    int id = registry.register("readings-value", sameLayout);

    assertThat(gate.matches("readings", framed(id))).isTrue();
  }

  @Test
  void anEvolvedWriterSchemaDoesNotMatch() {
    Schema evolved =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"Reading","namespace":"gate.test","fields":[
                  {"name":"id","type":"string"},
                  {"name":"at","type":"long"},
                  {"name":"note","type":["null","string"],"default":null}]}
                """);
    Schema reordered =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"Reading","namespace":"gate.test","fields":[
                  {"name":"at","type":"long"},
                  {"name":"id","type":"string"}]}
                """);
    int evolvedId = registry.register("evolved-value", evolved);
    int reorderedId = registry.register("reordered-value", reordered);

    assertThat(gate.matches("readings", framed(evolvedId))).isFalse();
    assertThat(gate.matches("readings", framed(reorderedId))).isFalse();
  }

  @Test
  void whatTheDeserializerWouldRejectDoesNotMatchAndAMissingIdIsAskedAgain() {
    int first = registry.register("readings-value", READER);
    int next = first + 1;

    assertThat(gate.matches("readings", new byte[] {0, 0, 0})).isFalse();
    assertThat(gate.matches("readings", new byte[] {1, 0, 0, 0, (byte) first, 2})).isFalse();
    assertThat(gate.matches("readings", null)).isFalse();
    assertThat(gate.matches("readings", framed(next))).isFalse();
    assertThatThrownBy(() -> deserializer.deserialize("readings", framed(next)))
        .isInstanceOfSatisfying(
            AvroSerdeException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroSerdeException.Reason.UNKNOWN_SCHEMA_ID));

    // the failed lookup was not remembered: once the id exists, its records match
    Schema sameLayout = new Schema.Parser().parse(READER.toString().replace("reader's", "other"));
    assertThat(registry.register("others-value", sameLayout)).isEqualTo(next);
    assertThat(gate.matches("readings", framed(next))).isTrue();
  }
}
