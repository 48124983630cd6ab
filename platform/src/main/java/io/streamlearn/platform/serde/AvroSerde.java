package io.streamlearn.platform.serde;

import io.streamlearn.platform.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka Streams {@link Serde} of Avro records in the Confluent wire format: an {@link
 * AvroSerializer} and an {@link AvroDeserializer} configured together.
 *
 * <pre>{@code
 * Serde<Transaction> transactions = AvroSerde.specific(Transaction.class)
 *     .configured(Map.of("schema.registry.url", url), false);
 * builder.stream("transactions", Consumed.with(Serdes.String(), transactions));
 * }</pre>
 *
 * The no-argument constructor serves {@code
 * default.value.serde=io.streamlearn.platform.serde.AvroSerde} (with {@code
 * specific.avro.value.type} or {@code specific.avro.reader}).
 *
 * @param <T> the record type
 */
public class AvroSerde<T extends IndexedRecord> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** A serde set up entirely by the properties given to configure. */
  public AvroSerde() {
    this(new AvroSerializer<>(), new AvroDeserializer<>());
  }

  private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
  }

  /** A serde of a generated class (its schema is the reader schema). */
  public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type) {
    return new AvroSerde<>(new AvroSerializer<>(), AvroDeserializer.forSpecific(type));
  }

  /** As {@link #specific(Class)}, with a shared registry client. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      Class<T> type, SchemaRegistryClient client) {
    return new AvroSerde<>(
        new AvroSerializer<>(client), AvroDeserializer.forSpecific(type, client));
  }

  /** A serde of generic records read with the writer's schema. */
  public static AvroSerde<GenericRecord> generic() {
    return new AvroSerde<>(new AvroSerializer<>(), AvroDeserializer.forGeneric());
  }

  /** A serde of generic records read with {@code readerSchema}. */
  public static AvroSerde<GenericRecord> generic(Schema readerSchema) {
    return new AvroSerde<>(new AvroSerializer<>(), AvroDeserializer.forGeneric(readerSchema));
  }

  /** As {@link #generic(Schema)}, with a shared registry client. */
  public static AvroSerde<GenericRecord> generic(Schema readerSchema, SchemaRegistryClient client) {
    return new AvroSerde<>(
        new AvroSerializer<>(client), AvroDeserializer.forGeneric(readerSchema, client));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  /** The same serde, configured; for fluent use in topology code. */
  public AvroSerde<T> configured(Map<String, ?> configs, boolean isKey) {
    configure(configs, isKey);
    return this;
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
