package io.streamlearn.features.core;

import java.util.Optional;

/**
 * What one input to a {@link LabelJoinState} produced: an outcome to route to the target entities,
 * a rejection to route to {@code late-events}, or nothing (the input was stored to wait for its
 * counterpart).
 */
public record LabelJoinResult(LabelOutcome outcome, Rejection rejection) {

  public LabelJoinResult {
    if (outcome != null && rejection != null) {
      throw new IllegalArgumentException("a join result is an outcome or a rejection, not both");
    }
  }

  static final LabelJoinResult NOTHING = new LabelJoinResult(null, null);

  public Optional<LabelOutcome> outcomeIfAny() {
    return Optional.ofNullable(outcome);
  }

  public Optional<Rejection> rejectionIfAny() {
    return Optional.ofNullable(rejection);
  }
}
