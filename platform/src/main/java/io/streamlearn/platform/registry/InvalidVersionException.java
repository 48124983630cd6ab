package io.streamlearn.platform.registry;

/** The version is neither a positive integer nor {@code latest} (HTTP 422, error code 42202). */
public final class InvalidVersionException extends SchemaRegistryException {

  /** Confluent's error code for this failure. */
  public static final int ERROR_CODE = 42202;

  /** An error as the registry reports it. */
  public InvalidVersionException(String registryMessage) {
    super(422, ERROR_CODE, registryMessage);
  }

  /** An error reported by a registry, with the caller's context in {@code message}. */
  public InvalidVersionException(String registryMessage, String message) {
    super(422, ERROR_CODE, registryMessage, message, null);
  }
}
