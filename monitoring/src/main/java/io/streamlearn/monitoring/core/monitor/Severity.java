package io.streamlearn.monitoring.core.monitor;

/** How urgent an alert is; mirrors the {@code Severity} enum of the {@code DriftAlert} schema. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL
}
