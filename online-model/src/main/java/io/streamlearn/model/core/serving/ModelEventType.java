package io.streamlearn.model.core.serving;

/** What happened to a model; the {@code type} of a {@code ModelEvent} (same symbols). */
public enum ModelEventType {
  /** The warning detector fired: the error rate may be rising. */
  WARNING,
  /** A background model started learning, after a warning. */
  BACKGROUND_STARTED,
  /** A drift was detected and, as configured, the model was left as it is. */
  DRIFT_DETECTED,
  /** A drift was detected and the model was replaced by a fresh one. */
  DRIFT_RESET,
  /** A drift was detected and the background model replaced the model. */
  BACKGROUND_PROMOTED;

  /**
   * The {@code response} tag of {@code streamlearn_drift_responses_total} for a drift response, or
   * null for an event that is not one.
   */
  public String responseTag() {
    return switch (this) {
      case DRIFT_DETECTED -> "none";
      case DRIFT_RESET -> "reset";
      case BACKGROUND_PROMOTED -> "promote-background";
      default -> null;
    };
  }
}
