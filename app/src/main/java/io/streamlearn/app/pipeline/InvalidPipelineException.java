package io.streamlearn.app.pipeline;

/**
 * A pipeline file that cannot be used: missing, not YAML, or with settings that are unknown or
 * invalid. The message is one sentence naming the file, each key path and what is wrong with it.
 */
public final class InvalidPipelineException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidPipelineException(String message) {
    super(message);
  }

  public InvalidPipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
