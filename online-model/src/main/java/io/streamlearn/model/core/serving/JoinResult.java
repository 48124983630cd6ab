package io.streamlearn.model.core.serving;

import java.util.Objects;

/**
 * The result of one input to a {@link LabelJoinState}: what happened and, when a label met its
 * features, the joined example as bytes ({@link ExampleCodec}'s layout), which the engines pass on
 * to the trainer as they are.
 */
public final class JoinResult {

  private final JoinOutcome outcome;
  private final byte[] example;

  private JoinResult(JoinOutcome outcome, byte[] example) {
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    if ((outcome == JoinOutcome.JOINED) != (example != null)) {
      throw new IllegalArgumentException("an example comes with, and only with, JOINED");
    }
    this.example = example;
  }

  static JoinResult of(JoinOutcome outcome) {
    return new JoinResult(outcome, null);
  }

  static JoinResult joined(byte[] example) {
    return new JoinResult(JoinOutcome.JOINED, example);
  }

  /** What happened. */
  public JoinOutcome outcome() {
    return outcome;
  }

  /**
   * The joined example's bytes ({@link ExampleCodec#decodeJoined} reads them) when {@link
   * #outcome()} is {@link JoinOutcome#JOINED}, else null.
   */
  public byte[] exampleBytes() {
    return example;
  }

  /**
   * The joined example, decoded, when {@link #outcome()} is {@link JoinOutcome#JOINED}, else null.
   */
  public JoinedExample example() {
    return example == null ? null : ExampleCodec.decodeJoined(example);
  }

  @Override
  public String toString() {
    return "JoinResult["
        + outcome
        + (example == null ? "" : ", " + example.length + " bytes")
        + "]";
  }
}
