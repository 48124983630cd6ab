package io.streamlearn.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.registry.RegisteredSchema;
import io.streamlearn.platform.serde.AvroSerdeException.Reason;
import io.streamlearn.platform.testing.Reading;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Writer schemas fetched by id resolve to the reader's schema, in both directions. */
class SchemaEvolutionTest {

  private static final String TOPIC = "readings";

  /** Version 1 of Reading: no unit field. */
  private static final Schema READING_V1 =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Reading", "namespace": "io.streamlearn.platform.testing",
               "fields": [
                 {"name": "sensorId", "type": "string"},
                 {"name": "value", "type": "double"}]}
              """);

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  private byte[] writeV1(String sensor, double value) {
    GenericRecord old = new GenericData.Record(READING_V1);
    old.put("sensorId", sensor);
    old.put("value", value);
    return new AvroSerializer<GenericRecord>(registry)
        .configured(Map.of(), false)
        .serialize(TOPIC, old);
  }

  @Test
  void shouldReadRecordsWrittenWithAnOlderSchemaWithTheNewerGeneratedClass() {
    byte[] v1Bytes = writeV1("s-1", 19.0);
    // the newer schema is registered too (BACKWARD-compatible: unit has a default)
    new AvroSerializer<Reading>(registry)
        .configured(Map.of(), false)
        .serialize(TOPIC, new Reading("s-2", 20.0, "kelvin"));

    Reading read =
        AvroDeserializer.forSpecific(Reading.class, registry)
            .configured(Map.of(), false)
            .deserialize(TOPIC, v1Bytes);

    assertThat(read).isEqualTo(new Reading("s-1", 19.0, "celsius"));
    assertThat(registry.versions(TOPIC + "-value")).containsExactly(1, 2);
  }

  @Test
  void shouldReadNewerRecordsWithAnOlderReaderSchema() {
    byte[] v2Bytes =
        new AvroSerializer<Reading>(registry)
            .configured(Map.of(), false)
            .serialize(TOPIC, new Reading("s-3", 3.5, "kelvin"));

    GenericRecord read =
        AvroDeserializer.forGeneric(READING_V1, registry)
            .configured(Map.of(), false)
            .deserialize(TOPIC, v2Bytes);

    assertThat(read.getSchema()).isEqualTo(READING_V1);
    assertThat(read.get("sensorId")).hasToString("s-3");
    assertThat(read.get("value")).isEqualTo(3.5);
  }

  @Test
  void shouldReturnTheGeneratedClassNamedByTheWriterSchemaWhenSpecificReaderIsOn() {
    byte[] v1Bytes = writeV1("s-4", 4.0);

    Object read =
        new AvroDeserializer<>(registry)
            .configured(Map.of("specific.avro.reader", true), false)
            .deserialize(TOPIC, v1Bytes);

    assertThat(read).isEqualTo(new Reading("s-4", 4.0, "celsius"));
  }

  @Test
  void shouldReturnTheClassNamedInTheValueTypeProperty() {
    byte[] v1Bytes = writeV1("s-5", 5.0);

    Object read =
        new AvroDeserializer<>(registry)
            .configured(Map.of("specific.avro.value.type", Reading.class.getName()), false)
            .deserialize(TOPIC, v1Bytes);

    assertThat(read).isInstanceOf(Reading.class);
  }

  @Test
  void shouldRejectAWriterSchemaTheReaderCannotResolve() {
    Schema unrelated =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "Reading", "namespace": "io.streamlearn.platform.testing",
                 "fields": [{"name": "sensorId", "type": "long"}]}
                """);
    GenericRecord record = new GenericData.Record(unrelated);
    record.put("sensorId", 7L);
    byte[] bytes =
        new AvroSerializer<GenericRecord>(registry)
            .configured(Map.of(), false)
            .serialize("other-topic", record);

    assertThatThrownBy(
            () ->
                AvroDeserializer.forSpecific(Reading.class, registry)
                    .configured(Map.of(), false)
                    .deserialize("other-topic", bytes))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessageContaining(
            "cannot be read with reader schema io.streamlearn.platform.testing.Reading")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
  }

  @Test
  void shouldWriteWithTheLatestSchemaWhenUseLatestVersionIsOn() {
    RegisteredSchema latest;
    new AvroSerializer<Reading>(registry)
        .configured(Map.of(), false)
        .serialize(TOPIC, new Reading("s-0", 0.0, "celsius"));
    latest = registry.latestVersion(TOPIC + "-value");
    GenericRecord old = new GenericData.Record(READING_V1);
    old.put("sensorId", "s-6");
    old.put("value", 6.0);

    byte[] bytes =
        new AvroSerializer<GenericRecord>(registry)
            .configured(Map.of("use.latest.version", true, "auto.register.schemas", false), false)
            .serialize(TOPIC, old);

    assertThat(ConfluentWireFormat.schemaId(bytes, TOPIC, false)).isEqualTo(latest.id());
    assertThat(
            AvroDeserializer.forSpecific(Reading.class, registry)
                .configured(Map.of(), false)
                .deserialize(TOPIC, bytes))
        .isEqualTo(new Reading("s-6", 6.0, "celsius"));
    assertThat(registry.versions(TOPIC + "-value")).containsExactly(1);
  }
}
