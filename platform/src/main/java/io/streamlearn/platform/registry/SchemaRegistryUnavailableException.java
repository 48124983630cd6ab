package io.streamlearn.platform.registry;

/**
 * The registry could not be reached, timed out, or failed on its side (HTTP 5xx). Unlike the other
 * registry errors this one says nothing about the data: retrying later may succeed.
 */
public final class SchemaRegistryUnavailableException extends SchemaRegistryException {

  /** No answer at all: connection refused, timeout, TLS failure. */
  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(0, 0, message, message, cause);
  }

  /** An answer with a server-side failure (HTTP 5xx), e.g. Confluent's 50001 store error. */
  public SchemaRegistryUnavailableException(
      int httpStatus, int errorCode, String registryMessage, String message, Throwable cause) {
    super(httpStatus, errorCode, registryMessage, message, cause);
  }
}
