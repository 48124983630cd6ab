package io.streamlearn.embedded;

/** A part of the embedded stack could not start; the message says which, where, and why. */
public final class EmbeddedStartException extends RuntimeException {

  public EmbeddedStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
