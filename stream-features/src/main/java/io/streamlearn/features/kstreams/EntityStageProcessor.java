package io.streamlearn.features.kstreams;

import io.streamlearn.features.avro.FeatureVectorMapping;
import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureMetrics;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.RecordOutcome;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.StageCodec;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedTransaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One entity stage of the feature topology (e.g. the customer stage), on the partitions of its
 * repartition topics, keyed by entity id: applies each transaction (and, for an entity with target
 * features, each label outcome) to the entity's {@link EntityState}, kept as the core's bytes in a
 * changelogged key-value store, and sends the transaction on to the next entity stage, or, from the
 * last stage, its vector to {@code features}.
 *
 * <p>In {@link EmitMode#ON_WATERMARK} inputs newer than the watermark (stream time minus the
 * allowed lateness) wait in a time-ordered store and are applied in the canonical order once the
 * watermark passes them; older ones are applied as they arrive. States are deleted by a stream-time
 * punctuation over a time-ordered index once the watermark passes their expiry.
 */
final class EntityStageProcessor
    extends ContextualProcessor<String, StageMessage, String, StageOutput> {

  private static final byte[] NOTHING = new byte[0];

  private final FeatureStage stage;
  private final int index;
  private final FeatureMetrics metrics;
  private final Duration expiryScanInterval;
  private final EntityFeatures entity;
  private final boolean last;
  private final boolean buffered;
  private final long lateness;

  private KeyValueStore<String, byte[]> states;
  private KeyValueStore<Bytes, byte[]> expiry;
  private KeyValueStore<Bytes, byte[]> buffer;
  private long releasedThrough = Long.MIN_VALUE;

  /** Every expiry index entry before this time has been handled (deleted or moved later). */
  private long expiredThrough = Long.MIN_VALUE;

  EntityStageProcessor(
      FeatureStage stage, int index, FeatureMetrics metrics, Duration expiryScanInterval) {
    this.stage = stage;
    this.index = index;
    this.metrics = metrics;
    this.expiryScanInterval = expiryScanInterval;
    this.entity = stage.entity(index);
    this.last = index == stage.entityStages() - 1;
    this.buffered = stage.settings().emitMode() == EmitMode.ON_WATERMARK;
    this.lateness = stage.settings().allowedLateness().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, StageOutput> context) {
    super.init(context);
    states = context.getStateStore(FeatureTopology.stateStore(stage, index));
    expiry = context.getStateStore(FeatureTopology.expiryStore(stage, index));
    if (buffered) {
      buffer = context.getStateStore(FeatureTopology.bufferStore(stage, index));
    }
    context.schedule(expiryScanInterval, PunctuationType.STREAM_TIME, this::expireStates);
  }

  @Override
  public void process(Record<String, StageMessage> record) {
    StageMessage message = record.value();
    if (!buffered) {
      apply(record.key(), message);
      return;
    }
    long watermark = context().currentStreamTimeMs() - lateness;
    if (message.time() <= watermark && message.time() <= releasedThrough) {
      apply(record.key(), message); // behind what was released already: arrival order
    } else {
      RecordMetadata position =
          context()
              .recordMetadata()
              .orElseThrow(() -> new IllegalStateException("a stage record has no metadata"));
      buffer.put(
          TimeKeys.buffer(
              message.time(),
              FeatureStage.kindOrder(message),
              message.transactionId(),
              position.partition(),
              position.offset()),
          BufferedMessage.encode(record.key(), message));
    }
    release(watermark);
  }

  /** Applies, in key order, every buffered input the watermark has passed. */
  private void release(long watermark) {
    if (watermark <= releasedThrough) {
      return;
    }
    List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
    Bytes from =
        TimeKeys.lowest(releasedThrough == Long.MIN_VALUE ? releasedThrough : releasedThrough + 1);
    try (KeyValueIterator<Bytes, byte[]> waiting =
        buffer.range(from, TimeKeys.lowest(watermark + 1))) {
      while (waiting.hasNext()) {
        KeyValue<Bytes, byte[]> next = waiting.next();
        if (TimeKeys.time(next.key) > watermark) {
          break;
        }
        due.add(next);
      }
    }
    releasedThrough = watermark;
    for (KeyValue<Bytes, byte[]> next : due) {
      buffer.delete(next.key);
      BufferedMessage message = BufferedMessage.decode(next.value);
      apply(message.key(), message.message());
    }
  }

  private void apply(String key, StageMessage message) {
    if (message instanceof StagedTransaction staged) {
      applyTransaction(staged);
    } else {
      applyOutcome(key, (RoutedOutcome) message);
    }
  }

  private void applyTransaction(StagedTransaction staged) {
    String id = stage.entityId(staged, index);
    StagedTransaction next;
    if (id == null) {
      next = stage.applyTransaction(index, null, staged);
    } else {
      byte[] stored = states.get(id);
      EntityState state = stored == null ? entity.newState() : entity.decode(stored);
      next = stage.applyTransaction(index, state, staged);
      save(id, state, stored == null);
    }
    if (!last) {
      context()
          .forward(
              new Record<>(
                  stage.routingKey(next, index + 1),
                  new StageOutput.ToEntity(index + 1, next),
                  next.time()));
      return;
    }
    FeatureStage.Completion completion = stage.complete(next);
    if (completion.features() != null) {
      metrics.count(RecordOutcome.OK);
      context()
          .forward(
              new Record<>(
                  next.transactionId(),
                  new StageOutput.ToFeatures(
                      FeatureVectorMapping.toAvro(
                          completion.features(), completion.ingestTimeMillis())),
                  next.time()));
    }
    completion.deadLetters().forEach(this::deadLetter);
  }

  private void applyOutcome(String id, RoutedOutcome outcome) {
    byte[] stored = states.get(id);
    EntityState state = stored == null ? entity.newState() : entity.decode(stored);
    Optional<DeadLetterRecord> rejected = stage.applyOutcome(index, state, outcome);
    if (rejected.isPresent()) {
      deadLetter(rejected.get());
      if (stored == null) {
        return; // a fresh state that took nothing: nothing to keep
      }
    } else {
      metrics.count(RecordOutcome.OK);
    }
    save(id, state, stored == null);
  }

  private void save(String id, EntityState state, boolean created) {
    states.put(id, state.toBytes());
    if (created) {
      // an entry below what was scanned already would never be found: put it at the scan's edge
      expiry.put(TimeKeys.expiry(Math.max(state.expiresAt(), expiredThrough), id), NOTHING);
    }
  }

  /**
   * Deletes the states the watermark has passed the expiry of. On watermark, the watermark here is
   * never past the inputs applied so far: inputs still waiting may belong to a state.
   */
  private void expireStates(long streamTime) {
    long watermark =
        buffered ? Math.min(streamTime - lateness, releasedThrough) : streamTime - lateness;
    if (watermark <= expiredThrough) {
      return;
    }
    List<Bytes> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> entries =
        expiry.range(TimeKeys.lowest(expiredThrough), TimeKeys.lowest(watermark))) {
      while (entries.hasNext()) {
        Bytes key = entries.next().key;
        if (TimeKeys.time(key) >= watermark) {
          break;
        }
        due.add(key);
      }
    }
    expiredThrough = watermark;
    for (Bytes key : due) {
      expiry.delete(key);
      String id = TimeKeys.id(key);
      byte[] stored = states.get(id);
      if (stored == null) {
        continue;
      }
      EntityState state = entity.decode(stored);
      if (state.isEmpty() || state.expiresAt() < watermark) {
        states.delete(id);
      } else {
        expiry.put(TimeKeys.expiry(state.expiresAt(), id), NOTHING);
      }
    }
  }

  private void deadLetter(DeadLetterRecord letter) {
    metrics.count(letter.outcome());
    context()
        .forward(
            new Record<>(
                letter.topic(),
                new StageOutput.ToDeadLetter(letter),
                letter.timestamp() >= 0 ? letter.timestamp() : context().currentStreamTimeMs()));
  }

  /** A buffered input: its routing key and the message, in {@link StageCodec}'s layout. */
  private record BufferedMessage(String key, StageMessage message) {
    static byte[] encode(String key, StageMessage message) {
      byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
      byte[] body = StageCodec.encode(message);
      return ByteBuffer.allocate(4 + keyBytes.length + body.length)
          .putInt(keyBytes.length)
          .put(keyBytes)
          .put(body)
          .array();
    }

    static BufferedMessage decode(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte[] keyBytes = new byte[in.getInt()];
      in.get(keyBytes);
      byte[] body = new byte[in.remaining()];
      in.get(body);
      return new BufferedMessage(
          new String(keyBytes, StandardCharsets.UTF_8), StageCodec.decodeMessage(body));
    }
  }
}
