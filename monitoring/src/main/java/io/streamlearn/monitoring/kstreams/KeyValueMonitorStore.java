package io.streamlearn.monitoring.kstreams;

import io.streamlearn.monitoring.core.stage.CheckpointedMonitor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One monitor's snapshot and log in the stage's key-value store.
 *
 * <p><b>Snapshot.</b> A monitor's state is a megabyte for six features' reference samples and grows
 * with each feature, past what one Kafka record may hold (the producer's {@code max.request.size}
 * and the broker's {@code message.max.bytes}, 1 MB by default), so the store's changelog could not
 * take it whole. It is kept in chunks of at most {@link #CHUNK_BYTES}: {@code
 * <monitor>/chunk/<generation>/<index>}, then a head {@code <monitor>/chunks} naming the
 * generation, the chunks, the length and a CRC-32 of the whole. Each snapshot is a new generation:
 * its chunks are written first, then the head, then every other generation's chunks are deleted, so
 * every prefix of the changelog (which the store writes in that order: it has no record cache)
 * restores a whole snapshot, the new one or the one before. A store written before chunks keeps its
 * snapshot under {@code <monitor>/snapshot}: it is read when there is no head, and deleted by the
 * first chunked snapshot.
 *
 * <p><b>Log.</b> {@code <monitor>/log/<sequence>} with the sequence zero-padded to 19 digits, so a
 * range scan returns it in order. Monitor names hold no {@code /}.
 */
final class KeyValueMonitorStore implements CheckpointedMonitor.Store {

  /** The largest value written to the store: well under Kafka's default 1 MB record limit. */
  static final int CHUNK_BYTES = 512 * 1024;

  private static final int HEAD_FORMAT = 1;
  private static final int HEAD_BYTES = 4 + 8 + 4 + 4 + 8;
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, byte[]> store;
  private final String monitor;
  private final String legacySnapshotKey;
  private final String headKey;
  private final String chunkPrefix;
  private final String logPrefix;
  private long nextSequence;

  KeyValueMonitorStore(KeyValueStore<String, byte[]> store, String monitor) {
    this.store = store;
    this.monitor = monitor;
    this.legacySnapshotKey = monitor + "/snapshot";
    this.headKey = monitor + "/chunks";
    this.chunkPrefix = monitor + "/chunk/";
    this.logPrefix = monitor + "/log/";
  }

  /** Where a snapshot's chunks are: its generation, chunk count, length and checksum. */
  private record Head(long generation, int chunks, int length, long crc) {

    static Head read(String monitor, byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (bytes.length != HEAD_BYTES || in.getInt() != HEAD_FORMAT) {
        throw new IllegalStateException(
            "the snapshot head of monitor '" + monitor + "' is not of a known format");
      }
      Head head = new Head(in.getLong(), in.getInt(), in.getInt(), in.getLong());
      // the chunk size is the writer's: a later build may cut differently, so only the count and
      // the length are checked here, and the chunks against them when read
      if (head.chunks < 0 || head.length < 0 || (head.chunks == 0) != (head.length == 0)) {
        throw new IllegalStateException(
            "the snapshot head of monitor '" + monitor + "' is inconsistent: " + head);
      }
      return head;
    }

    byte[] toBytes() {
      return ByteBuffer.allocate(HEAD_BYTES)
          .putInt(HEAD_FORMAT)
          .putLong(generation)
          .putInt(chunks)
          .putInt(length)
          .putLong(crc)
          .array();
    }
  }

  @Override
  public byte[] snapshot() {
    byte[] headBytes = store.get(headKey);
    if (headBytes == null) {
      return store.get(legacySnapshotKey);
    }
    Head head = Head.read(monitor, headBytes);
    byte[] state = new byte[head.length];
    int at = 0;
    for (int i = 0; i < head.chunks; i++) {
      byte[] chunk = store.get(chunkKey(head.generation, i));
      if (chunk == null || chunk.length > head.length - at) {
        throw new IllegalStateException(
            "chunk "
                + i
                + " of snapshot generation "
                + head.generation
                + " of monitor '"
                + monitor
                + "' is "
                + (chunk == null ? "missing" : "longer than the head allows"));
      }
      System.arraycopy(chunk, 0, state, at, chunk.length);
      at += chunk.length;
    }
    if (at != head.length || crc(state) != head.crc) {
      throw new IllegalStateException(
          "the snapshot of monitor '"
              + monitor
              + "' (generation "
              + head.generation
              + ") does not match its head's length and checksum");
    }
    return state;
  }

  @Override
  public Iterable<byte[]> log() {
    List<byte[]> entries = new ArrayList<>();
    long last = -1;
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(logPrefix, KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        entries.add(kv.value);
        last = Long.parseLong(kv.key.substring(logPrefix.length()));
      }
    }
    nextSequence = last + 1;
    return entries;
  }

  @Override
  public void saveSnapshot(byte[] state) {
    byte[] previousBytes = store.get(headKey);
    Head previous = previousBytes == null ? null : Head.read(monitor, previousBytes);
    long generation = previous == null ? 0 : previous.generation + 1;
    int chunks = 0;
    for (int at = 0; at < state.length; at += CHUNK_BYTES, chunks++) {
      store.put(
          chunkKey(generation, chunks),
          Arrays.copyOfRange(state, at, Math.min(state.length, at + CHUNK_BYTES)));
    }
    store.put(headKey, new Head(generation, chunks, state.length, crc(state)).toBytes());
    // every other generation's chunks: the previous one's, and any a crash left behind
    String current = chunkPrefix + String.format("%019d/", generation);
    List<String> stale = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(chunkPrefix, KEYS)) {
      while (it.hasNext()) {
        String key = it.next().key;
        if (!key.startsWith(current)) {
          stale.add(key);
        }
      }
    }
    stale.forEach(store::delete);
    if (previous == null && store.get(legacySnapshotKey) != null) {
      store.delete(legacySnapshotKey);
    }
  }

  @Override
  public void appendLog(byte[] entry) {
    store.put(logPrefix + String.format("%019d", nextSequence++), entry);
  }

  @Override
  public void clearLog() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(logPrefix, KEYS)) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    for (String key : keys) {
      store.delete(key);
    }
    nextSequence = 0;
  }

  private String chunkKey(long generation, int index) {
    return chunkPrefix + String.format("%019d/%010d", generation, index);
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
