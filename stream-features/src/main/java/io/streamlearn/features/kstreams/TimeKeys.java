package io.streamlearn.features.kstreams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the time-ordered stores (the expiry indexes and the on-watermark buffers): the time
 * first, as 8 big-endian bytes with the sign bit flipped, so that RocksDB's byte order is time
 * order.
 */
final class TimeKeys {

  private TimeKeys() {}

  /** An expiry index key: time, then the id of what expires. */
  static Bytes expiry(long time, String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(8 + idBytes.length)
            .putLong(time ^ Long.MIN_VALUE)
            .put(idBytes)
            .array());
  }

  /**
   * The lowest key of {@code time}: below every key of that time and above every key of earlier
   * times. Scans start here, past the deleted keys of earlier times, which RocksDB would otherwise
   * step over one by one.
   */
  static Bytes lowest(long time) {
    return Bytes.wrap(ByteBuffer.allocate(8).putLong(time ^ Long.MIN_VALUE).array());
  }

  static long time(Bytes key) {
    return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
  }

  /** The id of an {@link #expiry} key. */
  static String id(Bytes key) {
    byte[] bytes = key.get();
    return new String(bytes, 8, bytes.length - 8, StandardCharsets.UTF_8);
  }

  /**
   * A buffer key in the canonical order of {@code FeatureStage.CANONICAL_ORDER}: time, outcomes
   * (kind 0) before transactions (kind 1), transaction id (as UTF-16 code units, whose byte order
   * is {@link String#compareTo}'s), then the position of the record read, which makes it unique.
   */
  static Bytes buffer(long time, int kind, String transactionId, int partition, long offset) {
    ByteBuffer key = ByteBuffer.allocate(8 + 1 + 2 * transactionId.length() + 2 + 4 + 8);
    key.putLong(time ^ Long.MIN_VALUE).put((byte) kind);
    for (int i = 0; i < transactionId.length(); i++) {
      key.putChar(transactionId.charAt(i));
    }
    key.putChar('\u0000').putInt(partition).putLong(offset);
    return Bytes.wrap(key.array());
  }
}
