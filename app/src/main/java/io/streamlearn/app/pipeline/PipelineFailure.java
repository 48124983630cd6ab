package io.streamlearn.app.pipeline;

/**
 * A pipeline that could not start or that stopped: a stage failed, the cluster is unreachable, a
 * topic cannot be created. The message is one sentence for the user; the cause keeps the details.
 */
public final class PipelineFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The stage that failed, or null when the failure is not one stage's. */
  private final transient Stage stage;

  public PipelineFailure(Stage stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = stage;
  }

  public PipelineFailure(String message, Throwable cause) {
    this(null, message, cause);
  }

  public PipelineFailure(String message) {
    this(null, message, null);
  }

  /** The stage that failed, or null when the failure is not one stage's. */
  public Stage stage() {
    return stage;
  }

  /** The message of the innermost cause of {@code failure}, or its class name. */
  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }
}
