package io.streamlearn.features.stage;

import io.streamlearn.features.core.ByteReader;
import io.streamlearn.features.core.ByteWriter;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record for {@code late-events} or {@code <topic>.dlq}: the original key and value bytes, the
 * original headers and the dead-letter envelope ({@link DeadLetterHeaders}), and which {@link
 * RecordOutcome} it counts as. Immutable.
 *
 * @param timestamp the record timestamp, or -1 to let the producer choose
 */
public record DeadLetterRecord(
    String topic,
    byte[] key,
    byte[] value,
    long timestamp,
    List<OriginalRecord.Header> headers,
    RecordOutcome outcome) {

  public DeadLetterRecord {
    Objects.requireNonNull(topic, "topic");
    headers = List.copyOf(headers);
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The record {@code producerRecord} describes, sent to {@code topic} instead. */
  static DeadLetterRecord of(
      ProducerRecord<byte[], byte[]> producerRecord, String topic, RecordOutcome outcome) {
    List<OriginalRecord.Header> headers = new ArrayList<>();
    for (Header header : producerRecord.headers()) {
      headers.add(new OriginalRecord.Header(header.key(), header.value()));
    }
    return new DeadLetterRecord(
        topic,
        producerRecord.key(),
        producerRecord.value(),
        producerRecord.timestamp() == null ? -1 : producerRecord.timestamp(),
        headers,
        outcome);
  }

  /** The value of header {@code name} as text, or null when absent. */
  public String header(String name) {
    String found = null;
    for (OriginalRecord.Header header : headers) {
      if (header.key().equals(name) && header.value() != null) {
        found = new String(header.value(), StandardCharsets.UTF_8);
      }
    }
    return found;
  }

  /** The dead-letter reason ({@link DeadLetterHeaders#REASON}). */
  public String reason() {
    return header(DeadLetterHeaders.REASON);
  }

  /** The headers as Kafka headers. */
  public RecordHeaders kafkaHeaders() {
    RecordHeaders kafka = new RecordHeaders();
    for (OriginalRecord.Header header : headers) {
      kafka.add(header.key(), header.value());
    }
    return kafka;
  }

  /** The record to produce. */
  public ProducerRecord<byte[], byte[]> toProducerRecord() {
    return new ProducerRecord<>(
        topic, null, timestamp >= 0 ? timestamp : null, key, value, kafkaHeaders());
  }

  void write(ByteWriter out) {
    out.writeString(topic);
    out.writeNullableBytes(key);
    out.writeNullableBytes(value);
    out.writeSignedVarLong(timestamp);
    out.writeVarLong(headers.size());
    for (OriginalRecord.Header header : headers) {
      out.writeString(header.key());
      out.writeNullableBytes(header.value());
    }
    out.writeByte(outcome.ordinal());
  }

  static DeadLetterRecord read(ByteReader in) {
    String topic = in.readString();
    byte[] key = in.readNullableBytes();
    byte[] value = in.readNullableBytes();
    long timestamp = in.readSignedVarLong();
    int count = in.readCount();
    List<OriginalRecord.Header> headers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      headers.add(new OriginalRecord.Header(in.readString(), in.readNullableBytes()));
    }
    int outcome = in.readByte();
    if (outcome >= RecordOutcome.values().length) {
      throw new IllegalArgumentException("dead letter bytes hold an unknown outcome " + outcome);
    }
    return new DeadLetterRecord(
        topic, key, value, timestamp, headers, RecordOutcome.values()[outcome]);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeadLetterRecord that
        && topic.equals(that.topic)
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && timestamp == that.timestamp
        && headers.equals(that.headers)
        && outcome == that.outcome;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        topic, Arrays.hashCode(key), Arrays.hashCode(value), timestamp, headers, outcome);
  }

  @Override
  public String toString() {
    return "DeadLetterRecord[" + topic + ", " + reason() + ", " + outcome + "]";
  }
}
