package io.streamlearn.platform.serde;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * An {@link AvroDeserializer} with a direct decoder in front: a record written with the decoder's
 * schema (asked of a {@link WriterSchemaGate}, once per schema id) is read by the {@link
 * WireDecoder}; every other record (another writer schema, bytes the decoder cannot read with
 * certainty, an unknown schema id or magic byte) by the Avro deserializer, which returns or fails
 * exactly as it does alone. Null bytes give null. Thread-safe when the decoder is.
 *
 * @param <T> the record type returned
 */
public final class DirectDeserializer<T extends IndexedRecord> implements Deserializer<T> {

  private final AvroDeserializer<T> avro;
  private final WireDecoder<T> direct;
  private final WriterSchemaGate gate;

  /**
   * @param avro the deserializer of the records (configured here or by {@link #configure})
   * @param direct the decoder of the records written with its schema
   */
  public DirectDeserializer(AvroDeserializer<T> avro, WireDecoder<T> direct) {
    this.avro = Objects.requireNonNull(avro, "avro");
    this.direct = Objects.requireNonNull(direct, "direct");
    this.gate = new WriterSchemaGate(avro, direct.schema());
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    avro.configure(configs, isKey);
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes != null && gate.matches(topic, bytes)) {
      T value = direct.decode(bytes);
      if (value != null) {
        return value;
      }
    }
    return avro.deserialize(topic, bytes);
  }
}
