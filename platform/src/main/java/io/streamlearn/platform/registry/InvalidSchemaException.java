package io.streamlearn.platform.registry;

/** The schema is not a valid Avro schema (HTTP 422, error code 42201). */
public final class InvalidSchemaException extends SchemaRegistryException {

  /** Confluent's error code for this failure. */
  public static final int ERROR_CODE = 42201;

  /** An error as the registry reports it. */
  public InvalidSchemaException(String registryMessage) {
    super(422, ERROR_CODE, registryMessage);
  }

  /** An error reported by a registry, with the caller's context in {@code message}. */
  public InvalidSchemaException(String registryMessage, String message) {
    super(422, ERROR_CODE, registryMessage, message, null);
  }
}
