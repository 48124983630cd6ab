package io.streamlearn.platform.registry;

/**
 * A Schema Registry request failed. Each subclass stands for one of Confluent's error codes, so
 * that callers can tell "the subject does not exist" from "the registry is down" without parsing
 * messages; the embedded registry answers with the same classes, status codes and error codes.
 *
 * <p>{@link #getMessage()} is one sentence a user can act on. {@link #registryMessage()} is the
 * message exactly as the registry wrote it in its error body.
 */
public class SchemaRegistryException extends RuntimeException {

  private final int httpStatus;
  private final int errorCode;
  private final String registryMessage;

  /**
   * @param httpStatus the HTTP status of the answer, or 0 when there was no answer
   * @param errorCode Confluent's {@code error_code}, e.g. 40401; equal to the status when the
   *     answer carried no error code
   * @param registryMessage the message of the error body (what the embedded registry sends)
   * @param message the message of this exception
   * @param cause the underlying failure, or null
   */
  public SchemaRegistryException(
      int httpStatus, int errorCode, String registryMessage, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
  }

  /** An error whose message is the registry's own message. */
  public SchemaRegistryException(int httpStatus, int errorCode, String registryMessage) {
    this(httpStatus, errorCode, registryMessage, registryMessage, null);
  }

  /** The HTTP status, or 0 when the registry did not answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent's {@code error_code}, e.g. 40401 for "subject not found". */
  public int errorCode() {
    return errorCode;
  }

  /** The message as the registry wrote it in its error body. */
  public String registryMessage() {
    return registryMessage;
  }

  /**
   * The typed exception for a Confluent error body.
   *
   * @param httpStatus the HTTP status of the answer
   * @param errorCode the {@code error_code} of the body (the status when the body had none)
   * @param registryMessage the {@code message} of the body
   * @param message the message for the exception, with the caller's context
   */
  public static SchemaRegistryException fromErrorBody(
      int httpStatus, int errorCode, String registryMessage, String message) {
    return switch (errorCode) {
      case SubjectNotFoundException.ERROR_CODE ->
          new SubjectNotFoundException(registryMessage, message);
      case VersionNotFoundException.ERROR_CODE ->
          new VersionNotFoundException(registryMessage, message);
      case SchemaNotFoundException.ERROR_CODE ->
          new SchemaNotFoundException(registryMessage, message);
      case SubjectCompatibilityNotConfiguredException.ERROR_CODE ->
          new SubjectCompatibilityNotConfiguredException(registryMessage, message);
      case IncompatibleSchemaException.ERROR_CODE, IncompatibleSchemaException.NEW_ERROR_CODE ->
          new IncompatibleSchemaException(errorCode, registryMessage, message);
      case InvalidSchemaException.ERROR_CODE ->
          new InvalidSchemaException(registryMessage, message);
      case InvalidVersionException.ERROR_CODE ->
          new InvalidVersionException(registryMessage, message);
      case InvalidCompatibilityLevelException.ERROR_CODE ->
          new InvalidCompatibilityLevelException(registryMessage, message);
      default ->
          httpStatus >= 500
              ? new SchemaRegistryUnavailableException(
                  httpStatus, errorCode, registryMessage, message, null)
              : new SchemaRegistryException(httpStatus, errorCode, registryMessage, message, null);
    };
  }
}
