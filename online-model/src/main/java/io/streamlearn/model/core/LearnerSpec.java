package io.streamlearn.model.core;

import java.util.Objects;

/**
 * A learner kind with validated settings: what a pipeline file's {@code model} section resolves to.
 * {@link #create()} builds a fresh, untrained learner, as often as needed (one per partition, one
 * per restart from scratch).
 *
 * @param <S> the kind's settings record
 */
public record LearnerSpec<S>(LearnerKind<S> kind, S settings) {

  public LearnerSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(settings, "settings");
  }

  /** A fresh, untrained learner. */
  public OnlineClassifier create() {
    return kind.create(settings);
  }
}
