package io.streamlearn.model.core;

import java.io.IOException;

/**
 * Learner bytes that cannot be read: not a learner, an unknown kind, an unsupported layout version,
 * truncated or corrupt. The message says which, for the operator who restores a model.
 */
public final class LearnerFormatException extends IOException {

  public LearnerFormatException(String message) {
    super(message);
  }

  public LearnerFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
