package io.streamlearn.platform.serde;

import java.io.Serializable;
import org.apache.avro.Schema;

/**
 * A direct decoder of one schema's binary layout, from a whole record in the Confluent wire format
 * to the value {@link AvroDeserializer} would return for it; see {@link DirectDeserializer}.
 * Implementations are stateless (Flink ships them with its functions).
 *
 * @param <T> the value type
 */
public interface WireDecoder<T> extends Serializable {

  /** The schema whose layout it reads: records of any other writer schema are not given to it. */
  Schema schema();

  /**
   * The value of {@code framed}, or null when the payload does not read with certainty (see {@link
   * AvroWireReader}); the caller then reads the record with the Avro deserializer.
   */
  T decode(byte[] framed);
}
