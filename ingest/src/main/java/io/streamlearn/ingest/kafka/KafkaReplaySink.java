package io.streamlearn.ingest.kafka;

import io.streamlearn.ingest.IngestException;
import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.ingest.core.validation.ViolationCode;
import io.streamlearn.ingest.file.RecordOrigin;
import io.streamlearn.ingest.file.ReplaySink;
import io.streamlearn.ingest.file.ReplayTally;
import io.streamlearn.platform.deadletter.DeadLetter;
import io.streamlearn.platform.serde.AvroSerdeException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends replayed records to their topic and rejected ones to {@code <topic>.dlq}, with the original
 * input bytes as value and the {@link io.streamlearn.platform.deadletter.DeadLetterHeaders}: the
 * reason code, the message, the stage, the source file and line. A record the broker refuses (too
 * large, say) is dead-lettered too; a dead letter that cannot be delivered counts as failed.
 */
public final class KafkaReplaySink implements ReplaySink {

  /** Stage of a line that cannot be parsed. */
  public static final String STAGE_PARSE = "ingest.parse";

  /** Stage of a value that does not fit the schema. */
  public static final String STAGE_MAP = "ingest.map";

  /** Stage of a record that breaks a validation rule. */
  public static final String STAGE_VALIDATE = "ingest.validate";

  /** Stage of a valid record that could not be delivered. */
  public static final String STAGE_PRODUCE = "ingest.produce";

  private final Producer<byte[], byte[]> producer;
  private final Serializer<GenericRecord> serializer;
  private final String topic;
  private final ReplayTally tally;
  private final DeliveryGuard guard;
  private final Queue<Undelivered> undelivered = new ConcurrentLinkedQueue<>();

  public KafkaReplaySink(
      Producer<byte[], byte[]> producer,
      Serializer<GenericRecord> serializer,
      String topic,
      ReplayTally tally,
      DeliveryGuard guard) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.tally = Objects.requireNonNull(tally, "tally");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  @Override
  public void send(String key, GenericRecord record, RecordOrigin origin, byte[] payload) {
    guard.check();
    drainUndelivered();
    byte[] value;
    try {
      value = serializer.serialize(topic, record);
    } catch (AvroSerdeException e) {
      if (e.reason() == AvroSerdeException.Reason.INVALID_RECORD) {
        deadLetter(payload, new Violation(ViolationCode.SCHEMA_MISMATCH, e.getMessage()), origin);
        return;
      }
      throw new IngestException(
          "cannot serialize records for topic " + topic + ": " + e.getMessage(), e);
    }
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    String source = origin.sourceFile();
    try {
      producer.send(
          new ProducerRecord<>(topic, keyBytes, value),
          (metadata, failure) -> {
            if (failure == null) {
              tally.produced(source);
            } else if (DeliveryGuard.isFatal(failure)) {
              tally.failed(source);
              guard.fail(failure);
            } else {
              // Sending from the I/O thread's callback could block it: the producing thread
              // sends these dead letters.
              undelivered.add(
                  new Undelivered(
                      DeadLetter.of(topic, keyBytes, payload)
                          .error(failure)
                          .reason("DELIVERY_FAILED")
                          .stage(STAGE_PRODUCE)
                          .sourceFile(source, origin.line()),
                      source));
            }
          });
    } catch (KafkaException e) {
      tally.failed(source);
      guard.fail(e);
      guard.check();
    }
  }

  @Override
  public void deadLetter(byte[] payload, Violation violation, RecordOrigin origin) {
    guard.check();
    drainUndelivered();
    sendDeadLetter(
        DeadLetter.of(topic, null, payload)
            .reason(violation.code().name())
            .message(violation.message())
            .stage(stageOf(violation.code()))
            .sourceFile(origin.sourceFile(), origin.line()),
        origin.sourceFile());
  }

  /**
   * Waits until every record has an outcome: flushes, dead-letters the records the broker refused,
   * and flushes again.
   *
   * @throws IngestException when the run must stop (the broker is gone or refuses us)
   */
  public void finish() {
    do {
      producer.flush();
    } while (drainUndelivered());
    guard.check();
  }

  private boolean drainUndelivered() {
    boolean any = false;
    Undelivered next;
    while ((next = undelivered.poll()) != null) {
      sendDeadLetter(next.letter(), next.source());
      any = true;
    }
    return any;
  }

  private record Undelivered(DeadLetter letter, String source) {}

  private void sendDeadLetter(DeadLetter letter, String source) {
    try {
      producer.send(
          letter.toProducerRecord(),
          (metadata, failure) -> {
            if (failure == null) {
              tally.deadLettered(source);
            } else {
              tally.failed(source);
              if (DeliveryGuard.isFatal(failure)) {
                guard.fail(failure);
              }
            }
          });
    } catch (KafkaException e) {
      tally.failed(source);
      guard.fail(e);
    }
  }

  /** The stage at which a violation of this kind is found. */
  public static String stageOf(ViolationCode code) {
    return switch (code) {
      case MALFORMED_RECORD -> STAGE_PARSE;
      case MISSING_FIELD, WRONG_TYPE -> STAGE_MAP;
      default -> STAGE_VALIDATE;
    };
  }
}
