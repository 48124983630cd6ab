package io.streamlearn.monitoring.avro;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An event that decodes but cannot be observed, e.g. one whose event time precedes 1970 (Kafka
 * timestamps cannot carry it). A {@link SerializationException}, so Kafka Streams hands the record
 * to its deserialization exception handler, which dead-letters it; Flink's decoding schema does the
 * same.
 */
public final class InvalidEventException extends SerializationException {

  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }
}
