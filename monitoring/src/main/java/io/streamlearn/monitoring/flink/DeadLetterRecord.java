package io.streamlearn.monitoring.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter on its way through a Flink job: the {@code <topic>.dlq} record the platform's
 * {@link io.streamlearn.platform.deadletter.DeadLetter} built (original key and value bytes,
 * original headers and the {@code dlq.*} envelope), as a Flink POJO so that it travels without
 * Kryo.
 */
public final class DeadLetterRecord {

  /** The dead-letter topic. */
  public String topic;

  /** The original key bytes, or null. */
  public byte[] key;

  /** The original value bytes, or null. */
  public byte[] value;

  /** The original record's timestamp, or -1 when it had none. */
  public long timestamp = -1;

  /** Header names, in order. */
  public String[] headerKeys = new String[0];

  /** Header values, parallel to {@link #headerKeys}. */
  public byte[][] headerValues = new byte[0][];

  /** For Flink's POJO serializer. */
  public DeadLetterRecord() {}

  /** The dead letter of a producer record built by {@code DeadLetter}. */
  public static DeadLetterRecord of(ProducerRecord<byte[], byte[]> record) {
    DeadLetterRecord letter = new DeadLetterRecord();
    letter.topic = record.topic();
    letter.key = record.key();
    letter.value = record.value();
    letter.timestamp = record.timestamp() == null ? -1 : record.timestamp();
    List<String> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (Header header : record.headers()) {
      keys.add(header.key());
      values.add(header.value());
    }
    letter.headerKeys = keys.toArray(new String[0]);
    letter.headerValues = values.toArray(new byte[0][]);
    return letter;
  }

  /** The record to produce. */
  public ProducerRecord<byte[], byte[]> toProducerRecord() {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < headerKeys.length; i++) {
      headers.add(headerKeys[i], headerValues[i]);
    }
    return new ProducerRecord<>(
        topic, null, timestamp >= 0 ? timestamp : null, key, value, headers);
  }

  /** The value of a header, or null. */
  public String header(String name) {
    for (int i = headerKeys.length - 1; i >= 0; i--) {
      if (headerKeys[i].equals(name)) {
        return new String(headerValues[i], java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
