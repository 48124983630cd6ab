package io.streamlearn.model.core.serving;

import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a model, published on {@code model-events}.
 *
 * @param modelName the model
 * @param type what happened
 * @param eventTimeMillis event time of the example at which it happened
 * @param version the latest snapshot version published before it; a change of the model is served
 *     from the next version
 * @param examplesSeen examples the trainer had learned before that example
 * @param alertId the alert that caused it (the drift alert, or the warning detector's alert); null
 *     if none
 */
public record TrainerEvent(
    String modelName,
    ModelEventType type,
    long eventTimeMillis,
    long version,
    long examplesSeen,
    String alertId) {

  public TrainerEvent {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(type, "type");
  }

  /** The id of the alert that caused the event, if any. */
  public Optional<String> cause() {
    return Optional.ofNullable(alertId);
  }
}
