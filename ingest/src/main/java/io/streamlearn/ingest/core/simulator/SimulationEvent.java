package io.streamlearn.ingest.core.simulator;

/** One element of the simulated stream: a transaction or a label, ordered by event time. */
public sealed interface SimulationEvent permits SimulatedTransaction, SimulatedLabel {

  /** The event time at which this event belongs in the stream, epoch milliseconds. */
  long eventTimeMillis();
}
