package io.streamlearn.platform.registry;

/** The subject has no such version (HTTP 404, error code 40402). */
public final class VersionNotFoundException extends SchemaRegistryException {

  /** Confluent's error code for this failure. */
  public static final int ERROR_CODE = 40402;

  /** An error as the registry reports it. */
  public VersionNotFoundException(String registryMessage) {
    super(404, ERROR_CODE, registryMessage);
  }

  /** An error reported by a registry, with the caller's context in {@code message}. */
  public VersionNotFoundException(String registryMessage, String message) {
    super(404, ERROR_CODE, registryMessage, message, null);
  }
}
