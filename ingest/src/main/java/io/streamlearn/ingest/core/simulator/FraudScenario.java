package io.streamlearn.ingest.core.simulator;

/**
 * Why a simulated transaction is fraudulent. Ids 0 to 3 are the handbook's {@code
 * TX_FRAUD_SCENARIO} values; 4 is the pattern a {@link DriftKind#NEW_FRAUD_PATTERN} change
 * introduces.
 */
public enum FraudScenario {
  /** Not fraudulent. */
  LEGITIMATE(0),
  /** Scenario 1: every amount above the threshold (220) is fraud. */
  HIGH_AMOUNT(1),
  /** Scenario 2: every transaction at a compromised terminal while it is compromised. */
  COMPROMISED_TERMINAL(2),
  /** Scenario 3: a share of a compromised customer's transactions, with the amount multiplied. */
  COMPROMISED_CUSTOMER(3),
  /**
   * Drift pattern: extra night-time transactions of stolen cards at terminals never seen before.
   */
  NIGHT_AT_NEW_TERMINALS(4);

  private final int id;

  FraudScenario(int id) {
    this.id = id;
  }

  /** The scenario id ({@code TX_FRAUD_SCENARIO} in the handbook). */
  public int id() {
    return id;
  }

  /** True for every scenario except {@link #LEGITIMATE}. */
  public boolean isFraud() {
    return this != LEGITIMATE;
  }
}
