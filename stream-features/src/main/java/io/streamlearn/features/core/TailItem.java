package io.streamlearn.features.core;

/**
 * An input an entity has accepted but not yet sealed into a bucket, because an input up to the
 * allowed lateness older may still arrive and must not see it: a transaction (ordered by its event
 * time) or a label outcome (ordered by its label time, counted in its transaction's bucket).
 */
final class TailItem {

  final boolean outcome;

  /** When the item becomes visible: event time of a transaction, label time of an outcome. */
  final long orderTime;

  /** Event time of the transaction (the one labelled, for an outcome). */
  final long time;

  /** Values of the numeric fields, NaN when missing; null for an outcome. */
  final double[] numbers;

  /** Values of the text fields, null when missing; null for an outcome. */
  final String[] texts;

  final boolean fraud;

  private TailItem(
      boolean outcome, long orderTime, long time, double[] numbers, String[] texts, boolean fraud) {
    this.outcome = outcome;
    this.orderTime = orderTime;
    this.time = time;
    this.numbers = numbers;
    this.texts = texts;
    this.fraud = fraud;
  }

  static TailItem transaction(long time, double[] numbers, String[] texts) {
    return new TailItem(false, time, time, numbers, texts, false);
  }

  static TailItem outcome(long transactionTime, long labelTime, boolean fraud) {
    return new TailItem(true, labelTime, transactionTime, null, null, fraud);
  }
}
