package io.streamlearn.features.core.spec;

import java.util.List;

/**
 * One declared feature of a {@link FeatureSpec}. Either a feature of the event alone ({@link
 * EventFeature}: computed from the transaction, no state) or a feature of one of its entities
 * ({@link EntityFeature}: computed from that entity's state).
 */
public sealed interface FeatureDefinition permits EventFeature, EntityFeature {

  /** The declared name. */
  String name();

  /** The names of the values this definition outputs, in order: usually just {@link #name()}. */
  default List<String> outputNames() {
    return List.of(name());
  }
}
