package io.streamlearn.features.flink;

import io.streamlearn.features.stage.DeadLetterRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes late events and dead letters to the topic each names, bytes and headers as they are. */
final class DeadLetterSerializationSchema
    implements KafkaRecordSerializationSchema<DeadLetterRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetterRecord letter, KafkaSinkContext context, Long timestamp) {
    return letter.toProducerRecord();
  }
}
