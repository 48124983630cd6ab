package io.streamlearn.model.flink;

/**
 * A record that could not be processed, with why: it goes to {@code <topic>.dlq} in the dead-letter
 * envelope ({@code docs/ARCHITECTURE.md}), bytes untouched (a Flink POJO).
 */
public final class DeadLetterRecord {

  public RawRecord record;
  public String reason;
  public String message;
  public String errorClass;
  public String stage;

  public DeadLetterRecord() {}

  public DeadLetterRecord(
      RawRecord record, String reason, String message, String errorClass, String stage) {
    this.record = record;
    this.reason = reason;
    this.message = message;
    this.errorClass = errorClass;
    this.stage = stage;
  }
}
