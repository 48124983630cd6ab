package io.streamlearn.platform.serde;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Tells whether a record in the Confluent wire format was written with exactly a given reader
 * schema, so that a direct decoder written for that schema's binary layout may read it instead of
 * Avro's resolving reader. The writer schema is looked up by the id in the header through an {@link
 * AvroDeserializer}'s registry client, and compared with the reader schema by Avro's parsing
 * canonical form (names, types, field order; not docs, defaults or logical-type annotations, which
 * do not change the bytes). The decision is cached per schema id.
 *
 * <p>Whenever the answer is not a clear yes (bytes shorter than the header, an unknown magic byte,
 * a writer schema that cannot be fetched or differs, e.g. a producer with an evolved schema), it is
 * no: the caller then reads the record with the deserializer as before, which fails or resolves
 * exactly as it always did. A failed lookup is not cached, so a transient registry error is retried
 * by that deserializer, not remembered here. Thread-safe.
 */
public final class WriterSchemaGate {

  private final AvroDeserializer<?> deserializer;
  private final String readerForm;
  private final Map<Integer, Boolean> decisions = new ConcurrentHashMap<>();

  /** The schema id asked about last and its decision: a topic's records mostly share one id. */
  private record Decision(int id, boolean matches) {}

  private volatile Decision last;

  /**
   * @param deserializer the deserializer of the topic (configured), whose client finds writer
   *     schemas
   * @param readerSchema the schema the direct decoder reads
   */
  public WriterSchemaGate(AvroDeserializer<?> deserializer, Schema readerSchema) {
    this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    this.readerForm = SchemaNormalization.toParsingForm(readerSchema);
  }

  /** Whether {@code framed} was written with the reader schema (see the class comment). */
  public boolean matches(String topic, byte[] framed) {
    if (!ConfluentWireFormat.isFramed(framed)) {
      return false;
    }
    int id = ConfluentWireFormat.headerSchemaId(framed);
    Decision recent = last;
    if (recent != null && recent.id() == id) {
      return recent.matches(); // no boxed id and no map lookup per record
    }
    Boolean decision = decisions.get(id);
    if (decision == null) {
      Schema writer;
      try {
        writer = deserializer.writerSchema(topic, id);
      } catch (RuntimeException unknown) {
        return false;
      }
      decision = SchemaNormalization.toParsingForm(writer).equals(readerForm);
      decisions.put(id, decision);
    }
    last = new Decision(id, decision);
    return decision;
  }
}
