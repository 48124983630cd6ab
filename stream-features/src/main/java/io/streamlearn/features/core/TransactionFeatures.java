package io.streamlearn.features.core;

import java.util.Map;
import java.util.Objects;

/**
 * The features of one transaction: the core form of the {@code FeatureVector} record (the adapters
 * add the ingest time).
 *
 * @param transactionId the transaction
 * @param eventTimeMillis its event time
 * @param entityIds entity key field to id, for every entity key of the spec
 * @param specVersion {@code name:version} of the spec
 * @param features the values, in the spec's order
 */
public record TransactionFeatures(
    String transactionId,
    long eventTimeMillis,
    Map<String, String> entityIds,
    String specVersion,
    FeatureValues features) {

  public TransactionFeatures {
    Objects.requireNonNull(transactionId, "transactionId");
    entityIds = Map.copyOf(entityIds);
    Objects.requireNonNull(specVersion, "specVersion");
    Objects.requireNonNull(features, "features");
  }
}
