package io.streamlearn.features.avro;

import io.streamlearn.features.core.FeatureValues;
import io.streamlearn.features.core.TransactionFeatures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps the core's {@link TransactionFeatures} to the {@code FeatureVector} contract. */
public final class FeatureVectorMapping {

  private FeatureVectorMapping() {}

  /**
   * The record written to {@code features}.
   *
   * @param ingestTimeMillis when the transaction entered Kafka (its record timestamp)
   */
  public static FeatureVector toAvro(TransactionFeatures features, long ingestTimeMillis) {
    FeatureValues values = features.features();
    Map<String, Double> named = new LinkedHashMap<>(values.size() * 2);
    for (int i = 0; i < values.size(); i++) {
      named.put(values.names().get(i), values.value(i));
    }
    return new FeatureVector(
        features.transactionId(),
        Instant.ofEpochMilli(features.eventTimeMillis()),
        new LinkedHashMap<>(features.entityIds()),
        named,
        features.specVersion(),
        Instant.ofEpochMilli(ingestTimeMillis));
  }
}
