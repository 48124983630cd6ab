package io.streamlearn.platform.serde;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The record header in which streamlearn's producers ({@code simulate}, {@code produce}) write the
 * wall-clock time at which they sent an event, as 8 bytes, big-endian epoch milliseconds.
 *
 * <p>Why a header: the ingest tools set a record's timestamp to its <em>event</em> time, so that
 * Kafka Streams orders and windows by event time, and a replayed or simulated stream carries
 * historic times (the simulator's world starts on 2018-04-01). The feature stage takes a
 * transaction's {@code ingestTime} (the start of the event-to-prediction latency) from this header
 * when present, and from the record timestamp otherwise: producers of live events, whose record
 * timestamps are the wall clock, need not set it.
 */
public final class IngestTimeHeader {

  /** The header's key. */
  public static final String KEY = "streamlearn.ingest.time";

  private IngestTimeHeader() {}

  /** The header value of {@code epochMillis}. */
  public static byte[] encode(long epochMillis) {
    return ByteBuffer.allocate(Long.BYTES).putLong(epochMillis).array();
  }

  /** The time in {@code value}, or empty when it is absent, not 8 bytes, or negative. */
  public static OptionalLong decode(byte[] value) {
    if (value == null || value.length != Long.BYTES) {
      return OptionalLong.empty();
    }
    long millis = ByteBuffer.wrap(value).getLong();
    return millis < 0 ? OptionalLong.empty() : OptionalLong.of(millis);
  }
}
