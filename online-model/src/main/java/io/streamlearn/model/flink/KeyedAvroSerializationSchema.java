package io.streamlearn.model.flink;

import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records to one topic in the Confluent wire format, keyed by a field of the record
 * (UTF-8 text), with the element's timestamp.
 *
 * @param <T> the record type
 */
public final class KeyedAvroSerializationSchema<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  /** A key extractor Flink can ship. */
  public interface KeyOf<T> extends Function<T, String>, java.io.Serializable {}

  /** A record rewrite applied before writing (e.g. sorting maps), shippable. */
  public interface Rewrite<T> extends Function<T, T>, java.io.Serializable {}

  private final String topic;
  private final HashMap<String, String> serdeConfig;
  private final KeyOf<T> keyOf;
  private final Rewrite<T> rewrite;
  private transient AvroSerializer<T> serializer;

  public KeyedAvroSerializationSchema(
      String topic, Map<String, ?> serdeConfig, KeyOf<T> keyOf, Rewrite<T> rewrite) {
    this.topic = topic;
    this.serdeConfig = new HashMap<>();
    serdeConfig.forEach((k, v) -> this.serdeConfig.put(k, String.valueOf(v)));
    this.keyOf = keyOf;
    this.rewrite = rewrite;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    if (serializer == null) {
      serializer = new AvroSerializer<T>().configured(serdeConfig, false);
    }
    T record = rewrite == null ? element : rewrite.apply(element);
    return new ProducerRecord<>(
        topic,
        null,
        timestamp,
        keyOf.apply(record).getBytes(StandardCharsets.UTF_8),
        serializer.serialize(topic, record));
  }
}
