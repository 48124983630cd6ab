package io.streamlearn.platform.flink;

import io.streamlearn.platform.serde.AvroDeserializer;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;

/**
 * A Flink {@link DeserializationSchema} for record values in the Confluent wire format, backed by
 * {@link AvroDeserializer} (same properties, same schema resolution, same errors). Records move
 * through Flink with Avro's own type serializer ({@link SpecificAvroTypeInfo}), not Kryo.
 *
 * <p>A value-only schema does not know partitions and offsets: prefer {@link
 * AvroKafkaRecordDeserializationSchema} with a {@code KafkaSource}, whose errors name them. A bad
 * record fails the job with an {@link IOException} naming the topic and the reason; tombstones
 * (null values) produce no element.
 *
 * @param <T> the record type produced
 */
public final class AvroDeserializationSchema<T extends IndexedRecord>
    implements DeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final FlinkSerdeSettings settings;
  private transient AvroDeserializer<T> deserializer;

  private AvroDeserializationSchema(FlinkSerdeSettings settings) {
    this.settings = settings;
  }

  /**
   * Produces instances of a generated class.
   *
   * @param type the generated class; its schema is the reader schema
   * @param topic the topic read, named in error messages
   * @param properties the serde properties ({@code schema.registry.url}, credentials...)
   */
  public static <T extends SpecificRecordBase> AvroDeserializationSchema<T> forSpecific(
      Class<T> type, String topic, Map<String, ?> properties) {
    return new AvroDeserializationSchema<>(
        new FlinkSerdeSettings(topic, properties, Objects.requireNonNull(type, "type"), null));
  }

  /** Produces generic records resolved to {@code readerSchema}. */
  public static AvroDeserializationSchema<GenericRecord> forGeneric(
      Schema readerSchema, String topic, Map<String, ?> properties) {
    return new AvroDeserializationSchema<>(
        new FlinkSerdeSettings(
            topic, properties, null, Objects.requireNonNull(readerSchema, "readerSchema")));
  }

  @Override
  public void open(InitializationContext context) {
    deserializer();
  }

  @Override
  public T deserialize(byte[] message) throws IOException {
    try {
      return deserializer().deserialize(settings.topic, message);
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return producedType(settings);
  }

  AvroDeserializer<T> deserializer() {
    if (deserializer == null) {
      deserializer = newDeserializer(settings);
    }
    return deserializer;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T extends IndexedRecord> AvroDeserializer<T> newDeserializer(
      FlinkSerdeSettings settings) {
    AvroDeserializer<?> built =
        settings.specificType != null
            ? AvroDeserializer.forSpecific((Class) settings.specificType)
            : AvroDeserializer.forGeneric(settings.parsedReaderSchema());
    built.configure(settings.properties, false);
    return (AvroDeserializer<T>) built;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T> TypeInformation<T> producedType(FlinkSerdeSettings settings) {
    if (settings.specificType != null) {
      return (TypeInformation<T>) SpecificAvroTypeInfo.forClass(settings.specificType);
    }
    return (TypeInformation<T>) new GenericRecordAvroTypeInfo(settings.parsedReaderSchema());
  }
}
