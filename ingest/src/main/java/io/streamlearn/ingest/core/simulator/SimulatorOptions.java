package io.streamlearn.ingest.core.simulator;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that defines a simulated world; immutable and validated at construction. The same
 * options give the same stream, byte for byte.
 *
 * <p>All defaults live in this file: {@link #DEFAULTS} is the handbook's reference run (Le Borgne
 * et al., Reproducible Machine Learning for Credit Card Fraud Detection — Practical Handbook,
 * chapter 3): 5,000 customers, 10,000 terminals, 183 days from 2018-04-01, terminals within radius
 * 5, labels after 7 days.
 *
 * @param seed the root of every random stream
 * @param customers number of customers (cards), ids {@code 0..customers-1}
 * @param terminals number of terminals, ids {@code 0..terminals-1}
 * @param days number of simulated days
 * @param startDate day 0, starting at 00:00 UTC
 * @param terminalRadius a customer uses the terminals within this distance (the world is 100 x 100)
 * @param fraud the handbook's fraud scenarios
 * @param labels when labels become known
 * @param drift step changes of the world, at most one per kind and day
 */
public record SimulatorOptions(
    long seed,
    int customers,
    int terminals,
    int days,
    LocalDate startDate,
    double terminalRadius,
    Fraud fraud,
    Labels labels,
    List<DriftChange> drift) {

  /** The handbook's fraud scenarios with its parameters. */
  public static final Fraud HANDBOOK_FRAUD = new Fraud(220.0, 2, 28, 3, 14, 1.0 / 3.0, 5.0);

  /** Labels after 7 days of event time, no late discoveries. */
  public static final Labels DEFAULT_LABELS =
      new Labels(Duration.ofDays(7), 0.0, Duration.ofDays(21));

  /** The handbook's reference run, no drift, seed 0 (the handbook's customer-table seed). */
  public static final SimulatorOptions DEFAULTS =
      new SimulatorOptions(
          0L,
          5_000,
          10_000,
          183,
          LocalDate.of(2018, 4, 1),
          5.0,
          HANDBOOK_FRAUD,
          DEFAULT_LABELS,
          List.of());

  private static final int MAX_ENTITIES = 10_000_000;
  private static final int MAX_DAYS = 36_600;

  public SimulatorOptions {
    Objects.requireNonNull(startDate, "startDate");
    Objects.requireNonNull(fraud, "fraud");
    Objects.requireNonNull(labels, "labels");
    drift = List.copyOf(Objects.requireNonNull(drift, "drift"));
    List<String> problems = new ArrayList<>();
    requireRange(problems, "customers", customers, 1, MAX_ENTITIES);
    requireRange(problems, "terminals", terminals, 1, MAX_ENTITIES);
    requireRange(problems, "days", days, 1, MAX_DAYS);
    if (startDate.getYear() < 1971 || startDate.getYear() > 2900) {
      problems.add("startDate must be between 1971 and 2900 but was " + startDate);
    }
    if (!(terminalRadius > 0.0) || !Double.isFinite(terminalRadius)) {
      problems.add("terminalRadius must be a positive number but was " + terminalRadius);
    }
    Set<String> seen = new HashSet<>();
    for (DriftChange change : drift) {
      if (change.day() >= days) {
        problems.add(
            "drift change "
                + change
                + " is on day "
                + change.day()
                + " but only "
                + days
                + " days are simulated (days 0.."
                + (days - 1)
                + ")");
      }
      if (!seen.add(change.day() + ":" + change.kind())) {
        problems.add(
            "drift has two " + change.kind().cliName() + " changes on day " + change.day());
      }
    }
    fail(problems);
  }

  /** The handbook's reference run: the same as {@link #DEFAULTS}. */
  public static SimulatorOptions defaults() {
    return DEFAULTS;
  }

  public SimulatorOptions withSeed(long newSeed) {
    return new SimulatorOptions(
        newSeed, customers, terminals, days, startDate, terminalRadius, fraud, labels, drift);
  }

  public SimulatorOptions withCustomers(int newCustomers) {
    return new SimulatorOptions(
        seed, newCustomers, terminals, days, startDate, terminalRadius, fraud, labels, drift);
  }

  public SimulatorOptions withTerminals(int newTerminals) {
    return new SimulatorOptions(
        seed, customers, newTerminals, days, startDate, terminalRadius, fraud, labels, drift);
  }

  public SimulatorOptions withDays(int newDays) {
    return new SimulatorOptions(
        seed, customers, terminals, newDays, startDate, terminalRadius, fraud, labels, drift);
  }

  public SimulatorOptions withStartDate(LocalDate newStartDate) {
    return new SimulatorOptions(
        seed, customers, terminals, days, newStartDate, terminalRadius, fraud, labels, drift);
  }

  public SimulatorOptions withTerminalRadius(double newRadius) {
    return new SimulatorOptions(
        seed, customers, terminals, days, startDate, newRadius, fraud, labels, drift);
  }

  public SimulatorOptions withFraud(Fraud newFraud) {
    return new SimulatorOptions(
        seed, customers, terminals, days, startDate, terminalRadius, newFraud, labels, drift);
  }

  public SimulatorOptions withLabels(Labels newLabels) {
    return new SimulatorOptions(
        seed, customers, terminals, days, startDate, terminalRadius, fraud, newLabels, drift);
  }

  public SimulatorOptions withDrift(List<DriftChange> newDrift) {
    return new SimulatorOptions(
        seed, customers, terminals, days, startDate, terminalRadius, fraud, labels, newDrift);
  }

  /** Epoch milliseconds of 00:00 UTC on day 0. */
  public long startEpochMillis() {
    return startDate.toEpochDay() * 86_400_000L;
  }

  /**
   * The handbook's fraud scenarios, applied in its order (1, then 2, then 3; a later scenario
   * overrides the id of an earlier one).
   *
   * @param highAmountThreshold scenario 1: every amount strictly above this is fraud (220)
   * @param compromisedTerminalsPerDay scenario 2: terminals compromised each day (2)
   * @param terminalCompromiseDays scenario 2: days a terminal stays compromised, from the day it is
   *     drawn (28)
   * @param compromisedCustomersPerDay scenario 3: customers compromised each day (3)
   * @param customerCompromiseDays scenario 3: days a customer stays compromised (14)
   * @param compromisedCustomerFraudShare scenario 3: share of the customer's transactions in the
   *     window that become fraud (1/3, rounded down as in the handbook)
   * @param compromisedAmountMultiplier scenario 3: the fraudulent amounts are multiplied by this
   *     (5)
   */
  public record Fraud(
      double highAmountThreshold,
      int compromisedTerminalsPerDay,
      int terminalCompromiseDays,
      int compromisedCustomersPerDay,
      int customerCompromiseDays,
      double compromisedCustomerFraudShare,
      double compromisedAmountMultiplier) {

    public Fraud {
      List<String> problems = new ArrayList<>();
      if (!(highAmountThreshold > 0.0)) {
        problems.add("highAmountThreshold must be positive but was " + highAmountThreshold);
      }
      requireRange(
          problems, "compromisedTerminalsPerDay", compromisedTerminalsPerDay, 0, MAX_ENTITIES);
      requireRange(problems, "terminalCompromiseDays", terminalCompromiseDays, 1, MAX_DAYS);
      requireRange(
          problems, "compromisedCustomersPerDay", compromisedCustomersPerDay, 0, MAX_ENTITIES);
      requireRange(problems, "customerCompromiseDays", customerCompromiseDays, 1, MAX_DAYS);
      if (!(compromisedCustomerFraudShare >= 0.0 && compromisedCustomerFraudShare <= 1.0)) {
        problems.add(
            "compromisedCustomerFraudShare must be in [0, 1] but was "
                + compromisedCustomerFraudShare);
      }
      if (!(compromisedAmountMultiplier > 0.0) || !Double.isFinite(compromisedAmountMultiplier)) {
        problems.add(
            "compromisedAmountMultiplier must be a positive number but was "
                + compromisedAmountMultiplier);
      }
      fail(problems);
    }
  }

  /**
   * When the ground truth of a transaction becomes known.
   *
   * @param delay every transaction is labelled this long after it happened (7 days)
   * @param lateFraudFraction share of frauds discovered later still, in [0, 1] (0)
   * @param lateFraudMaxExtraDelay a late fraud's label comes after {@code delay} plus a uniform
   *     extra delay in [0, this] (21 days), in whole seconds
   */
  public record Labels(Duration delay, double lateFraudFraction, Duration lateFraudMaxExtraDelay) {

    private static final Duration MAX_DELAY = Duration.ofDays(3_660);

    public Labels {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(lateFraudMaxExtraDelay, "lateFraudMaxExtraDelay");
      List<String> problems = new ArrayList<>();
      if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
        problems.add("label delay must be between 0 and 3660 days but was " + delay);
      }
      if (!(lateFraudFraction >= 0.0 && lateFraudFraction <= 1.0)) {
        problems.add("lateFraudFraction must be in [0, 1] but was " + lateFraudFraction);
      }
      if (lateFraudMaxExtraDelay.isNegative() || lateFraudMaxExtraDelay.compareTo(MAX_DELAY) > 0) {
        problems.add(
            "lateFraudMaxExtraDelay must be between 0 and 3660 days but was "
                + lateFraudMaxExtraDelay);
      }
      fail(problems);
    }
  }

  private static void requireRange(
      List<String> problems, String name, long value, long lo, long hi) {
    if (value < lo || value > hi) {
      problems.add(name + " must be in [" + lo + ", " + hi + "] but was " + value);
    }
  }

  private static void fail(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
