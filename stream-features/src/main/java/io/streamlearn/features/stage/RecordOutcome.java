package io.streamlearn.features.stage;

/**
 * The {@code outcome} tag of {@code streamlearn_records_total{stage="features"}} (docs/PIPELINE.md,
 * "Metrics"): what became of a record the stage read. One count per record written (a vector, a
 * late event, a dead letter) and per label outcome an entity applied.
 */
public enum RecordOutcome {
  /** A feature vector was written, or an entity applied a label outcome. */
  OK("ok"),
  /** A record went to {@code <topic>.dlq}. */
  DLQ("dlq"),
  /** A record went to {@code late-events}. */
  LATE("late"),
  /** A label waited for its transaction until its join state expired, then went to the DLQ. */
  EXPIRED("expired");

  private final String tag;

  RecordOutcome(String tag) {
    this.tag = tag;
  }

  /** The tag value. */
  public String tag() {
    return tag;
  }
}
