package io.streamlearn.monitoring.core.monitor;

/** What changed; mirrors the {@code DriftKind} enum of the {@code DriftAlert} schema. */
public enum DriftKind {
  /** The distribution of an input feature. */
  DATA_DRIFT,
  /** The distribution of the model's scores. */
  PREDICTION_DRIFT,
  /** The relation between inputs and labels, seen through the error rate. */
  CONCEPT_DRIFT,
  /** The rate of positive labels (e.g. the fraud rate). */
  LABEL_RATE_DRIFT,
  /** Anything else. */
  OTHER
}
