package io.streamlearn.model.flink;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * A Kafka record as read, bytes untouched: what the model job's sources produce, so that a record
 * that cannot be decoded reaches its dead-letter topic exactly as it was (a Flink POJO).
 */
public final class RawRecord {

  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;
  public byte[] value;
  public String[] headerKeys;
  public byte[][] headerValues;

  public RawRecord() {}

  /** The record read from Kafka. */
  public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
    RawRecord raw = new RawRecord();
    raw.topic = record.topic();
    raw.partition = record.partition();
    raw.offset = record.offset();
    raw.timestamp = record.timestamp();
    raw.key = record.key();
    raw.value = record.value();
    Header[] headers = record.headers().toArray();
    raw.headerKeys = new String[headers.length];
    raw.headerValues = new byte[headers.length][];
    for (int i = 0; i < headers.length; i++) {
      raw.headerKeys[i] = headers[i].key();
      raw.headerValues[i] = headers[i].value();
    }
    return raw;
  }

  /** A record without headers, e.g. for tests. */
  public static RawRecord of(String topic, String key, byte[] value, long timestamp) {
    RawRecord raw = new RawRecord();
    raw.topic = topic;
    raw.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    raw.value = value;
    raw.timestamp = timestamp;
    raw.headerKeys = new String[0];
    raw.headerValues = new byte[0][];
    return raw;
  }

  /** The record as Kafka's consumer gives it, for the dead-letter envelope. */
  public ConsumerRecord<byte[], byte[]> toConsumerRecord() {
    RecordHeaders headers = new RecordHeaders();
    int n = headerKeys == null ? 0 : headerKeys.length;
    for (int i = 0; i < n; i++) {
      headers.add(headerKeys[i], headerValues[i]);
    }
    return new ConsumerRecord<>(
        topic,
        partition,
        offset,
        timestamp,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        headers,
        Optional.empty());
  }

  /** The key as UTF-8 text, or null. */
  public String keyText() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }
}
