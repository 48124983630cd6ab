package io.streamlearn.features.core;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.Comparator;
import java.util.Objects;

/**
 * One input of the feature computation: a transaction or a label. Used by the {@link
 * LocalFeaturePipeline} and the reference implementation, and defines the canonical order.
 */
public sealed interface FeatureInput permits FeatureInput.Transaction, FeatureInput.Label {

  /**
   * The canonical order in which the engines present each entity's inputs to the core: by time
   * (event time of a transaction, label time of a label), labels before transactions at the same
   * time (a label known at t counts for a transaction at t), then by transaction id. Processing in
   * this order makes every engine compute what the reference computes on the sorted input.
   */
  Comparator<FeatureInput> CANONICAL_ORDER =
      Comparator.comparingLong(FeatureInput::time)
          .thenComparingInt(input -> input instanceof Label ? 0 : 1)
          .thenComparing(FeatureInput::transactionId);

  /** The transaction the input is, or is the label of. */
  String transactionId();

  /** When the input takes effect: event time of a transaction, label time of a label. */
  long time();

  /** A transaction input. */
  record Transaction(TransactionEvent event) implements FeatureInput {
    public Transaction {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public String transactionId() {
      return event.transactionId();
    }

    @Override
    public long time() {
      return event.eventTimeMillis();
    }
  }

  /** A label input. */
  record Label(LabelEvent event) implements FeatureInput {
    public Label {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public String transactionId() {
      return event.transactionId();
    }

    @Override
    public long time() {
      return event.labelTimeMillis();
    }
  }
}
