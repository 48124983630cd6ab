package io.streamlearn.features.core;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  // the plan, indexed: entity number e is plan.entities().get(e), assembler part e + 1
  private final EntityFeatures[] entities;
  private final List<Map<String, EntityState>> objectsByEntity = new ArrayList<>();
  private final List<Map<String, byte[]>> bytesByEntity = new ArrayList<>();
  private final String[] targetKeys;
  private final int[] targetEntities;
  private final VectorBuilder vectors;

  public LocalFeaturePipeline(FeaturePlan plan, Storage storage) {
    this.plan = plan;
    this.vectors = new VectorBuilder(plan);
    this.storage = storage;
    this.entities = plan.entities().toArray(new EntityFeatures[0]);
    for (EntityFeatures entity : entities) {
      objects.put(entity.entityKey(), new HashMap<>());
      bytes.put(entity.entityKey(), new HashMap<>());
      objectsByEntity.add(objects.get(entity.entityKey()));
      bytesByEntity.add(bytes.get(entity.entityKey()));
    }
    this.targetKeys = plan.targetEntityKeys().toArray(new String[0]);
    this.targetEntities = new int[targetKeys.length];
    for (int t = 0; t < targetKeys.length; t++) {
      targetEntities[t] = plan.entities().indexOf(plan.entity(targetKeys[t]));
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
    // what assembler().assemble would produce from the parts, written into the vector directly
    double[] vector = vectors.begin(transaction);
    String[] ids = new String[entities.length];
    List<Rejection> rejections = null;
    for (int e = 0; e < entities.length; e++) {
      EntityFeatures entity = entities[e];
      String id = entity.keyOf(transaction);
      Rejection rejection;
      if (id == null) {
        rejection = entity.missingKey(transaction);
      } else {
        ids[e] = id;
        EntityState state = load(e, id);
        rejection = vectors.apply(e, state, transaction, vector);
        save(e, id, state);
      }
      if (rejection != null) {
        if (rejections == null) {
          rejections = new ArrayList<>(entities.length);
        }
        rejections.add(rejection);
      }
    }
    if (rejections == null) {
      sink.vector(
          new TransactionFeatures(
              transaction.transactionId(),
              transaction.eventTimeMillis(),
              entityIdMap(ids),
              plan.specVersion(),
              vectors.finish(vector)));
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

  /** Entity key to id, all ids present. */
  private Map<String, String> entityIdMap(String[] ids) {
    if (ids.length == 2) {
      return Map.of(entities[0].entityKey(), ids[0], entities[1].entityKey(), ids[1]);
    }
    Map<String, String> map = new HashMap<>();
    for (int e = 0; e < ids.length; e++) {
      map.put(entities[e].entityKey(), ids[e]);
    }
    return map;
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
    if (result.rejection() != null) {
      sink.rejection(result.rejection());
    }
    LabelOutcome outcome = result.outcome();
    if (outcome == null) {
      return;
    }
    for (int t = 0; t < targetKeys.length; t++) {
      String id = outcome.entityIds().get(targetKeys[t]);
      if (id == null) {
        continue; // the transaction had no such entity and was rejected for it already
      }
      EntityState state = load(targetEntities[t], id);
      Optional<Rejection> rejection = state.onOutcome(outcome);
      save(targetEntities[t], id, state);
      if (rejection.isPresent()) {
        sink.rejection(rejection.get());
      }
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

  private EntityState load(int entity, String id) {
    if (storage == Storage.OBJECTS) {
      Map<String, EntityState> states = objectsByEntity.get(entity);
      EntityState state = states.get(id);
      if (state == null) {
        state = entities[entity].newState();
        states.put(id, state);
      }
      return state;
    }
    byte[] stored = bytesByEntity.get(entity).get(id);
    return stored == null ? entities[entity].newState() : entities[entity].decode(stored);
  }

  private void save(int entity, String id, EntityState state) {
    if (storage == Storage.BYTES) {
      bytesByEntity.get(entity).put(id, state.toBytes());
    }
  }

  private LabelJoinState loadJoin(String transactionId) {
    if (storage == Storage.OBJECTS) {
      LabelJoinState join = joinObjects.get(transactionId);
      if (join == null) {
        join = plan.labelJoin().newState();
        joinObjects.put(transactionId, join);
      }
      return join;
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
