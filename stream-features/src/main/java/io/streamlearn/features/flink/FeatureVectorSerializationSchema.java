package io.streamlearn.features.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.platform.flink.AvroSerializationSchema;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes feature vectors to {@code features}: key the transaction id, value the Avro record in the
 * Confluent wire format, timestamp the transaction's event time.
 */
final class FeatureVectorSerializationSchema
    implements KafkaRecordSerializationSchema<FeatureVector> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final AvroSerializationSchema<FeatureVector> values;

  FeatureVectorSerializationSchema(String topic, Map<String, String> serdeConfig) {
    this.topic = topic;
    this.values = AvroSerializationSchema.forTopic(topic, new HashMap<>(serdeConfig));
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
        values.serialize(vector));
  }
}
