package io.streamlearn.ingest.core.simulator;

import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The card-transaction simulator of Le Borgne et al., <i>Reproducible Machine Learning for Credit
 * Card Fraud Detection — Practical Handbook</i>, chapter 3 "Simulated dataset", as a stream: days
 * are generated in order, transactions and their delayed labels come out merged in event-time
 * order, and only one day of transactions plus the pending labels are held in memory.
 *
 * <p>The world (customers, terminals) is built once; every {@link #run()} replays the same stream
 * from day 0. Differences from the handbook's batch code are documented in docs/INGEST.md.
 *
 * <pre>{@code
 * TransactionSimulator simulator = new TransactionSimulator(SimulatorOptions.DEFAULTS);
 * SimulationRun run = simulator.run();
 * while (run.hasNext()) {
 *   SimulationEvent event = run.next();
 *   ...
 * }
 * run.statistics().fraudRate();
 * }</pre>
 */
public final class TransactionSimulator {

  /** Days a card stolen by the {@link DriftKind#NEW_FRAUD_PATTERN} pattern stays in use. */
  public static final int STOLEN_CARD_DAYS = 7;

  /** Number of terminals that appear with the {@link DriftKind#NEW_FRAUD_PATTERN} pattern. */
  public static final int NEW_PATTERN_TERMINALS = 100;

  private final SimulatorOptions options;
  private final SimulatedWorld world;
  private final GroundTruth groundTruth;

  /** Builds the world of {@code options}. */
  public TransactionSimulator(SimulatorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.world = SimulatedWorld.build(options);
    this.groundTruth = GroundTruth.of(options);
  }

  /** The options this simulator was built with. */
  public SimulatorOptions options() {
    return options;
  }

  /** The customers and terminals. */
  public SimulatedWorld world() {
    return world;
  }

  /** The drift change points of this simulation. */
  public GroundTruth groundTruth() {
    return groundTruth;
  }

  /**
   * The expected number of transactions of a run, from the customers' means and the drift schedule
   * (about 0.5% off the actual count): for progress bars and capacity planning.
   */
  public double expectedTransactions() {
    double perDay = 0;
    for (CustomerProfile customer : world.customers()) {
      if (world.terminalsOfShared(customer.id()).length > 0) {
        perDay += customer.meanTransactionsPerDay();
      }
    }
    double total = 0;
    for (SimulationRun.DaySettings day : SimulationRun.DaySettings.schedule(options)) {
      total += perDay * day.frequencyFactor() * SimulationRun.VALID_TIME_SHARE;
      total +=
          day.stolenCardsPerDay()
              * day.fraudRateFactor()
              * STOLEN_CARD_DAYS
              * SimulationRun.STOLEN_CARD_USES_PER_DAY;
    }
    return total;
  }

  /** A new run over the whole stream, from day 0. */
  public SimulationRun run() {
    return new SimulationRun(options, world);
  }

  /** The whole stream as a sequential, ordered, lazily generated {@link Stream}. */
  public Stream<SimulationEvent> events() {
    Iterator<SimulationEvent> iterator = run();
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            iterator, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
        false);
  }
}
