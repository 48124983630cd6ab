package io.streamlearn.ingest.cli;

import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.core.validation.ValidationRules;
import java.time.Instant;
import picocli.CommandLine.Option;

/** The configurable validation rules: the accepted timestamp range. */
public final class ValidationOptions {

  @Option(
      names = "--min-timestamp",
      paramLabel = "INSTANT",
      converter = InstantConverter.class,
      description = "Earliest accepted timestamp, inclusive (default: ${DEFAULT-VALUE}).")
  Instant minTimestamp;

  @Option(
      names = "--max-timestamp",
      paramLabel = "INSTANT",
      converter = InstantConverter.class,
      description = "Latest accepted timestamp, exclusive (default: ${DEFAULT-VALUE}).")
  Instant maxTimestamp;

  /** The validator these options configure. */
  EventValidator validator() {
    return new EventValidator(ValidationRules.timestampsBetween(minTimestamp, maxTimestamp));
  }
}
