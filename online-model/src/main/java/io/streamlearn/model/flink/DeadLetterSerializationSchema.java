package io.streamlearn.model.flink;

import io.streamlearn.platform.deadletter.DeadLetter;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link DeadLetterRecord} to {@code <source topic>.dlq}: the original key, value, headers
 * and timestamp, plus the envelope headers ({@link DeadLetter}).
 */
public final class DeadLetterSerializationSchema
    implements KafkaRecordSerializationSchema<DeadLetterRecord> {

  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetterRecord letter, KafkaSinkContext context, Long timestamp) {
    ProducerRecord<byte[], byte[]> record =
        DeadLetter.of(letter.record.toConsumerRecord())
            .reason(letter.reason)
            .message(letter.message)
            .stage(letter.stage)
            .toProducerRecord();
    if (letter.errorClass != null) {
      record.headers().remove(DeadLetterHeaders.ERROR_CLASS);
      record
          .headers()
          .add(DeadLetterHeaders.ERROR_CLASS, letter.errorClass.getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }
}
