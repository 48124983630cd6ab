package io.streamlearn.platform.registry;

/**
 * The subject has no compatibility level of its own (it follows the global one) (HTTP 404, error
 * code 40408).
 */
public final class SubjectCompatibilityNotConfiguredException extends SchemaRegistryException {

  /** Confluent's error code for this failure. */
  public static final int ERROR_CODE = 40408;

  /** An error as the registry reports it. */
  public SubjectCompatibilityNotConfiguredException(String registryMessage) {
    super(404, ERROR_CODE, registryMessage);
  }

  /** An error reported by a registry, with the caller's context in {@code message}. */
  public SubjectCompatibilityNotConfiguredException(String registryMessage, String message) {
    super(404, ERROR_CODE, registryMessage, message, null);
  }
}
