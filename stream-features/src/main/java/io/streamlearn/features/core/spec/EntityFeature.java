package io.streamlearn.features.core.spec;

/**
 * A feature computed from the state of one entity of the transaction (its customer, its terminal).
 */
public sealed interface EntityFeature extends FeatureDefinition
    permits WindowAggregate, TargetAggregate, TimeSinceLast, RelativeToMean {

  /** The entity key field whose state computes this feature, e.g. {@code customerId}. */
  String entity();
}
