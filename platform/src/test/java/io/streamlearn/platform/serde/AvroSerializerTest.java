package io.streamlearn.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.platform.registry.CompatibilityLevel;
import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.serde.AvroSerdeException.Reason;
import io.streamlearn.platform.testing.Reading;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {

  private static final String TOPIC = "readings";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void shouldRegisterTheValueSchemaUnderTheTopicValueSubject() {
    new AvroSerializer<Reading>(registry)
        .configured(Map.of(), false)
        .serialize(TOPIC, new Reading("s", 1.0, "c"));

    assertThat(registry.subjects()).containsExactly("readings-value");
    assertThat(registry.latestVersion("readings-value").schema())
        .isEqualTo(Reading.getClassSchema());
  }

  @Test
  void shouldRegisterAKeySchemaUnderTheTopicKeySubject() {
    new AvroSerializer<Reading>(registry)
        .configured(Map.of(), true)
        .serialize(TOPIC, new Reading("s", 1.0, "c"));

    assertThat(registry.subjects()).containsExactly("readings-key");
  }

  @Test
  void shouldRefuseAnUnregisteredSchemaWhenAutoRegisterIsOff() {
    AvroSerializer<Reading> serializer =
        new AvroSerializer<Reading>(registry)
            .configured(Map.of("auto.register.schemas", false), false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, new Reading("s", 1.0, "c")))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessage(
            "Cannot serialize the value for topic 'readings': the schema of"
                + " io.streamlearn.platform.testing.Reading is not registered under subject"
                + " 'readings-value' and auto.register.schemas is false")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.SCHEMA_NOT_REGISTERED);
  }

  @Test
  void shouldUseTheRegisteredIdWhenAutoRegisterIsOff() {
    int id = registry.register("readings-value", Reading.getClassSchema());

    byte[] bytes =
        new AvroSerializer<Reading>(registry)
            .configured(Map.of("auto.register.schemas", false), false)
            .serialize(TOPIC, new Reading("s", 1.0, "c"));

    assertThat(ConfluentWireFormat.schemaId(bytes, TOPIC, false)).isEqualTo(id);
  }

  @Test
  void shouldReportAnIncompatibleSchemaAsRejected() {
    registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
    Schema required =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "Reading", "namespace": "io.streamlearn.platform.testing",
                 "fields": [{"name": "sensorId", "type": "string"},
                            {"name": "value", "type": "double"},
                            {"name": "unit", "type": "string"},
                            {"name": "site", "type": "string"}]}
                """);
    new AvroSerializer<Reading>(registry)
        .configured(Map.of(), false)
        .serialize(TOPIC, new Reading("s", 1.0, "c"));
    GenericRecord record = new GenericData.Record(required);
    record.put("sensorId", "s");
    record.put("value", 1.0);
    record.put("unit", "c");
    record.put("site", "x");

    assertThatThrownBy(
            () ->
                new AvroSerializer<GenericRecord>(registry)
                    .configured(Map.of(), false)
                    .serialize(TOPIC, record))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessageContaining("the registry rejected the schema")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.SCHEMA_REJECTED);
  }

  @Test
  void shouldReportARecordThatBreaksItsOwnSchema() {
    GenericRecord incomplete = new GenericData.Record(Reading.getClassSchema());
    incomplete.put("value", 2.0);

    assertThatThrownBy(
            () ->
                new AvroSerializer<GenericRecord>(registry)
                    .configured(Map.of(), false)
                    .serialize(TOPIC, incomplete))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessageStartingWith(
            "Cannot serialize the value for topic 'readings': the"
                + " io.streamlearn.platform.testing.Reading record does not match its schema")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.INVALID_RECORD);
  }

  @Test
  void shouldRejectAnObjectThatIsNotAnAvroRecord() {
    AvroSerializer<Object> serializer = new AvroSerializer<>(registry).configured(Map.of(), false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, "plain text"))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessage(
            "Cannot serialize the value for topic 'readings': a java.lang.String is not an Avro"
                + " record")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.UNSUPPORTED_TYPE);
  }

  @Test
  void shouldRequireTheRegistryUrlWhenNoClientIsGiven() {
    assertThatThrownBy(() -> new AvroSerializer<Reading>().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("schema.registry.url is required: set it to the Schema Registry URL");
  }

  @Test
  void shouldRejectSubjectNameStrategiesOtherThanTopicName() {
    assertThatThrownBy(
            () ->
                new AvroSerializer<Reading>()
                    .configure(
                        Map.of(
                            "schema.registry.url", "mock://strategies",
                            "value.subject.name.strategy",
                                "io.confluent.kafka.serializers.subject.RecordNameStrategy"),
                        false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("supports only TopicNameStrategy");
  }

  @Test
  void shouldSerializeThroughAProducerConfiguredWithAMockRegistryUrl() {
    String scope = "serializer-test";
    try (MockProducer<String, Reading> producer =
        new MockProducer<>(
            true,
            null,
            new StringSerializer(),
            new AvroSerializer<Reading>()
                .configured(Map.of("schema.registry.url", "mock://" + scope), false))) {
      producer.send(new ProducerRecord<>(TOPIC, "s", new Reading("s", 1.0, "c")));

      assertThat(producer.history()).hasSize(1);
      assertThat(MockSchemaRegistry.forScope(scope).subjects()).containsExactly("readings-value");
    } finally {
      MockSchemaRegistry.dropScope(scope);
    }
  }
}
