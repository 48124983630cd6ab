package io.streamlearn.ingest;

/**
 * A condition that stops an ingest run at once (a missing file, an unreachable broker or registry,
 * a wrong schema); the message is one sentence for the user, without a stack trace.
 */
public final class IngestException extends RuntimeException {

  public IngestException(String message) {
    super(message);
  }

  public IngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
