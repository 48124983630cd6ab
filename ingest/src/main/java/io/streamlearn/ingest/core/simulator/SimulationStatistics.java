package io.streamlearn.ingest.core.simulator;

import io.streamlearn.ingest.core.LabelEvent;

/**
 * Running counts over a simulated stream: transactions, frauds by scenario, labels. Not
 * thread-safe; feed it with {@link #record(SimulationEvent)} in stream order.
 */
public final class SimulationStatistics {

  private final long lateLabelThresholdMillis;
  private final long[] transactionsByScenario = new long[FraudScenario.values().length];
  private long transactions;
  private long labels;
  private long lateLabels;
  private double amountSum;
  private long firstEventMillis = Long.MAX_VALUE;
  private long lastEventMillis = Long.MIN_VALUE;
  private long lastTransactionMillis = Long.MIN_VALUE;

  /** Counts one event of the stream. */
  public void record(SimulationEvent event) {
    if (event instanceof SimulatedTransaction tx) {
      recordTransaction(tx.scenario(), tx.transaction().amount(), tx.eventTimeMillis());
    } else if (event instanceof SimulatedLabel label) {
      LabelEvent l = label.label();
      recordLabel(
          l.labelTimeMillis(),
          l.transactionTimeMillis().isPresent()
              ? l.transactionTimeMillis().getAsLong()
              : l.labelTimeMillis());
    }
  }

  /** Counts a transaction. */
  public void recordTransaction(FraudScenario scenario, double amount, long eventTimeMillis) {
    time(eventTimeMillis);
    transactions++;
    transactionsByScenario[scenario.ordinal()]++;
    amountSum += amount;
    if (eventTimeMillis > lastTransactionMillis) {
      lastTransactionMillis = eventTimeMillis;
    }
  }

  /** Counts a label of a transaction that happened at {@code transactionTimeMillis}. */
  public void recordLabel(long labelTimeMillis, long transactionTimeMillis) {
    time(labelTimeMillis);
    labels++;
    if (labelTimeMillis - transactionTimeMillis > lateLabelThresholdMillis) {
      lateLabels++;
    }
  }

  private void time(long millis) {
    if (millis < firstEventMillis) {
      firstEventMillis = millis;
    }
    if (millis > lastEventMillis) {
      lastEventMillis = millis;
    }
  }

  /**
   * @param labelDelayMillis the regular label delay; labels that come later count as late
   */
  public SimulationStatistics(long labelDelayMillis) {
    this.lateLabelThresholdMillis = labelDelayMillis;
  }

  /** Number of transactions. */
  public long transactions() {
    return transactions;
  }

  /** Number of fraudulent transactions, all scenarios. */
  public long frauds() {
    return transactions - transactionsByScenario[FraudScenario.LEGITIMATE.ordinal()];
  }

  /** Number of transactions of the given scenario. */
  public long transactions(FraudScenario scenario) {
    return transactionsByScenario[scenario.ordinal()];
  }

  /** Share of fraudulent transactions, 0 when there are none. */
  public double fraudRate() {
    return transactions == 0 ? 0.0 : (double) frauds() / transactions;
  }

  /** Mean transaction amount, 0 when there are none. */
  public double meanAmount() {
    return transactions == 0 ? 0.0 : amountSum / transactions;
  }

  /** Number of labels. */
  public long labels() {
    return labels;
  }

  /** Number of labels that came after the regular delay (late fraud discoveries). */
  public long lateLabels() {
    return lateLabels;
  }

  /** Number of events of both kinds. */
  public long events() {
    return transactions + labels;
  }

  /** Event time of the first event, or {@link Long#MAX_VALUE} before any. */
  public long firstEventMillis() {
    return firstEventMillis;
  }

  /** Event time of the last event, or {@link Long#MIN_VALUE} before any. */
  public long lastEventMillis() {
    return lastEventMillis;
  }

  /** Event time of the last transaction, or {@link Long#MIN_VALUE} before any. */
  public long lastTransactionMillis() {
    return lastTransactionMillis;
  }
}
