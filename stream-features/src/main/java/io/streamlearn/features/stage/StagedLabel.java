package io.streamlearn.features.stage;

import io.streamlearn.ingest.core.LabelEvent;
import java.util.Objects;

/**
 * A valid label on its way to the label join, with its original record (for the dead letter of a
 * label the join rejects).
 */
public record StagedLabel(LabelEvent label, OriginalRecord original) implements StageMessage {

  public StagedLabel {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(original, "original");
  }

  @Override
  public String transactionId() {
    return label.transactionId();
  }

  @Override
  public long time() {
    return label.labelTimeMillis();
  }
}
