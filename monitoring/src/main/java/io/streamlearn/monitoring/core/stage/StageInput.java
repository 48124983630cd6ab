package io.streamlearn.monitoring.core.stage;

/** The topic a monitor of the monitoring stage reads. */
public enum StageInput {
  /** {@code features}: one feature vector per transaction, at its event time. */
  FEATURES,
  /** {@code predictions}: one score per transaction, at the transaction's event time. */
  PREDICTIONS,
  /** {@code labels}: one ground-truth label per transaction, at its label time. */
  LABELS
}
