package io.streamlearn.platform.registry;

/**
 * The schema breaks the subject's compatibility rule (HTTP 409). Confluent Platform 7 answers with
 * error code 409, newer releases with 40901; both map here.
 */
public final class IncompatibleSchemaException extends SchemaRegistryException {

  /** The error code the embedded registry and Confluent Platform 7 send. */
  public static final int ERROR_CODE = 409;

  /** The error code newer Confluent releases send. */
  public static final int NEW_ERROR_CODE = 40901;

  /** An error as the registry reports it. */
  public IncompatibleSchemaException(String registryMessage) {
    super(409, ERROR_CODE, registryMessage);
  }

  /** An error reported by a registry, with the caller's context in {@code message}. */
  public IncompatibleSchemaException(int errorCode, String registryMessage, String message) {
    super(409, errorCode, registryMessage, message, null);
  }
}
