package io.streamlearn.platform.serde;

import java.util.Objects;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized or deserialized. The message is one sentence naming the topic
 * and what is wrong; {@link #reason()} is a stable code for dead-letter headers and metrics.
 *
 * <p>A plain Kafka consumer wraps this exception in a {@link
 * org.apache.kafka.common.errors.RecordDeserializationException}, which carries the partition and
 * offset of the bad record (and its raw bytes): seek past {@code offset() + 1} to continue, and
 * build a dead letter with {@link io.streamlearn.platform.deadletter.DeadLetter#of(
 * org.apache.kafka.common.errors.RecordDeserializationException)}.
 */
public class AvroSerdeException extends SerializationException {

  /** What went wrong, as a stable code. */
  public enum Reason {
    /** The first byte is not the Confluent wire format's magic byte 0. */
    UNKNOWN_MAGIC_BYTE,
    /** The bytes end before the 5-byte header or before the Avro record is complete. */
    TRUNCATED,
    /** The registry has no schema with the id in the header. */
    UNKNOWN_SCHEMA_ID,
    /** The Avro bytes do not decode with the writer schema (or have trailing bytes). */
    MALFORMED_PAYLOAD,
    /** The writer schema cannot be resolved to the reader schema. */
    INCOMPATIBLE_SCHEMA,
    /** The schema is not registered under the subject and auto-registration is off. */
    SCHEMA_NOT_REGISTERED,
    /** The registry refused the schema (incompatible or invalid). */
    SCHEMA_REJECTED,
    /** The record does not satisfy its own schema, e.g. a null in a non-null field. */
    INVALID_RECORD,
    /** The object is not an Avro record. */
    UNSUPPORTED_TYPE,
    /** The registry could not be reached or failed; the data itself may be fine. */
    REGISTRY_UNAVAILABLE,
    /** The registry answered with another error. */
    REGISTRY_ERROR
  }

  /** Which way the record was going. */
  public enum Direction {
    SERIALIZE,
    DESERIALIZE
  }

  private final Reason reason;
  private final Direction direction;
  private final String topic;
  private final boolean isKey;
  private final OptionalInt schemaId;
  private final String detail;

  /**
   * @param reason the stable code
   * @param direction whether the record was being serialized or deserialized
   * @param topic the topic of the record
   * @param isKey whether the key (rather than the value) failed
   * @param schemaId the schema id involved, when known
   * @param detail what is wrong, e.g. "unknown magic byte 0x7b, expected 0x00"
   * @param cause the underlying failure, or null
   */
  public AvroSerdeException(
      Reason reason,
      Direction direction,
      String topic,
      boolean isKey,
      OptionalInt schemaId,
      String detail,
      Throwable cause) {
    this(reason, direction, topic, isKey, schemaId, detail, "", cause);
  }

  private AvroSerdeException(
      Reason reason,
      Direction direction,
      String topic,
      boolean isKey,
      OptionalInt schemaId,
      String detail,
      String location,
      Throwable cause) {
    super(
        (direction == Direction.SERIALIZE ? "Cannot serialize the " : "Cannot deserialize the ")
            + (isKey ? "key" : "value")
            + (direction == Direction.SERIALIZE ? " for topic '" : " of a record from topic '")
            + topic
            + "'"
            + location
            + ": "
            + detail,
        cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.direction = Objects.requireNonNull(direction, "direction");
    this.topic = topic;
    this.isKey = isKey;
    this.schemaId = Objects.requireNonNull(schemaId, "schemaId");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /**
   * The same failure with the record's partition and offset in the message, for layers that know
   * them (a Flink {@code KafkaRecordDeserializationSchema}, a Kafka Streams handler).
   */
  public AvroSerdeException at(int partition, long offset) {
    AvroSerdeException located =
        new AvroSerdeException(
            reason,
            direction,
            topic,
            isKey,
            schemaId,
            detail,
            " (partition " + partition + ", offset " + offset + ")",
            getCause());
    located.setStackTrace(getStackTrace());
    return located;
  }

  /** The stable code of the failure. */
  public Reason reason() {
    return reason;
  }

  /** The topic of the record. */
  public String topic() {
    return topic;
  }

  /** Whether the record was being serialized or deserialized. */
  public Direction direction() {
    return direction;
  }

  /** Whether the key (rather than the value) failed. */
  public boolean isKey() {
    return isKey;
  }

  /** What is wrong, without the topic: the end of the message. */
  public String detail() {
    return detail;
  }

  /** The schema id involved, when known. */
  public OptionalInt schemaId() {
    return schemaId;
  }

  /**
   * True when the failure says nothing about the record itself (the registry was unreachable), so
   * that sending the record to a dead-letter topic would misfile good data.
   */
  public boolean isTransient() {
    return reason == Reason.REGISTRY_UNAVAILABLE;
  }

  /** The first {@code AvroSerdeException} in a cause chain, or null. */
  public static AvroSerdeException findIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AvroSerdeException serde) {
        return serde;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
