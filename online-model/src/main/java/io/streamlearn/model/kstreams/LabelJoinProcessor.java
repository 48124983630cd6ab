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
import org.apache.kafka.streams.KeyValue;
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
 * time the states the clock has passed expire and are counted. A joined example is forwarded keyed
 * by the model's name, to the trainer.
 */
final class LabelJoinProcessor implements Processor<String, JoinInput, String, JoinedExample> {

  /** How often expired states are looked for. */
  static final Duration EXPIRY_SCAN = Duration.ofSeconds(1);

  private final ModelStageSettings settings;
  private final String joinStore;
  private final String expiryStore;
  private final ModelStageMetrics metrics;
  private ProcessorContext<String, JoinedExample> context;
  private KeyValueStore<String, byte[]> joins;
  private KeyValueStore<Bytes, byte[]> expiries;
  private long clock = Long.MIN_VALUE;

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
    }
    JoinedExample example = result.example();
    if (example != null) {
      context.forward(new Record<>(settings.name(), example, record.timestamp()));
    }
  }

  /** Deletes the states whose expiry the clock has passed, counting what expired. */
  private void expire() {
    if (clock == Long.MIN_VALUE) {
      return;
    }
    List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        expiries.range(indexKey(Long.MIN_VALUE, ""), indexKey(clock, ""))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> entry = it.next();
        if (timeOf(entry.key) < clock) {
          due.add(entry);
        }
      }
    }
    for (KeyValue<Bytes, byte[]> entry : due) {
      String id = idOf(entry.key);
      byte[] stored = joins.get(id);
      if (stored != null) {
        LabelJoinState state = LabelJoinState.fromBytes(stored, settings.labelJoinTtl());
        state.onExpiry().ifPresent(metrics::join);
        joins.delete(id);
      }
      expiries.delete(entry.key);
    }
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
