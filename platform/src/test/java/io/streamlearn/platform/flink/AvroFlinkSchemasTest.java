package io.streamlearn.platform.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.platform.registry.MockSchemaRegistry;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.testing.Reading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroFlinkSchemasTest {

  private static final String SCOPE = "flink-schemas-test";
  private static final Map<String, String> PROPS =
      Map.of("schema.registry.url", MockSchemaRegistry.SCHEME + SCOPE);
  private static final Reading READING = new Reading("s-1", 2.5, "celsius");

  private static final DeserializationSchema.InitializationContext CONTEXT =
      new DeserializationSchema.InitializationContext() {
        @Override
        public MetricGroup getMetricGroup() {
          return new UnregisteredMetricsGroup();
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
          return SimpleUserCodeClassLoader.create(AvroFlinkSchemasTest.class.getClassLoader());
        }
      };

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  private static byte[] written() {
    return AvroSerializationSchema.<Reading>forTopic("readings", PROPS).serialize(READING);
  }

  @Test
  void shouldRoundTripThroughTheKafkaRecordSchemaAfterJavaSerialisation() throws Exception {
    AvroKafkaRecordDeserializationSchema<Reading> schema =
        InstantiationUtil.clone(
            AvroKafkaRecordDeserializationSchema.forSpecific(Reading.class, "readings", PROPS));
    schema.open(CONTEXT);
    List<Reading> out = new ArrayList<>();

    schema.deserialize(
        new ConsumerRecord<>("readings", 0, 5L, null, written()), new ListCollector<>(out));

    assertThat(out).containsExactly(READING);
  }

  @Test
  void shouldNameTopicPartitionAndOffsetOfABadRecord() throws Exception {
    AvroKafkaRecordDeserializationSchema<Reading> schema =
        AvroKafkaRecordDeserializationSchema.forSpecific(Reading.class, "readings", PROPS);
    schema.open(CONTEXT);
    byte[] bad = {0x01, 0, 0, 0, 1, 2};

    assertThatThrownBy(
            () ->
                schema.deserialize(
                    new ConsumerRecord<>("readings", 3, 1234L, null, bad),
                    new ListCollector<>(new ArrayList<>())))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "Cannot deserialize the value of a record from topic 'readings' (partition 3, offset"
                + " 1234): unknown magic byte 0x01, expected 0x00 (the Confluent Schema Registry"
                + " wire format)")
        .hasCauseInstanceOf(AvroSerdeException.class);
  }

  @Test
  void shouldEmitNothingForATombstone() throws Exception {
    AvroKafkaRecordDeserializationSchema<Reading> schema =
        AvroKafkaRecordDeserializationSchema.forSpecific(Reading.class, "readings", PROPS);
    schema.open(CONTEXT);
    List<Reading> out = new ArrayList<>();

    schema.deserialize(
        new ConsumerRecord<>("readings", 0, 0L, null, null), new ListCollector<>(out));

    assertThat(out).isEmpty();
  }

  @Test
  void shouldProduceAvroTypeInformationWhoseSerializerRoundTrips() throws IOException {
    TypeInformation<Reading> type =
        AvroDeserializationSchema.forSpecific(Reading.class, "readings", PROPS).getProducedType();
    TypeSerializer<Reading> serializer = type.createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(64);

    serializer.serialize(READING, out);
    Reading copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(type).isEqualTo(SpecificAvroTypeInfo.forClass(Reading.class));
    assertThat(copy).isEqualTo(READING);
  }

  @Test
  void shouldReadWithAGenericReaderSchemaInTheValueOnlySchema() throws Exception {
    AvroDeserializationSchema<GenericRecord> schema =
        InstantiationUtil.clone(
            AvroDeserializationSchema.forGeneric(Reading.getClassSchema(), "readings", PROPS));
    schema.open(CONTEXT);

    GenericRecord read = schema.deserialize(written());

    assertThat(read.get("sensorId")).hasToString("s-1");
    assertThat(schema.getProducedType().getTypeClass()).isEqualTo(GenericRecord.class);
  }

  @Test
  void shouldFailTheValueOnlySchemaWithTheTopicInTheMessage() throws Exception {
    AvroDeserializationSchema<Reading> schema =
        AvroDeserializationSchema.forSpecific(Reading.class, "readings", PROPS);
    schema.open(CONTEXT);

    assertThatThrownBy(() -> schema.deserialize(new byte[] {0, 0}))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Cannot deserialize the value of a record from topic 'readings'");
  }

  @Test
  void shouldRegisterTheSchemaUnderTheTopicSubjectWhenSerializing() {
    written();

    assertThat(MockSchemaRegistry.forScope(SCOPE).subjects()).containsExactly("readings-value");
  }
}
