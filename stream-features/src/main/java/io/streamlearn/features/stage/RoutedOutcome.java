package io.streamlearn.features.stage;

import io.streamlearn.features.core.LabelOutcome;
import java.util.Objects;

/**
 * A label outcome on its way to one target entity: the entity stage {@code stage} (an index into
 * the spec's entity keys), entity {@code entityId}. Carries the label's original record, for {@code
 * late-events} when the entity rejects it as late.
 */
public record RoutedOutcome(
    LabelOutcome outcome, int stage, String entityId, OriginalRecord labelRecord)
    implements StageMessage {

  public RoutedOutcome {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(labelRecord, "labelRecord");
    if (stage < 0) {
      throw new IllegalArgumentException("stage must not be negative: " + stage);
    }
  }

  @Override
  public String transactionId() {
    return outcome.transactionId();
  }

  @Override
  public long time() {
    return outcome.labelTimeMillis();
  }
}
