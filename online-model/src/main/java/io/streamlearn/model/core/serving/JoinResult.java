package io.streamlearn.model.core.serving;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of one input to a {@link LabelJoinState}.
 *
 * @param outcome what happened
 * @param example the joined example when {@code outcome} is {@link JoinOutcome#JOINED}, else null
 */
public record JoinResult(JoinOutcome outcome, JoinedExample example) {

  public JoinResult {
    Objects.requireNonNull(outcome, "outcome");
    if ((outcome == JoinOutcome.JOINED) != (example != null)) {
      throw new IllegalArgumentException("an example comes with, and only with, JOINED");
    }
  }

  static JoinResult of(JoinOutcome outcome) {
    return new JoinResult(outcome, null);
  }

  static JoinResult joined(JoinedExample example) {
    return new JoinResult(JoinOutcome.JOINED, example);
  }

  /** The joined example, if any. */
  public Optional<JoinedExample> joined() {
    return Optional.ofNullable(example);
  }
}
