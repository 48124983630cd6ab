package io.streamlearn.ingest.core.validation;

import java.time.Instant;

/**
 * The configurable part of validation: the range of acceptable timestamps.
 *
 * @param minTimestampMillis earliest accepted timestamp, inclusive (default 2000-01-01T00:00Z)
 * @param maxTimestampMillis latest accepted timestamp, exclusive (default 2100-01-01T00:00Z)
 */
public record ValidationRules(long minTimestampMillis, long maxTimestampMillis) {

  /** Timestamps from 2000-01-01 (inclusive) to 2100-01-01 (exclusive), UTC. */
  public static final ValidationRules DEFAULTS =
      new ValidationRules(
          Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(),
          Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());

  public ValidationRules {
    if (minTimestampMillis >= maxTimestampMillis) {
      throw new IllegalArgumentException(
          "the earliest accepted timestamp "
              + Instant.ofEpochMilli(minTimestampMillis)
              + " must be before the latest "
              + Instant.ofEpochMilli(maxTimestampMillis));
    }
  }

  /** The default rules with another timestamp range. */
  public static ValidationRules timestampsBetween(Instant earliest, Instant latestExclusive) {
    return new ValidationRules(earliest.toEpochMilli(), latestExclusive.toEpochMilli());
  }
}
