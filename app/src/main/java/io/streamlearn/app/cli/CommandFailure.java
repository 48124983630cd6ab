package io.streamlearn.app.cli;

/**
 * A condition that stops a command, with a message that is one sentence for the user (no stack
 * trace): an unreachable broker, a missing topic, a file that cannot be read.
 */
public final class CommandFailure extends RuntimeException {

  public CommandFailure(String message) {
    super(message);
  }

  public CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
