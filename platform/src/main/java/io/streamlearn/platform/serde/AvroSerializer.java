package io.streamlearn.platform.serde;

import io.streamlearn.platform.registry.IncompatibleSchemaException;
import io.streamlearn.platform.registry.InvalidSchemaException;
import io.streamlearn.platform.registry.RegisteredSchema;
import io.streamlearn.platform.registry.SchemaNotFoundException;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClients;
import io.streamlearn.platform.registry.SchemaRegistryException;
import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import io.streamlearn.platform.registry.SubjectNames;
import io.streamlearn.platform.registry.SubjectNotFoundException;
import io.streamlearn.platform.serde.AvroSerdeException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated classes or {@link org.apache.avro.generic.GenericRecord}) in the
 * Confluent Schema Registry wire format, byte for byte as Confluent's {@code KafkaAvroSerializer}
 * does. The schema is registered under {@code <topic>-value} (or {@code -key}) when {@code
 * auto.register.schemas} is on (the default), looked up otherwise, or replaced by the subject's
 * latest schema with {@code use.latest.version}.
 *
 * <p>Use it in code ({@code new KafkaProducer<>(props, new StringSerializer(), serializer)} after
 * {@link #configure}) or by name ({@code
 * value.serializer=io.streamlearn.platform.serde.AvroSerializer} with {@code schema.registry.url}).
 * A null record serializes to null (a tombstone). Thread-safe.
 *
 * @param <T> the record type: a generated class or {@link org.apache.avro.generic.GenericRecord};
 *     anything else is rejected with reason {@code UNSUPPORTED_TYPE}
 */
public class AvroSerializer<T> implements Serializer<T> {

  private SchemaRegistryClient client;
  private AvroSerdeConfig config;
  private boolean isKey;
  private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  private record WriterKey(Class<?> type, Schema schema) {}

  private static final int MIN_BUFFER = 64;

  /**
   * The size of the last record written, plus a quarter: the next record's buffer starts at it, so
   * records of one topic (similar sizes) are written without growing the buffer. A hint only, so
   * races between threads are harmless.
   */
  private volatile int sizeHint = MIN_BUFFER;

  /** A serializer that builds its registry client from the properties given to configure. */
  public AvroSerializer() {}

  /** A serializer that uses the given client; {@code schema.registry.url} is then optional. */
  public AvroSerializer(SchemaRegistryClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.fromProperties(configs, client == null);
    this.isKey = isKey;
    if (client == null) {
      client = SchemaRegistryClients.create(config.registry().orElseThrow());
    }
  }

  /** The same serializer, configured; for fluent use in topology and producer code. */
  public AvroSerializer<T> configured(Map<String, ?> configs, boolean isKey) {
    configure(configs, isKey);
    return this;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException(
          "AvroSerializer is not configured: call configure(props, isKey) with "
              + "schema.registry.url first");
    }
    Object datum = record;
    if (!(datum instanceof IndexedRecord)) {
      throw failure(
          Reason.UNSUPPORTED_TYPE,
          topic,
          OptionalInt.empty(),
          "a " + datum.getClass().getName() + " is not an Avro record",
          null);
    }
    IndexedRecord avroRecord = (IndexedRecord) datum;
    Schema schema = avroRecord.getSchema();
    String subject = SubjectNames.forTopic(topic, isKey);
    int id;
    Schema writerSchema = schema;
    try {
      if (config.useLatestVersion()) {
        RegisteredSchema latest = client.latestVersion(subject);
        id = latest.id();
        writerSchema = latest.schema();
        if (!writerSchema.equals(schema)) {
          datum = resolve(avroRecord, writerSchema, topic, id);
        }
      } else if (config.autoRegisterSchemas()) {
        id = client.register(subject, schema);
      } else {
        id = client.lookup(subject, schema).id();
      }
    } catch (SchemaRegistryException e) {
      throw registryFailure(e, topic, subject, schema);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
    out.write(ConfluentWireFormat.MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    // unbuffered: the output is already a byte array, and a buffered encoder allocates its 2 KB
    // buffer per record
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writerFor(datum, writerSchema).write(datum, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw failure(
          Reason.INVALID_RECORD,
          topic,
          OptionalInt.of(id),
          "the "
              + schema.getFullName()
              + " record does not match its schema ("
              + e.getMessage()
              + ")",
          e);
    }
    sizeHint = Math.max(MIN_BUFFER, out.size() + out.size() / 4); // slack for a larger one
    return out.toByteArray();
  }

  private DatumWriter<Object> writerFor(Object datum, Schema schema) {
    return writers.computeIfAbsent(
        new WriterKey(datum.getClass(), schema),
        key ->
            datum instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(datum.getClass()))
                : new GenericDatumWriter<>(schema, GenericData.get()));
  }

  /** Rewrites a record with the subject's latest schema, by Avro schema resolution. */
  private Object resolve(IndexedRecord record, Schema latest, String topic, int latestId) {
    try {
      ByteArrayOutputStream own = new ByteArrayOutputStream(64);
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(own, null);
      writerFor(record, record.getSchema()).write(record, encoder);
      encoder.flush();
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(own.toByteArray(), null);
      return new GenericDatumReader<>(record.getSchema(), latest, GenericData.get())
          .read(null, decoder);
    } catch (IOException | AvroRuntimeException e) {
      throw failure(
          Reason.INCOMPATIBLE_SCHEMA,
          topic,
          OptionalInt.of(latestId),
          "use.latest.version is on but the "
              + record.getSchema().getFullName()
              + " record cannot be resolved to the latest schema (id "
              + latestId
              + ") of the subject ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private AvroSerdeException registryFailure(
      SchemaRegistryException e, String topic, String subject, Schema schema) {
    if (e instanceof SchemaRegistryUnavailableException) {
      return failure(
          Reason.REGISTRY_UNAVAILABLE,
          topic,
          OptionalInt.empty(),
          "the Schema Registry is unavailable (" + e.getMessage() + ")",
          e);
    }
    if (!config.autoRegisterSchemas()
        && !config.useLatestVersion()
        && (e instanceof SubjectNotFoundException || e instanceof SchemaNotFoundException)) {
      return failure(
          Reason.SCHEMA_NOT_REGISTERED,
          topic,
          OptionalInt.empty(),
          "the schema of "
              + schema.getFullName()
              + " is not registered under subject '"
              + subject
              + "' and auto.register.schemas is false",
          e);
    }
    if (e instanceof IncompatibleSchemaException || e instanceof InvalidSchemaException) {
      return failure(
          Reason.SCHEMA_REJECTED,
          topic,
          OptionalInt.empty(),
          "the registry rejected the schema of "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "' ("
              + e.registryMessage()
              + ")",
          e);
    }
    return failure(
        Reason.REGISTRY_ERROR,
        topic,
        OptionalInt.empty(),
        "the Schema Registry failed for subject '" + subject + "' (" + e.getMessage() + ")",
        e);
  }

  private AvroSerdeException failure(
      Reason reason, String topic, OptionalInt id, String what, Throwable cause) {
    return new AvroSerdeException(
        reason, AvroSerdeException.Direction.SERIALIZE, topic, isKey, id, what, cause);
  }
}
