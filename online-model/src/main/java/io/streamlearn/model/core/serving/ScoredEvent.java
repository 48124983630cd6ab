package io.streamlearn.model.core.serving;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An event as it was scored: what the label join keeps until the label arrives, so that the model
 * learns from exactly the features it was scored on (features are never recomputed at label time).
 *
 * @param transactionId the event's id, the key of the label join
 * @param eventTimeMillis the event time
 * @param entityIds the entity ids of the event (e.g. {@code customerId}), in key order
 * @param features the features as scored, imputed values included
 * @param score the score served
 * @param modelVersion the snapshot version that served it (0: the untrained model)
 */
public record ScoredEvent(
    String transactionId,
    long eventTimeMillis,
    SortedMap<String, String> entityIds,
    ExampleFeatures features,
    double score,
    long modelVersion) {

  public ScoredEvent {
    if (transactionId == null || transactionId.isEmpty()) {
      throw new IllegalArgumentException("a scored event needs a transaction id");
    }
    Objects.requireNonNull(features, "features");
    TreeMap<String, String> ids = new TreeMap<>();
    Objects.requireNonNull(entityIds, "entityIds")
        .forEach(
            (k, v) -> {
              if (k == null || v == null) {
                throw new IllegalArgumentException("entity ids hold a null key or value");
              }
              ids.put(k, v);
            });
    entityIds = Collections.unmodifiableSortedMap(ids);
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("the score must be in [0, 1], got " + score);
    }
  }

  /** A scored event from entity ids in any map. */
  public static ScoredEvent of(
      String transactionId,
      long eventTimeMillis,
      Map<String, String> entityIds,
      ExampleFeatures features,
      double score,
      long modelVersion) {
    return new ScoredEvent(
        transactionId, eventTimeMillis, new TreeMap<>(entityIds), features, score, modelVersion);
  }
}
