package io.streamlearn.features.kstreams;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedTransaction;

/** What a processor of the feature topology forwards; the topology routes each kind to its sink. */
sealed interface StageOutput {

  /** A transaction or outcome for entity stage {@code stage}, keyed by its entity. */
  record ToEntity(int stage, StageMessage message) implements StageOutput {
    boolean isTransactionFor(int entityStage) {
      return stage == entityStage && message instanceof StagedTransaction;
    }

    boolean isOutcomeFor(int entityStage) {
      return stage == entityStage && message instanceof RoutedOutcome;
    }
  }

  /** A record for {@code late-events} or a {@code .dlq} topic. */
  record ToDeadLetter(DeadLetterRecord letter) implements StageOutput {}

  /** A feature vector for {@code features}, keyed by transaction id. */
  record ToFeatures(FeatureVector vector) implements StageOutput {}
}
