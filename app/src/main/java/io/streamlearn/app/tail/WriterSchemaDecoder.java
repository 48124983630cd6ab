package io.streamlearn.app.tail;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.platform.registry.SchemaNotFoundException;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryException;
import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.AvroSerdeException.Direction;
import io.streamlearn.platform.serde.AvroSerdeException.Reason;
import io.streamlearn.platform.serde.ConfluentWireFormat;
import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes a value in the Schema Registry wire format with its writer schema, fetched by the id in
 * its header (once per id), into {@link AvroJson}: any topic, any schema (records and primitives),
 * without generated classes. Failures are {@link AvroSerdeException}s with the reasons the platform
 * deserializer uses. Not thread-safe.
 */
final class WriterSchemaDecoder {

  private record Reader(Schema schema, GenericDatumReader<Object> reader) {}

  private final SchemaRegistryClient registry;
  private final Map<Integer, Reader> readers = new HashMap<>();
  private BinaryDecoder decoder;

  WriterSchemaDecoder(SchemaRegistryClient registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * The JSON of a framed value.
   *
   * @throws AvroSerdeException when the bytes are not a value of a registered schema, or the
   *     registry cannot be reached ({@link AvroSerdeException#isTransient()})
   */
  JsonNode decode(String topic, byte[] framed) {
    int id = ConfluentWireFormat.schemaId(framed, topic, false);
    Reader reader = readers.get(id);
    if (reader == null) {
      Schema writer = writerSchema(topic, id);
      reader = new Reader(writer, new GenericDatumReader<>(writer, writer, GenericData.get()));
      readers.put(id, reader);
    }
    int length = framed.length - ConfluentWireFormat.HEADER_SIZE;
    decoder =
        DecoderFactory.get()
            .binaryDecoder(framed, ConfluentWireFormat.HEADER_SIZE, length, decoder);
    Object datum;
    try {
      datum = reader.reader().read(null, decoder);
      if (!decoder.isEnd()) {
        throw failure(
            Reason.MALFORMED_PAYLOAD,
            topic,
            id,
            "bytes remain after the value written with schema id " + id,
            null);
      }
    } catch (EOFException e) {
      throw failure(
          Reason.TRUNCATED,
          topic,
          id,
          "the Avro payload ends before the value is complete (schema id " + id + ")",
          e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof AvroSerdeException serde) {
        throw serde;
      }
      throw failure(
          Reason.MALFORMED_PAYLOAD,
          topic,
          id,
          "the Avro payload does not decode with schema id " + id + " (" + e.getMessage() + ")",
          e);
    }
    return AvroJson.toJson(datum, reader.schema());
  }

  private Schema writerSchema(String topic, int id) {
    try {
      return registry.schemaById(id);
    } catch (SchemaNotFoundException e) {
      throw failure(
          Reason.UNKNOWN_SCHEMA_ID,
          topic,
          id,
          "the Schema Registry has no schema with id " + id,
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

  private static AvroSerdeException failure(
      Reason reason, String topic, int id, String detail, Throwable cause) {
    return new AvroSerdeException(
        reason, Direction.DESERIALIZE, topic, false, OptionalInt.of(id), detail, cause);
  }
}
