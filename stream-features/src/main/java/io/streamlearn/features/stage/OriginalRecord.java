package io.streamlearn.features.stage;

import io.streamlearn.features.core.ByteReader;
import io.streamlearn.features.core.ByteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A Kafka record as it was read, carried through the stage so that a transaction or label the stage
 * cannot use reaches {@code late-events} or {@code <topic>.dlq} with its key and value bytes
 * untouched, its headers kept, and its source named. Immutable (the arrays are not copied: callers
 * hand them over and never change them).
 *
 * @param topic the topic it was read from
 * @param partition its partition, or -1 when not read from Kafka
 * @param offset its offset, or -1 when not read from Kafka
 * @param timestamp its record timestamp (the time it entered Kafka), or -1 when unknown
 * @param key the key bytes, or null
 * @param value the value bytes, or null
 * @param headers its headers, in order
 */
public record OriginalRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    byte[] key,
    byte[] value,
    List<Header> headers) {

  /** One record header. */
  public record Header(String key, byte[] value) {
    public Header {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Header that
          && key.equals(that.key)
          && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return key + "=" + (value == null ? "null" : value.length + " bytes");
    }
  }

  public OriginalRecord {
    Objects.requireNonNull(topic, "topic");
    headers = headers == null || headers.isEmpty() ? List.of() : List.copyOf(headers);
  }

  /** True when the record was read from Kafka (its partition and offset are known). */
  public boolean hasPosition() {
    return partition >= 0 && offset >= 0;
  }

  void write(ByteWriter out) {
    out.writeString(topic);
    out.writeSignedVarLong(partition);
    out.writeSignedVarLong(offset);
    out.writeSignedVarLong(timestamp);
    out.writeNullableBytes(key);
    out.writeNullableBytes(value);
    out.writeVarLong(headers.size());
    for (Header header : headers) {
      out.writeString(header.key());
      out.writeNullableBytes(header.value());
    }
  }

  static OriginalRecord read(ByteReader in) {
    String topic = in.readString();
    int partition = (int) in.readSignedVarLong();
    long offset = in.readSignedVarLong();
    long timestamp = in.readSignedVarLong();
    byte[] key = in.readNullableBytes();
    byte[] value = in.readNullableBytes();
    int count = in.readCount();
    List<Header> headers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      headers.add(new Header(in.readString(), in.readNullableBytes()));
    }
    return new OriginalRecord(topic, partition, offset, timestamp, key, value, headers);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OriginalRecord that
        && topic.equals(that.topic)
        && partition == that.partition
        && offset == that.offset
        && timestamp == that.timestamp
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && headers.equals(that.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        topic, partition, offset, timestamp, Arrays.hashCode(key), Arrays.hashCode(value), headers);
  }

  @Override
  public String toString() {
    return "OriginalRecord[" + topic + "-" + partition + "@" + offset + "]";
  }
}
