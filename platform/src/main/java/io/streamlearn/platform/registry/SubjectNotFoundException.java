package io.streamlearn.platform.registry;

/** The subject is not registered (HTTP 404, error code 40401). */
public final class SubjectNotFoundException extends SchemaRegistryException {

  /** Confluent's error code for this failure. */
  public static final int ERROR_CODE = 40401;

  /** An error as the registry reports it. */
  public SubjectNotFoundException(String registryMessage) {
    super(404, ERROR_CODE, registryMessage);
  }

  /** An error reported by a registry, with the caller's context in {@code message}. */
  public SubjectNotFoundException(String registryMessage, String message) {
    super(404, ERROR_CODE, registryMessage, message, null);
  }
}
