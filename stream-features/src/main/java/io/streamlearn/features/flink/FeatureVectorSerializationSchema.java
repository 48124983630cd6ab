package io.streamlearn.features.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorWireEncoder;
import io.streamlearn.platform.flink.AvroSerializationSchema;
import io.streamlearn.platform.serde.AvroSerdeConfig;
import io.streamlearn.platform.serde.ConfluentWireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes feature vectors to {@code features}: key the transaction id, value the Avro record in the
 * Confluent wire format, timestamp the transaction's event time. The first record is written by the
 * platform's Avro serializer (which registers or looks up the schema); when {@link
 * FeatureVectorWireEncoder} gives the same bytes for it, the following records are written by the
 * encoder with that schema id. With {@code use.latest.version} (the writer schema may then be
 * another one) every record goes through the Avro serializer.
 */
final class FeatureVectorSerializationSchema
    implements KafkaRecordSerializationSchema<FeatureVector> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final AvroSerializationSchema<FeatureVector> values;
  private final boolean latestVersion;
  private transient FeatureVectorWireEncoder encoder;
  private transient boolean checked;

  FeatureVectorSerializationSchema(String topic, Map<String, String> serdeConfig) {
    this.topic = topic;
    this.values = AvroSerializationSchema.forTopic(topic, new HashMap<>(serdeConfig));
    this.latestVersion =
        Boolean.parseBoolean(
            String.valueOf(serdeConfig.get(AvroSerdeConfig.USE_LATEST_VERSION)).trim());
  }

  /** True once records are written by the {@link FeatureVectorWireEncoder}. */
  boolean encodesDirectly() {
    return encoder != null;
  }

  private byte[] value(FeatureVector vector) {
    if (encoder != null) {
      return encoder.encode(vector);
    }
    byte[] value = values.serialize(vector);
    if (!checked) {
      checked = true;
      if (!latestVersion) {
        FeatureVectorWireEncoder candidate =
            new FeatureVectorWireEncoder(ConfluentWireFormat.schemaId(value, topic, false));
        if (Arrays.equals(candidate.encode(vector), value)) {
          encoder = candidate;
        }
      }
    }
    return value;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
      throws Exception {
    values.open(context);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      FeatureVector vector, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic,
        null,
        vector.getEventTime().toEpochMilli(),
        vector.getTransactionId().getBytes(StandardCharsets.UTF_8),
        value(vector));
  }
}
