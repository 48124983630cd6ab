package io.streamlearn.ingest.core.simulator;

import io.streamlearn.ingest.core.LabelEvent;
import java.util.Objects;

/**
 * The label of a simulated transaction, emitted at its label time.
 *
 * @param label the label as it goes on the {@code labels} topic (with the transaction time)
 * @param scenario the fraud scenario of the labelled transaction
 */
public record SimulatedLabel(LabelEvent label, FraudScenario scenario) implements SimulationEvent {

  public SimulatedLabel {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(scenario, "scenario");
  }

  @Override
  public long eventTimeMillis() {
    return label.labelTimeMillis();
  }
}
