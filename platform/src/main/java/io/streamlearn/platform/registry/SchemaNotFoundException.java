package io.streamlearn.platform.registry;

/** No schema has this id, or the subject holds no such schema (HTTP 404, error code 40403). */
public final class SchemaNotFoundException extends SchemaRegistryException {

  /** Confluent's error code for this failure. */
  public static final int ERROR_CODE = 40403;

  /** An error as the registry reports it. */
  public SchemaNotFoundException(String registryMessage) {
    super(404, ERROR_CODE, registryMessage);
  }

  /** An error reported by a registry, with the caller's context in {@code message}. */
  public SchemaNotFoundException(String registryMessage, String message) {
    super(404, ERROR_CODE, registryMessage, message, null);
  }
}
