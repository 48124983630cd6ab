package io.streamlearn.platform.flink;

import io.streamlearn.platform.serde.AvroSerializer;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A Flink {@link SerializationSchema} writing record values in the Confluent wire format, backed by
 * {@link AvroSerializer}: the schema is registered under {@code <topic>-value}. Use it as the value
 * schema of a {@code KafkaRecordSerializationSchema} for the same topic:
 *
 * <pre>{@code
 * KafkaRecordSerializationSchema.builder()
 *     .setTopic("features")
 *     .setValueSerializationSchema(AvroSerializationSchema.forTopic("features", props))
 * }</pre>
 *
 * A record that cannot be written fails with an {@link
 * io.streamlearn.platform.serde.AvroSerdeException} naming the topic and the reason.
 *
 * @param <T> the record type
 */
public final class AvroSerializationSchema<T extends IndexedRecord>
    implements SerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final FlinkSerdeSettings settings;
  private transient AvroSerializer<T> serializer;

  private AvroSerializationSchema(FlinkSerdeSettings settings) {
    this.settings = settings;
  }

  /**
   * Writes records for a topic.
   *
   * @param topic the topic written; the subject is {@code <topic>-value}
   * @param properties the serde properties ({@code schema.registry.url}, {@code
   *     auto.register.schemas}...)
   */
  public static <T extends IndexedRecord> AvroSerializationSchema<T> forTopic(
      String topic, Map<String, ?> properties) {
    return new AvroSerializationSchema<>(new FlinkSerdeSettings(topic, properties, null, null));
  }

  @Override
  public void open(InitializationContext context) {
    serializer();
  }

  @Override
  public byte[] serialize(T element) {
    return serializer().serialize(settings.topic, element);
  }

  private AvroSerializer<T> serializer() {
    if (serializer == null) {
      serializer = new AvroSerializer<T>().configured(settings.properties, false);
    }
    return serializer;
  }
}
