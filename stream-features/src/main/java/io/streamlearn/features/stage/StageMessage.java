package io.streamlearn.features.stage;

/**
 * What travels between the keyed steps of the feature stage (docs/FEATURES.md, "The engine plan"):
 * a transaction collecting its partial vectors on its way through the entity stages, a label on its
 * way to the label join, or a label outcome on its way to a target entity. Each has a byte form
 * ({@link StageCodec}) for repartition topics and Flink's network and state.
 */
public sealed interface StageMessage permits StagedTransaction, StagedLabel, RoutedOutcome {

  /** The transaction the message is, or is about. */
  String transactionId();

  /**
   * When the message takes effect at an entity: a transaction's event time, an outcome's label
   * time, a label's label time.
   */
  long time();
}
