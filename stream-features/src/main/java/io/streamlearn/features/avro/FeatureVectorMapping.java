package io.streamlearn.features.avro;

import io.streamlearn.features.core.TransactionFeatures;
import java.time.Instant;

/** Maps the core's {@link TransactionFeatures} to the {@code FeatureVector} contract. */
public final class FeatureVectorMapping {

  private FeatureVectorMapping() {}

  /**
   * The record written to {@code features}. Its maps are unmodifiable views (the entity ids as the
   * features have them, the values as a {@link FeatureValuesMap}): written, not edited.
   *
   * @param ingestTimeMillis when the transaction entered Kafka (its record timestamp)
   */
  public static FeatureVector toAvro(TransactionFeatures features, long ingestTimeMillis) {
    return new FeatureVector(
        features.transactionId(),
        Instant.ofEpochMilli(features.eventTimeMillis()),
        features.entityIds(),
        new FeatureValuesMap(features.features()),
        features.specVersion(),
        Instant.ofEpochMilli(ingestTimeMillis));
  }
}
