package io.streamlearn.ingest.core;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The ground truth of one transaction, known at {@code labelTimeMillis}: the core form of the
 * {@code Label} contract.
 *
 * @param transactionId the labelled transaction
 * @param fraud true when the transaction was fraudulent
 * @param labelTimeMillis when the label became known, epoch milliseconds (event time)
 * @param transactionTimeMillis event time of the labelled transaction, when the source knows it
 */
public record LabelEvent(
    String transactionId, boolean fraud, long labelTimeMillis, OptionalLong transactionTimeMillis) {

  public LabelEvent {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(transactionTimeMillis, "transactionTimeMillis");
  }

  public LabelEvent(String transactionId, boolean fraud, long labelTimeMillis) {
    this(transactionId, fraud, labelTimeMillis, OptionalLong.empty());
  }
}
