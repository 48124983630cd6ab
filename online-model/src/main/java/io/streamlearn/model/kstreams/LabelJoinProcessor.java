package io.streamlearn.model.kstreams;

import io.streamlearn.model.core.serving.JoinResult;
import io.streamlearn.model.core.serving.LabelJoinState;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.metrics.ModelStageMetrics;
import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The label join, keyed by transaction id ({@code features} and {@code labels} co-partitioned): one
 * {@link LabelJoinState} per id in a store (with its changelog), and an in-memory index of the
 * states by expiry time. The join's clock is the largest event or label time it has seen; every
 * {@link #EXPIRY_SCAN} of wall-clock time the states the clock has passed expire (at most {@link
 * #MAX_EXPIRIES_PER_SCAN} index entries a scan, the next scan goes on) and are counted. A joined
 * example is forwarded keyed by the model's name, to the trainer, as the bytes the join made of the
 * scored event's bytes and the label ({@link JoinResult#exampleBytes()}).
 *
 * <p>The index is not a store: each input costs one store write and one changelog record, not two
 * of each. It is rebuilt from the join store whenever the task initializes, after Kafka Streams has
 * restored the store from its changelog (one scan of the store, reading each state's expiry from
 * its first bytes, {@link LabelJoinState#expiresAt(byte[])}). An entry is added when a state's
 * expiry changes and never removed then: the entry of an older expiry stays behind and is skipped
 * when its time comes, as the stored state no longer expires then (or is gone).
 *
 * <p>Expiry runs on the stream thread between records, so a scan delays the records behind it: at a
 * steady rate, as many states expire per second as are scored; scans ten times a second delete a
 * tenth of a second's worth each.
 */
final class LabelJoinProcessor implements Processor<String, JoinInput, String, byte[]> {

  /** How often expired states are looked for. */
  static final Duration EXPIRY_SCAN = Duration.ofMillis(100);

  /** At most this many index entries are handled in one scan: a backlog goes in steps. */
  static final int MAX_EXPIRIES_PER_SCAN = 2_000;

  /** An index entry: the state of {@code id} expires at {@code at}, unless it changed since. */
  private record Expiry(long at, String id) {}

  private final ModelStageSettings settings;
  private final String joinStore;
  private final ModelStageMetrics metrics;
  private final PriorityQueue<Expiry> index =
      new PriorityQueue<>(Comparator.comparingLong(Expiry::at));
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> joins;
  private long clock = Long.MIN_VALUE;

  LabelJoinProcessor(ModelStageSettings settings, String joinStore, ModelStageMetrics metrics) {
    this.settings = settings;
    this.joinStore = joinStore;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.joins = context.getStateStore(joinStore);
    rebuildIndex();
    context.schedule(EXPIRY_SCAN, PunctuationType.WALL_CLOCK_TIME, now -> expire());
  }

  /** Indexes every stored state by its expiry (the store as restored from its changelog). */
  private void rebuildIndex() {
    index.clear();
    try (KeyValueIterator<String, byte[]> it = joins.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> entry = it.next();
        index.add(new Expiry(LabelJoinState.expiresAt(entry.value), entry.key));
      }
    }
  }

  /** How many entries the expiry index holds (stale ones included). */
  int indexSize() {
    return index.size();
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
      index.add(new Expiry(state.expiresAt(), id));
    }
    byte[] example = result.exampleBytes();
    if (example != null) {
      context.forward(new Record<>(settings.name(), example, record.timestamp()));
    }
  }

  /** Deletes the states whose expiry the clock has passed, counting what expired. */
  private void expire() {
    for (int handled = 0; handled < MAX_EXPIRIES_PER_SCAN; handled++) {
      Expiry next = index.peek();
      if (next == null || next.at() >= clock) {
        return;
      }
      index.poll();
      byte[] stored = joins.get(next.id());
      // a state stored since with another expiry has its own entry
      if (stored != null && LabelJoinState.expiresAt(stored) == next.at()) {
        LabelJoinState.expiryOutcome(stored).ifPresent(metrics::join);
        joins.delete(next.id());
      }
    }
  }
}
