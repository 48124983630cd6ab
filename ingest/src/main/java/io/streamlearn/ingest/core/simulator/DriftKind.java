package io.streamlearn.ingest.core.simulator;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a drift change alters in the simulated world. Every kind is a step change of one parameter,
 * relative to the handbook baseline (not compounding): {@code fraud-rate:3} means three times the
 * baseline from that day on, and a later {@code fraud-rate:1} restores the baseline.
 */
public enum DriftKind {
  /**
   * Prior drift, P(y): the number of terminals (scenario 2) and customers (scenario 3 and the night
   * pattern) compromised per day is multiplied by the value. Compromises last 28 and 14 days, so
   * the fraud rate ramps to its new level over 28 days.
   */
  FRAUD_RATE("fraud-rate", "prior", 1.0, 0.0, 50.0, false, "fraud rate factor"),
  /**
   * Covariate drift, P(x): every customer's mean (and standard deviation) of amounts is multiplied
   * by the value from that day on. As scenario 1 keeps its fixed threshold, larger amounts also
   * raise the number of scenario 1 frauds.
   */
  AMOUNT_SHIFT("amount-shift", "covariate", 1.0, 0.01, 20.0, false, "amount factor"),
  /**
   * Covariate drift, P(x): every customer's mean number of transactions per day is multiplied by
   * the value.
   */
  CUSTOMER_FREQUENCY(
      "customer-frequency", "covariate", 1.0, 0.01, 25.0, false, "transactions-per-day factor"),
  /**
   * Concept drift, P(y|x): from that day on, the value is the number of cards stolen per day; for 7
   * days each stolen card makes Poisson(2) extra purchases between 00:00 and 06:00 at terminals
   * that did not exist before the change (100 new terminals), with amounts ~ U(2, 4) times the
   * customer's mean. A value of 0 stops the pattern.
   */
  NEW_FRAUD_PATTERN("new-pattern", "concept", 0.0, 0.0, 10_000.0, true, "stolen cards per day");

  private final String cliName;
  private final String driftType;
  private final double baseline;
  private final double minimum;
  private final double maximum;
  private final boolean integral;
  private final String parameter;

  DriftKind(
      String cliName,
      String driftType,
      double baseline,
      double minimum,
      double maximum,
      boolean integral,
      String parameter) {
    this.cliName = cliName;
    this.driftType = driftType;
    this.baseline = baseline;
    this.minimum = minimum;
    this.maximum = maximum;
    this.integral = integral;
    this.parameter = parameter;
  }

  /** The name used on the command line and in the ground-truth file, e.g. {@code fraud-rate}. */
  public String cliName() {
    return cliName;
  }

  /** {@code prior}, {@code covariate} or {@code concept}: which distribution the change moves. */
  public String driftType() {
    return driftType;
  }

  /** The value of the parameter before any change (the handbook's world). */
  public double baseline() {
    return baseline;
  }

  /** A short description of what the value means. */
  public String parameter() {
    return parameter;
  }

  /** Why {@code value} is not acceptable for this kind, or empty when it is. */
  public Optional<String> checkValue(double value) {
    if (!Double.isFinite(value) || value < minimum || value > maximum) {
      return Optional.of(
          cliName
              + " value must be in ["
              + format(minimum)
              + ", "
              + format(maximum)
              + "] but was "
              + value);
    }
    if (integral && value != Math.rint(value)) {
      return Optional.of(cliName + " value must be a whole number but was " + value);
    }
    return Optional.empty();
  }

  /** The kind named {@code name} on the command line. */
  public static DriftKind fromCliName(String name) {
    for (DriftKind kind : values()) {
      if (kind.cliName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown drift kind '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(DriftKind::cliName).collect(Collectors.joining(", ")));
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
