package io.streamlearn.model.core.serving;

import java.util.Objects;

/**
 * A snapshot the trainer published, and the log entry that records the publication.
 *
 * @param model the snapshot
 * @param logEntry the entry to append to the trainer's log
 */
public record Publication(PublishedModel model, LogEntry logEntry) {

  public Publication {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(logEntry, "logEntry");
  }
}
