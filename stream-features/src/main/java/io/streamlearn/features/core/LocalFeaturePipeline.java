package io.streamlearn.features.core;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link FeaturePlan} over inputs in one thread, following the engine plan step by step: the
 * label join keyed by transaction id, one state per entity, the assembler. It is the simplest
 * engine: the reference for what the Kafka Streams and Flink adapters compute from the same
 * per-entity input order, and the driver of the core's tests and benchmarks.
 *
 * <p>With {@link Storage#BYTES} every state is decoded before and encoded after each input, as with
 * a RocksDB state backend; results are bit-identical to {@link Storage#OBJECTS}.
 */
public final class LocalFeaturePipeline {

  /** Where states live between inputs. */
  public enum Storage {
    /** As objects in memory (a heap state backend). */
    OBJECTS,
    /** As bytes, decoded and re-encoded around every input (a RocksDB state backend). */
    BYTES
  }

  /** Receives what the pipeline emits. */
  public interface Sink {
    void vector(TransactionFeatures features);

    void rejection(Rejection rejection);
  }

  private final FeaturePlan plan;
  private final Storage storage;
  private final Map<String, Map<String, EntityState>> objects = new HashMap<>();
  private final Map<String, Map<String, byte[]>> bytes = new HashMap<>();
  private final Map<String, LabelJoinState> joinObjects = new HashMap<>();
  private final Map<String, byte[]> joinBytes = new HashMap<>();

  public LocalFeaturePipeline(FeaturePlan plan, Storage storage) {
    this.plan = plan;
    this.storage = storage;
    for (EntityFeatures entity : plan.entities()) {
      objects.put(entity.entityKey(), new HashMap<>());
      bytes.put(entity.entityKey(), new HashMap<>());
    }
  }

  /** Runs {@code inputs}, in list order, through a fresh pipeline. */
  public static FeatureRun run(FeaturePlan plan, Storage storage, List<FeatureInput> inputs) {
    LocalFeaturePipeline pipeline = new LocalFeaturePipeline(plan, storage);
    List<TransactionFeatures> vectors = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    Sink sink =
        new Sink() {
          @Override
          public void vector(TransactionFeatures features) {
            vectors.add(features);
          }

          @Override
          public void rejection(Rejection rejection) {
            rejections.add(rejection);
          }
        };
    for (FeatureInput input : inputs) {
      pipeline.accept(input, sink);
    }
    return new FeatureRun(vectors, rejections);
  }

  /**
   * Processes one input. For a transaction, emits its rejections by entity (in entity-key order) or
   * its vector, then what its label join produced. For a label, emits what the join produced.
   * Outcomes are applied to the target entities right after, emitting their rejections.
   */
  public void accept(FeatureInput input, Sink sink) {
    if (input instanceof FeatureInput.Transaction transaction) {
      acceptTransaction(transaction.event(), sink);
    } else {
      acceptLabel(((FeatureInput.Label) input).event(), sink);
    }
  }

  private void acceptTransaction(TransactionEvent transaction, Sink sink) {
    List<PartialVector> parts = new ArrayList<>(plan.entities().size() + 1);
    parts.add(plan.eventFeatures().compute(transaction));
    Map<String, String> entityIds = new HashMap<>();
    List<Rejection> rejections = new ArrayList<>();
    for (EntityFeatures entity : plan.entities()) {
      String id = entity.keyOf(transaction);
      if (id == null) {
        rejections.add(entity.missingKey(transaction));
        continue;
      }
      entityIds.put(entity.entityKey(), id);
      EntityState state = load(entity, id);
      EntityUpdate update = state.onTransaction(transaction);
      save(entity, id, state);
      if (update.isAccepted()) {
        parts.add(update.partial());
      } else {
        rejections.add(update.rejection());
      }
    }
    if (rejections.isEmpty()) {
      sink.vector(
          new TransactionFeatures(
              transaction.transactionId(),
              transaction.eventTimeMillis(),
              entityIds,
              plan.specVersion(),
              plan.assembler().assemble(parts)));
    } else {
      rejections.forEach(sink::rejection);
    }
    if (plan.labelJoin().isNeeded()) {
      LabelJoinState join = loadJoin(transaction.transactionId());
      LabelJoinResult result = join.onTransaction(transaction);
      saveJoin(transaction.transactionId(), join);
      handle(result, sink);
    }
  }

  private void acceptLabel(LabelEvent label, Sink sink) {
    if (!plan.labelJoin().isNeeded()) {
      return; // the spec has no target features: labels are not an input of this plan
    }
    LabelJoinState join = loadJoin(label.transactionId());
    LabelJoinResult result = join.onLabel(label);
    saveJoin(label.transactionId(), join);
    handle(result, sink);
  }

  private void handle(LabelJoinResult result, Sink sink) {
    result.rejectionIfAny().ifPresent(sink::rejection);
    if (result.outcome() == null) {
      return;
    }
    LabelOutcome outcome = result.outcome();
    for (String key : plan.targetEntityKeys()) {
      String id = outcome.entityIds().get(key);
      if (id == null) {
        continue; // the transaction had no such entity and was rejected for it already
      }
      EntityFeatures entity = plan.entity(key);
      EntityState state = load(entity, id);
      state.onOutcome(outcome).ifPresent(sink::rejection);
      save(entity, id, state);
    }
  }

  /**
   * Deletes every state expired at {@code eventTimeMillis} (the engines' TTL timers), emitting the
   * rejections of labels that waited for a transaction in vain.
   */
  public void collectGarbage(long eventTimeMillis, Sink sink) {
    for (EntityFeatures entity : plan.entities()) {
      if (storage == Storage.OBJECTS) {
        objects.get(entity.entityKey()).values().removeIf(s -> s.isExpiredAt(eventTimeMillis));
      } else {
        bytes
            .get(entity.entityKey())
            .values()
            .removeIf(b -> entity.decode(b).isExpiredAt(eventTimeMillis));
      }
    }
    Iterator<Map.Entry<String, LabelJoinState>> joins = joinObjects.entrySet().iterator();
    while (joins.hasNext()) {
      LabelJoinState join = joins.next().getValue();
      if (eventTimeMillis > join.expiresAt()) {
        join.onExpiry().ifPresent(sink::rejection);
        joins.remove();
      }
    }
    Iterator<Map.Entry<String, byte[]>> joinRecords = joinBytes.entrySet().iterator();
    while (joinRecords.hasNext()) {
      LabelJoinState join = plan.labelJoin().decode(joinRecords.next().getValue());
      if (eventTimeMillis > join.expiresAt()) {
        join.onExpiry().ifPresent(sink::rejection);
        joinRecords.remove();
      }
    }
  }

  /** Number of entity states held, over all entity keys. */
  public int entityStateCount() {
    int count = 0;
    for (EntityFeatures entity : plan.entities()) {
      count += objects.get(entity.entityKey()).size() + bytes.get(entity.entityKey()).size();
    }
    return count;
  }

  /** Number of label join states held. */
  public int joinStateCount() {
    return joinObjects.size() + joinBytes.size();
  }

  /** The entity states of {@code entityKey}, encoded: for footprint measurements. */
  public Map<String, byte[]> encodedStates(String entityKey) {
    if (storage == Storage.BYTES) {
      return Map.copyOf(bytes.get(entityKey));
    }
    Map<String, byte[]> encoded = new HashMap<>();
    objects.get(entityKey).forEach((id, state) -> encoded.put(id, state.toBytes()));
    return encoded;
  }

  private EntityState load(EntityFeatures entity, String id) {
    if (storage == Storage.OBJECTS) {
      return objects.get(entity.entityKey()).computeIfAbsent(id, ignored -> entity.newState());
    }
    byte[] stored = bytes.get(entity.entityKey()).get(id);
    return stored == null ? entity.newState() : entity.decode(stored);
  }

  private void save(EntityFeatures entity, String id, EntityState state) {
    if (storage == Storage.BYTES) {
      bytes.get(entity.entityKey()).put(id, state.toBytes());
    }
  }

  private LabelJoinState loadJoin(String transactionId) {
    if (storage == Storage.OBJECTS) {
      return joinObjects.computeIfAbsent(transactionId, ignored -> plan.labelJoin().newState());
    }
    byte[] stored = joinBytes.get(transactionId);
    return stored == null ? plan.labelJoin().newState() : plan.labelJoin().decode(stored);
  }

  private void saveJoin(String transactionId, LabelJoinState join) {
    if (storage == Storage.BYTES) {
      joinBytes.put(transactionId, join.toBytes());
    }
  }
}
