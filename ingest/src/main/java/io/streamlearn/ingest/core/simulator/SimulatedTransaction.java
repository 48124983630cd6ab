package io.streamlearn.ingest.core.simulator;

import io.streamlearn.ingest.core.TransactionEvent;
import java.util.Objects;

/**
 * A simulated transaction with its ground truth, which a consumer of the stream only learns from
 * the later {@link SimulatedLabel}.
 *
 * @param transaction the transaction as it goes on the {@code transactions} topic
 * @param scenario why it is fraudulent, or {@link FraudScenario#LEGITIMATE}
 * @param day the simulated day (0 is the start date)
 */
public record SimulatedTransaction(TransactionEvent transaction, FraudScenario scenario, int day)
    implements SimulationEvent {

  public SimulatedTransaction {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(scenario, "scenario");
  }

  /** True when the transaction is fraudulent. */
  public boolean fraud() {
    return scenario.isFraud();
  }

  @Override
  public long eventTimeMillis() {
    return transaction.eventTimeMillis();
  }
}
