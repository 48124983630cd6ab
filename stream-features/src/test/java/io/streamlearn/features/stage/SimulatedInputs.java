package io.streamlearn.features.stage;

import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulatedTransaction;
import io.streamlearn.ingest.core.simulator.SimulationEvent;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest simulator's stream (transactions and their labels, in stream order) as test inputs:
 * the workload of the parity tests.
 */
public final class SimulatedInputs {

  private final List<FeatureInput> inputs;

  private SimulatedInputs(List<FeatureInput> inputs) {
    this.inputs = List.copyOf(inputs);
  }

  /**
   * A smaller world than the handbook's, to keep the suite fast: {@code customers} customers, twice
   * as many terminals, {@code days} days from 2018-04-01, labels after 7 days.
   */
  public static SimulatedInputs of(int customers, int days, long seed) {
    SimulatorOptions options =
        SimulatorOptions.DEFAULTS
            .withCustomers(customers)
            .withTerminals(2 * customers)
            .withDays(days)
            .withSeed(seed);
    List<FeatureInput> inputs = new ArrayList<>();
    SimulationRun run = new TransactionSimulator(options).run();
    while (run.hasNext()) {
      SimulationEvent event = run.next();
      if (event instanceof SimulatedTransaction transaction) {
        inputs.add(new FeatureInput.Transaction(transaction.transaction()));
      } else {
        inputs.add(new FeatureInput.Label(((SimulatedLabel) event).label()));
      }
    }
    return new SimulatedInputs(inputs);
  }

  /** The inputs in stream order: event time, a transaction before a label at equal times. */
  public List<FeatureInput> inStreamOrder() {
    return inputs;
  }

  /** The inputs in the core's canonical order: what the reference is given. */
  public List<FeatureInput> inCanonicalOrder() {
    List<FeatureInput> sorted = new ArrayList<>(inputs);
    sorted.sort(FeatureInput.CANONICAL_ORDER);
    return sorted;
  }

  public long transactionCount() {
    return inputs.stream().filter(input -> input instanceof FeatureInput.Transaction).count();
  }
}
