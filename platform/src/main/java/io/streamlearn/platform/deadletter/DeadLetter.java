package io.streamlearn.platform.deadletter;

import io.streamlearn.platform.serde.AvroSerdeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter {@link ProducerRecord} of a record that cannot be processed: topic {@code
 * <topic>.dlq}, the original key and value bytes untouched, the original headers kept, and the
 * {@link DeadLetterHeaders} added.
 *
 * <pre>{@code
 * producer.send(DeadLetter.of(record)
 *     .reason("NEGATIVE_AMOUNT")
 *     .message("amount -3.0 is negative")
 *     .stage("ingest.validate")
 *     .toProducerRecord());
 * }</pre>
 */
public final class DeadLetter {

  private final String sourceTopic;
  private final byte[] key;
  private final byte[] value;
  private final Headers originalHeaders;
  private Integer partition;
  private Long offset;
  private Long timestamp;
  private String file;
  private Long line;
  private String reason;
  private String errorClass;
  private String message;
  private String stage;

  private DeadLetter(String sourceTopic, byte[] key, byte[] value, Headers originalHeaders) {
    this.sourceTopic = Objects.requireNonNull(sourceTopic, "sourceTopic");
    this.key = key;
    this.value = value;
    this.originalHeaders = originalHeaders;
  }

  /** A dead letter for bytes bound for (or read from) a topic, e.g. a line of an input file. */
  public static DeadLetter of(String sourceTopic, byte[] key, byte[] value) {
    return new DeadLetter(sourceTopic, key, value, null);
  }

  /** A dead letter for a record read from Kafka: topic, partition, offset and headers kept. */
  public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
    DeadLetter letter =
        new DeadLetter(record.topic(), record.key(), record.value(), record.headers());
    letter.partition = record.partition();
    letter.offset = record.offset();
    letter.timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
    return letter;
  }

  /**
   * A dead letter for the record a plain {@code KafkaConsumer} failed to deserialize: the exception
   * carries its topic, partition, offset, raw bytes and headers. After sending it, {@code
   * consumer.seek(e.topicPartition(), e.offset() + 1)} continues past the record.
   */
  public static DeadLetter of(RecordDeserializationException e) {
    DeadLetter letter =
        new DeadLetter(
            e.topicPartition().topic(), bytes(e.keyBuffer()), bytes(e.valueBuffer()), e.headers());
    letter.partition = e.topicPartition().partition();
    letter.offset = e.offset();
    letter.timestamp = e.timestamp() >= 0 ? e.timestamp() : null;
    AvroSerdeException serde = AvroSerdeException.findIn(e);
    return letter.error(serde != null ? serde.at(letter.partition, letter.offset) : e);
  }

  /** The stable failure code ({@link DeadLetterHeaders#REASON}). */
  public DeadLetter reason(String reason) {
    this.reason = requireText(reason, "reason");
    return this;
  }

  /** The one-sentence description ({@link DeadLetterHeaders#ERROR_MESSAGE}). */
  public DeadLetter message(String message) {
    this.message = requireText(message, "message");
    return this;
  }

  /**
   * The exception behind the failure: its class and message, and, for an {@link AvroSerdeException}
   * (anywhere in the cause chain), its reason when none was set.
   */
  public DeadLetter error(Throwable error) {
    Objects.requireNonNull(error, "error");
    AvroSerdeException serde = AvroSerdeException.findIn(error);
    Throwable described = serde != null ? serde : error;
    this.errorClass = described.getClass().getName();
    if (this.message == null) {
      this.message =
          described.getMessage() == null
              ? described.getClass().getSimpleName()
              : described.getMessage();
    }
    if (this.reason == null) {
      this.reason = serde != null ? serde.reason().name() : "PROCESSING_FAILED";
    }
    return this;
  }

  /** Where processing failed ({@link DeadLetterHeaders#FAILED_STAGE}). */
  public DeadLetter stage(String stage) {
    this.stage = requireText(stage, "stage");
    return this;
  }

  /** The file and line (from 1) the record was read from. */
  public DeadLetter sourceFile(String file, long line) {
    this.file = requireText(file, "file");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
    this.line = line;
    return this;
  }

  /** The record's event or creation timestamp, kept as the dead letter's timestamp. */
  public DeadLetter timestamp(long epochMillis) {
    this.timestamp = epochMillis;
    return this;
  }

  /**
   * The record for {@code <topic>.dlq}.
   *
   * @throws IllegalStateException when the reason or the stage is missing
   */
  public ProducerRecord<byte[], byte[]> toProducerRecord() {
    if (reason == null) {
      throw new IllegalStateException("a dead letter needs a reason: call reason() or error()");
    }
    if (stage == null) {
      throw new IllegalStateException("a dead letter needs the stage that failed: call stage()");
    }
    RecordHeaders headers = new RecordHeaders();
    if (originalHeaders != null) {
      for (Header header : originalHeaders) {
        if (!DeadLetterHeaders.ALL.contains(header.key())) {
          headers.add(header.key(), header.value());
        }
      }
    }
    put(headers, DeadLetterHeaders.REASON, reason);
    if (errorClass != null) {
      put(headers, DeadLetterHeaders.ERROR_CLASS, errorClass);
    }
    if (message != null) {
      put(headers, DeadLetterHeaders.ERROR_MESSAGE, abbreviate(message));
    }
    put(headers, DeadLetterHeaders.SOURCE_TOPIC, sourceTopic);
    if (partition != null) {
      put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition));
    }
    if (offset != null) {
      put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset));
    }
    if (file != null) {
      put(headers, DeadLetterHeaders.SOURCE_FILE, file);
      put(headers, DeadLetterHeaders.SOURCE_LINE, Long.toString(line));
    }
    put(headers, DeadLetterHeaders.FAILED_STAGE, stage);
    return new ProducerRecord<>(
        DeadLetterHeaders.topicFor(sourceTopic), null, timestamp, key, value, headers);
  }

  private static void put(RecordHeaders headers, String name, String text) {
    headers.add(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String abbreviate(String text) {
    return text.length() <= DeadLetterHeaders.MAX_MESSAGE_LENGTH
        ? text
        : text.substring(0, DeadLetterHeaders.MAX_MESSAGE_LENGTH - 3) + "...";
  }

  private static String requireText(String text, String name) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the dead letter's " + name + " must be non-empty");
    }
    return text;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
