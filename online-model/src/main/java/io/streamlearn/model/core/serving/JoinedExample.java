package io.streamlearn.model.core.serving;

import java.util.Objects;

/**
 * A scored event joined to its label: one example for the trainer, and one (score, label) pair for
 * the quality metrics.
 *
 * @param scored the event as it was scored
 * @param label the ground truth (true = positive, e.g. fraud)
 * @param labelTimeMillis when the label became known
 */
public record JoinedExample(ScoredEvent scored, boolean label, long labelTimeMillis) {

  public JoinedExample {
    Objects.requireNonNull(scored, "scored");
  }

  public String transactionId() {
    return scored.transactionId();
  }

  public long eventTimeMillis() {
    return scored.eventTimeMillis();
  }

  public ExampleFeatures features() {
    return scored.features();
  }
}
