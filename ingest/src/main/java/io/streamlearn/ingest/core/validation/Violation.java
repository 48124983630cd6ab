package io.streamlearn.ingest.core.validation;

import java.util.Objects;

/**
 * The reason a record is rejected.
 *
 * @param code the stable code, for dead-letter headers and metrics
 * @param message one sentence naming the field and the value, e.g. {@code amount is -3.5, but
 *     amounts must be finite and >= 0}
 */
public record Violation(ViolationCode code, String message) {

  public Violation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** The message. */
  @Override
  public String toString() {
    return message;
  }
}
