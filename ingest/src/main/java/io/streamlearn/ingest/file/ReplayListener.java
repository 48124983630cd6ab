package io.streamlearn.ingest.file;

/** Hears about a replay as it goes: notices for the user, and bytes read for a progress bar. */
public interface ReplayListener {

  /** A one-sentence notice about a file (an unknown column, an empty file...), once each. */
  void notice(String message);

  /** The number of bytes of the current file read so far. */
  default void progress(long bytesRead) {}
}
