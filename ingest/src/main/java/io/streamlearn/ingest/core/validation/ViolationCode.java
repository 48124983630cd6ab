package io.streamlearn.ingest.core.validation;

/**
 * Why a record is rejected, as a stable code: it goes in the {@code dlq.reason} header of the dead
 * letter and can label metrics. The accompanying message says the same in one sentence.
 */
public enum ViolationCode {
  /** The input could not be parsed at all (bad CSV or JSON, not an object, not UTF-8). */
  MALFORMED_RECORD,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A value does not have, or cannot be read as, its field's type. */
  WRONG_TYPE,
  /** The record does not conform to its schema. */
  SCHEMA_MISMATCH,
  /** An id is empty or only whitespace. */
  EMPTY_ID,
  /** An amount is NaN or infinite. */
  NON_FINITE_AMOUNT,
  /** An amount is negative. */
  NEGATIVE_AMOUNT,
  /** A timestamp lies outside the accepted range. */
  TIMESTAMP_OUT_OF_RANGE,
  /** A label is dated before the transaction it labels. */
  LABEL_BEFORE_TRANSACTION
}
