package io.streamlearn.platform.registry;

/** The compatibility level is not one the registry knows (HTTP 422, error code 42203). */
public final class InvalidCompatibilityLevelException extends SchemaRegistryException {

  /** Confluent's error code for this failure. */
  public static final int ERROR_CODE = 42203;

  /** An error as the registry reports it. */
  public InvalidCompatibilityLevelException(String registryMessage) {
    super(422, ERROR_CODE, registryMessage);
  }

  /** An error reported by a registry, with the caller's context in {@code message}. */
  public InvalidCompatibilityLevelException(String registryMessage, String message) {
    super(422, ERROR_CODE, registryMessage, message, null);
  }
}
