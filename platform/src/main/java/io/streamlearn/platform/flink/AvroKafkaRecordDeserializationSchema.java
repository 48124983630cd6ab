package io.streamlearn.platform.flink;

import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerdeException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The {@code KafkaSource} deserializer for record values in the Confluent wire format:
 *
 * <pre>{@code
 * KafkaSource.<Transaction>builder()
 *     .setTopics("transactions")
 *     .setDeserializer(AvroKafkaRecordDeserializationSchema.forSpecific(
 *         Transaction.class, "transactions", Map.of("schema.registry.url", url)))
 * }</pre>
 *
 * A bad record fails with an {@link IOException} whose message names the topic, partition, offset
 * and reason (unknown magic byte, truncated record, unknown schema id, unreachable registry); the
 * cause is the {@link AvroSerdeException}. Tombstones (null values) produce no element and are
 * counted in the {@code tombstonesSkipped} metric.
 *
 * @param <T> the record type produced
 */
public final class AvroKafkaRecordDeserializationSchema<T extends IndexedRecord>
    implements KafkaRecordDeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final FlinkSerdeSettings settings;
  private transient AvroDeserializer<T> deserializer;
  private transient Counter tombstones;

  private AvroKafkaRecordDeserializationSchema(FlinkSerdeSettings settings) {
    this.settings = settings;
  }

  /**
   * Produces instances of a generated class.
   *
   * @param type the generated class; its schema is the reader schema
   * @param topic the topic (or topic family) read, for messages about records without one
   * @param properties the serde properties ({@code schema.registry.url}, credentials...)
   */
  public static <T extends SpecificRecordBase> AvroKafkaRecordDeserializationSchema<T> forSpecific(
      Class<T> type, String topic, Map<String, ?> properties) {
    return new AvroKafkaRecordDeserializationSchema<>(
        new FlinkSerdeSettings(topic, properties, Objects.requireNonNull(type, "type"), null));
  }

  /** Produces generic records resolved to {@code readerSchema}. */
  public static AvroKafkaRecordDeserializationSchema<GenericRecord> forGeneric(
      Schema readerSchema, String topic, Map<String, ?> properties) {
    return new AvroKafkaRecordDeserializationSchema<>(
        new FlinkSerdeSettings(
            topic, properties, null, Objects.requireNonNull(readerSchema, "readerSchema")));
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    deserializer = AvroDeserializationSchema.newDeserializer(settings);
    tombstones = context.getMetricGroup().counter("tombstonesSkipped");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out)
      throws IOException {
    if (deserializer == null) {
      deserializer = AvroDeserializationSchema.newDeserializer(settings);
    }
    if (record.value() == null) {
      if (tombstones != null) {
        tombstones.inc();
      }
      return;
    }
    T value;
    try {
      value = deserializer.deserialize(record.topic(), record.headers(), record.value());
    } catch (AvroSerdeException e) {
      AvroSerdeException located = e.at(record.partition(), record.offset());
      throw new IOException(located.getMessage(), located);
    } catch (RuntimeException e) {
      throw new IOException(
          "Cannot deserialize the value of a record from topic '"
              + record.topic()
              + "' (partition "
              + record.partition()
              + ", offset "
              + record.offset()
              + "): "
              + e.getMessage(),
          e);
    }
    out.collect(value);
  }

  /**
   * The deserializer of the records (created on first use), e.g. for a {@link
   * io.streamlearn.platform.serde.WriterSchemaGate} in front of a direct decoder.
   */
  public AvroDeserializer<T> deserializer() {
    if (deserializer == null) {
      deserializer = AvroDeserializationSchema.newDeserializer(settings);
    }
    return deserializer;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return AvroDeserializationSchema.producedType(settings);
  }
}
