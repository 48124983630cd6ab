package io.streamlearn.platform.deadletter;

import io.streamlearn.platform.serde.AvroSerdeException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams {@link DeserializationExceptionHandler} that sends each record it cannot
 * deserialize to {@code <topic>.dlq} in the {@link DeadLetter} envelope and carries on:
 *
 * <pre>{@code
 * props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
 *     DeadLetterDeserializationExceptionHandler.class);
 * }</pre>
 *
 * Kafka Streams produces the dead letters itself (KIP-1034), inside the transaction under
 * exactly-once. The stage header is {@code kafka-streams:<application.id>/<source node>}.
 *
 * <p>One failure is not dead-lettered: an unreachable Schema Registry says nothing about the
 * record, so the handler fails the stream thread rather than misfile good data; it resumes where it
 * stopped once restarted.
 */
public final class DeadLetterDeserializationExceptionHandler
    implements DeserializationExceptionHandler {

  private static final Logger LOG =
      LoggerFactory.getLogger(DeadLetterDeserializationExceptionHandler.class);

  private String applicationId = "unknown-application";

  @Override
  public void configure(Map<String, ?> configs) {
    Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
    if (id != null) {
      applicationId = id.toString();
    }
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    AvroSerdeException serde = AvroSerdeException.findIn(exception);
    if (serde != null && serde.isTransient()) {
      LOG.error(
          "Stopping: {} (partition {}, offset {}); the record is not dead-lettered because the"
              + " failure is not in the data",
          serde.getMessage(),
          record.partition(),
          record.offset());
      return Response.fail();
    }
    ProducerRecord<byte[], byte[]> letter =
        DeadLetter.of(record)
            .error(serde != null ? serde.at(record.partition(), record.offset()) : exception)
            .stage("kafka-streams:" + applicationId + "/" + context.processorNodeId())
            .toProducerRecord();
    LOG.warn(
        "Sent the record at {}-{} offset {} to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        letter.topic(),
        serde != null ? serde.detail() : exception.toString());
    return Response.resume(List.of(letter));
  }
}
