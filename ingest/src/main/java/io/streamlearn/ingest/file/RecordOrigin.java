package io.streamlearn.ingest.file;

import java.util.Objects;

/**
 * Where a record came from, for its dead letter: a file and line.
 *
 * @param sourceFile the file as the user named it
 * @param line the line number, from 1
 */
public record RecordOrigin(String sourceFile, long line) {

  public RecordOrigin {
    Objects.requireNonNull(sourceFile, "sourceFile");
  }
}
