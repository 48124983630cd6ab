package io.streamlearn.platform.serde;

import io.streamlearn.platform.registry.SchemaNotFoundException;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClients;
import io.streamlearn.platform.registry.SchemaRegistryException;
import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import io.streamlearn.platform.serde.AvroSerdeException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent Schema Registry wire format, byte for byte as Confluent's {@code
 * KafkaAvroDeserializer} does: it fetches the writer schema by the id in the header (once per id)
 * and resolves it to the reader schema, so a reader with a newer, compatible schema reads records
 * written with an older one.
 *
 * <p>The reader schema is, in order: the generated class given to {@link #forSpecific}; the reader
 * schema given to {@link #forGeneric(Schema)}; the class named by {@code specific.avro.value.type}
 * ({@code .key.type}); the generated class named by the writer schema when {@code
 * specific.avro.reader=true}; otherwise the writer schema itself (a {@link
 * org.apache.avro.generic.GenericRecord}).
 *
 * <p>Bad bytes raise an {@link AvroSerdeException} naming the topic and the reason (unknown magic
 * byte, truncated record, unknown schema id, unreachable registry, malformed payload); it never
 * returns null for them. Null bytes (a tombstone) deserialize to null. Thread-safe.
 *
 * @param <T> the record type returned
 */
public class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

  private SchemaRegistryClient client;
  private Class<? extends SpecificRecord> specificType;
  private Schema readerSchema;
  private boolean specificByWriterName;
  private boolean isKey;
  private boolean configured;
  private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

  /** A deserializer set up entirely by the properties given to configure. */
  public AvroDeserializer() {}

  /** A deserializer that uses the given client; {@code schema.registry.url} is then optional. */
  public AvroDeserializer(SchemaRegistryClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** Returns instances of a generated class; its schema is the reader schema. */
  public static <T extends SpecificRecord> AvroDeserializer<T> forSpecific(Class<T> type) {
    AvroDeserializer<T> deserializer = new AvroDeserializer<>();
    deserializer.specificType = Objects.requireNonNull(type, "type");
    return deserializer;
  }

  /** As {@link #forSpecific(Class)}, with the given client. */
  public static <T extends SpecificRecord> AvroDeserializer<T> forSpecific(
      Class<T> type, SchemaRegistryClient client) {
    AvroDeserializer<T> deserializer = new AvroDeserializer<>(client);
    deserializer.specificType = Objects.requireNonNull(type, "type");
    return deserializer;
  }

  /** Returns generic records with the writer's schema. */
  public static AvroDeserializer<org.apache.avro.generic.GenericRecord> forGeneric() {
    return new AvroDeserializer<>();
  }

  /**
   * Returns generic records resolved to {@code readerSchema}: a consumer's own view of a topic,
   * e.g. monitoring reading only the fields of {@code predictions} it needs.
   */
  public static AvroDeserializer<org.apache.avro.generic.GenericRecord> forGeneric(
      Schema readerSchema) {
    AvroDeserializer<org.apache.avro.generic.GenericRecord> deserializer = new AvroDeserializer<>();
    deserializer.readerSchema = Objects.requireNonNull(readerSchema, "readerSchema");
    return deserializer;
  }

  /** As {@link #forGeneric(Schema)}, with the given client. */
  public static AvroDeserializer<org.apache.avro.generic.GenericRecord> forGeneric(
      Schema readerSchema, SchemaRegistryClient client) {
    AvroDeserializer<org.apache.avro.generic.GenericRecord> deserializer =
        new AvroDeserializer<>(client);
    deserializer.readerSchema = Objects.requireNonNull(readerSchema, "readerSchema");
    return deserializer;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = AvroSerdeConfig.fromProperties(configs, client == null);
    this.isKey = isKey;
    if (client == null) {
      client = SchemaRegistryClients.create(config.registry().orElseThrow());
    }
    if (specificType == null && readerSchema == null) {
      Optional<Class<? extends SpecificRecord>> fixed =
          isKey ? config.specificKeyType() : config.specificValueType();
      specificType = fixed.orElse(null);
      specificByWriterName = specificType == null && config.specificReader();
    }
    readers.clear();
    configured = true;
  }

  /** The same deserializer, configured; for fluent use in topology and consumer code. */
  public AvroDeserializer<T> configured(Map<String, ?> configs, boolean isKey) {
    configure(configs, isKey);
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (!configured) {
      throw new IllegalStateException(
          "AvroDeserializer is not configured: call configure(props, isKey) with "
              + "schema.registry.url first");
    }
    int id = ConfluentWireFormat.schemaId(bytes, topic, isKey);
    DatumReader<Object> reader = readers.get(id);
    if (reader == null) {
      reader = newReader(topic, id);
      readers.putIfAbsent(id, reader);
    }
    int payloadLength = bytes.length - ConfluentWireFormat.HEADER_SIZE;
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(bytes, ConfluentWireFormat.HEADER_SIZE, payloadLength, null);
    Object value;
    try {
      value = reader.read(null, decoder);
    } catch (EOFException e) {
      throw failure(
          Reason.TRUNCATED,
          topic,
          id,
          "the Avro payload ends before the record is complete ("
              + payloadLength
              + " bytes after the header, writer schema id "
              + id
              + ")",
          e);
    } catch (IOException | RuntimeException e) {
      throw failure(
          Reason.MALFORMED_PAYLOAD,
          topic,
          id,
          "the Avro payload does not decode with writer schema id " + id + " (" + e + ")",
          e);
    }
    try {
      if (!decoder.isEnd()) {
        throw failure(
            Reason.MALFORMED_PAYLOAD,
            topic,
            id,
            "bytes remain after the record written with schema id "
                + id
                + " (the payload does not match its schema)",
            null);
      }
    } catch (IOException e) {
      throw failure(
          Reason.MALFORMED_PAYLOAD, topic, id, "the payload cannot be read (" + e + ")", e);
    }
    return (T) value;
  }

  private DatumReader<Object> newReader(String topic, int id) {
    Schema writer = writerSchema(topic, id);
    if (specificType != null) {
      SpecificData data = SpecificData.getForClass(specificType);
      Schema reader = data.getSchema(specificType);
      checkResolvable(topic, id, writer, reader);
      return new SpecificDatumReader<>(writer, reader, data);
    }
    if (specificByWriterName) {
      Class<?> type = SpecificData.get().getClass(writer);
      if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
        throw failure(
            Reason.INCOMPATIBLE_SCHEMA,
            topic,
            id,
            "specific.avro.reader is on but no generated class "
                + writer.getFullName()
                + " (writer schema id "
                + id
                + ") is on the classpath",
            null);
      }
      SpecificData data = SpecificData.getForClass(type);
      Schema reader = data.getSchema(type);
      checkResolvable(topic, id, writer, reader);
      return new SpecificDatumReader<>(writer, reader, data);
    }
    if (readerSchema != null) {
      checkResolvable(topic, id, writer, readerSchema);
      return new GenericDatumReader<>(writer, readerSchema, GenericData.get());
    }
    return new GenericDatumReader<>(writer, writer, GenericData.get());
  }

  /**
   * The writer schema of {@code id}, fetched through this deserializer's registry client, as {@link
   * #deserialize} fetches it: a direct decoder ({@link WriterSchemaGate}) uses it to tell whether a
   * record was written with the reader schema.
   *
   * @throws AvroSerdeException as {@link #deserialize} for that id ({@code UNKNOWN_SCHEMA_ID},
   *     {@code REGISTRY_UNAVAILABLE}, {@code REGISTRY_ERROR})
   * @throws IllegalStateException when the deserializer is not configured
   */
  public Schema writerSchema(String topic, int id) {
    if (!configured) {
      throw new IllegalStateException(
          "AvroDeserializer is not configured: call configure(props, isKey) first");
    }
    try {
      return client.schemaById(id);
    } catch (SchemaNotFoundException e) {
      throw failure(
          Reason.UNKNOWN_SCHEMA_ID,
          topic,
          id,
          "the Schema Registry has no schema with id " + id + " (" + e.registryMessage() + ")",
          e);
    } catch (SchemaRegistryUnavailableException e) {
      throw failure(
          Reason.REGISTRY_UNAVAILABLE,
          topic,
          id,
          "the Schema Registry is unavailable to fetch schema id "
              + id
              + " ("
              + e.getMessage()
              + ")",
          e);
    } catch (SchemaRegistryException e) {
      throw failure(
          Reason.REGISTRY_ERROR,
          topic,
          id,
          "the Schema Registry failed to return schema id " + id + " (" + e.getMessage() + ")",
          e);
    }
  }

  private void checkResolvable(String topic, int id, Schema writer, Schema reader) {
    if (writer.equals(reader)) {
      return;
    }
    SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
      var first = result.getIncompatibilities().get(0);
      throw failure(
          Reason.INCOMPATIBLE_SCHEMA,
          topic,
          id,
          "writer schema id "
              + id
              + " ("
              + writer.getFullName()
              + ") cannot be read with reader schema "
              + reader.getFullName()
              + " ("
              + first.getType()
              + " at "
              + first.getLocation()
              + ": "
              + first.getMessage()
              + ")",
          null);
    }
  }

  private AvroSerdeException failure(
      Reason reason, String topic, int id, String what, Throwable cause) {
    return new AvroSerdeException(
        reason,
        AvroSerdeException.Direction.DESERIALIZE,
        topic,
        isKey,
        OptionalInt.of(id),
        what,
        cause);
  }
}
