package io.streamlearn.model.kstreams;

import io.streamlearn.model.core.serving.JoinResult;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.LabelJoinState;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.metrics.ModelStageMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The label join, keyed by transaction id ({@code features} and {@code labels} co-partitioned): one
 * {@link LabelJoinState} per id in a store, and an index of the states by expiry time. The join's
 * clock is the largest event or label time it has seen; every {@link #EXPIRY_SCAN} of wall-clock
 * time the states the clock has passed expire (at most {@link #MAX_EXPIRIES_PER_SCAN}, the next
 * scan goes on) and are counted. A joined example is forwarded keyed by the model's name, to the
 * trainer.
 *
 * <p>Expiry runs on the stream thread between records, so a scan delays the records behind it: at a
 * steady rate, as many states expire per second as are scored, and a scan every second deleted a
 * second's worth at once (at 10,000 events/s, tens of milliseconds in which nothing was scored).
 * Scans ten times a second delete a tenth each. A scan starts at the lowest expiry time not yet
 * known to be deleted, not at the start of the index, so that it does not walk over the deletions
 * of the scans before it (RocksDB keeps them until a compaction).
 */
final class LabelJoinProcessor implements Processor<String, JoinInput, String, JoinedExample> {

  /** How often expired states are looked for. */
  static final Duration EXPIRY_SCAN = Duration.ofMillis(100);

  /** At most this many states expire in one scan: a backlog (after a restart) goes in steps. */
  static final int MAX_EXPIRIES_PER_SCAN = 2_000;

  private final ModelStageSettings settings;
  private final String joinStore;
  private final String expiryStore;
  private final ModelStageMetrics metrics;
  private ProcessorContext<String, JoinedExample> context;
  private KeyValueStore<String, byte[]> joins;
  private KeyValueStore<Bytes, byte[]> expiries;
  private long clock = Long.MIN_VALUE;

  /** Every index entry of an expiry time below this one is deleted. */
  private long scannedTo = Long.MIN_VALUE;

  LabelJoinProcessor(
      ModelStageSettings settings,
      String joinStore,
      String expiryStore,
      ModelStageMetrics metrics) {
    this.settings = settings;
    this.joinStore = joinStore;
    this.expiryStore = expiryStore;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, JoinedExample> context) {
    this.context = context;
    this.joins = context.getStateStore(joinStore);
    this.expiries = context.getStateStore(expiryStore);
    context.schedule(EXPIRY_SCAN, PunctuationType.WALL_CLOCK_TIME, now -> expire());
  }

  @Override
  public void process(Record<String, JoinInput> record) {
    JoinInput input = record.value();
    String id = input.transactionId();
    clock = Math.max(clock, input.timeMillis());
    Duration ttl = settings.labelJoinTtl();
    byte[] stored = joins.get(id);
    LabelJoinState state =
        stored == null ? LabelJoinState.empty(ttl) : LabelJoinState.fromBytes(stored, ttl);
    long before = state.expiresAt();
    JoinResult result;
    if (input.scored() != null) {
      result = state.onScored(input.scored());
    } else {
      metrics.record("ok");
      result =
          state.onLabel(
              id, input.label().getIsFraud(), input.label().getLabelTime().toEpochMilli());
    }
    metrics.join(result.outcome());
    joins.put(id, state.toBytes());
    if (state.expiresAt() != before) {
      if (stored != null) {
        expiries.delete(indexKey(before, id));
      }
      expiries.put(indexKey(state.expiresAt(), id), new byte[0]);
      scannedTo = Math.min(scannedTo, state.expiresAt());
    }
    JoinedExample example = result.example();
    if (example != null) {
      context.forward(new Record<>(settings.name(), example, record.timestamp()));
    }
  }

  /** Deletes the states whose expiry the clock has passed, counting what expired. */
  private void expire() {
    if (clock == Long.MIN_VALUE || scannedTo >= clock) {
      return;
    }
    List<Bytes> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        expiries.range(indexKey(scannedTo, ""), indexKey(clock, ""))) {
      while (it.hasNext() && due.size() < MAX_EXPIRIES_PER_SCAN) {
        Bytes key = it.next().key;
        if (timeOf(key) < clock) {
          due.add(key);
        }
      }
    }
    for (Bytes key : due) {
      String id = idOf(key);
      byte[] stored = joins.get(id);
      if (stored != null) {
        LabelJoinState.expiryOutcome(stored).ifPresent(metrics::join);
        joins.delete(id);
      }
      expiries.delete(key);
    }
    // what is left below the clock starts at the last key deleted (others of its time may remain)
    scannedTo = due.size() < MAX_EXPIRIES_PER_SCAN ? clock : timeOf(due.get(due.size() - 1));
  }

  /** Expiry time (sign bit flipped, so that byte order is numeric order) then the id. */
  static Bytes indexKey(long expiresAt, String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(8 + idBytes.length)
            .putLong(expiresAt ^ Long.MIN_VALUE)
            .put(idBytes)
            .array());
  }

  static String idOf(Bytes key) {
    byte[] k = key.get();
    return new String(k, 8, k.length - 8, StandardCharsets.UTF_8);
  }

  static long timeOf(Bytes key) {
    return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
  }
}
