package io.streamlearn.ingest.core.validation;

/** What a field of a record means to the validator, and so which rule applies to it. */
public enum FieldRole {
  /** An identifier: a non-blank string. */
  ID,
  /** An amount: a finite number, at least 0. */
  AMOUNT,
  /** A timestamp in epoch milliseconds, within the configured range. */
  TIMESTAMP_MILLIS,
  /** A timestamp in epoch microseconds, within the configured range. */
  TIMESTAMP_MICROS
}
