package io.streamlearn.ingest.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}), keeping each line's bytes as they
 * are so that a malformed line can be dead-lettered unchanged. Lines longer than {@link
 * #MAX_LINE_BYTES} are cut there and flagged.
 */
final class LineReader implements Closeable {

  /** Longest line kept whole: 16 MiB. */
  static final int MAX_LINE_BYTES = 16 << 20;

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long lineNumber;
  private long bytesRead;
  private boolean overlong;
  private byte[] line = new byte[256];

  LineReader(InputStream in) {
    this.in = in;
  }

  /** The next line without its terminator, or null at the end of the input. */
  byte[] nextLine() throws IOException {
    int length = 0;
    boolean sawAnything = false;
    overlong = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (!sawAnything) {
            return null;
          }
          break;
        }
      }
      sawAnything = true;
      int start = position;
      int newline = -1;
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline < 0 ? limit : newline;
      int copy = Math.min(end - start, MAX_LINE_BYTES - length);
      if (copy < end - start) {
        overlong = true;
      }
      if (copy > 0) {
        if (length + copy > line.length) {
          line = Arrays.copyOf(line, Math.max(line.length * 2, length + copy));
        }
        System.arraycopy(buffer, start, line, length, copy);
        length += copy;
      }
      bytesRead += end - start;
      if (newline >= 0) {
        position = newline + 1;
        bytesRead++;
        break;
      }
      position = limit;
    }
    lineNumber++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return Arrays.copyOf(line, length);
  }

  /** The number of the line last returned, from 1. */
  long lineNumber() {
    return lineNumber;
  }

  /** Bytes consumed so far, terminators included. */
  long bytesRead() {
    return bytesRead;
  }

  /** True when the line last returned was longer than {@link #MAX_LINE_BYTES} and was cut. */
  boolean lastLineOverlong() {
    return overlong;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
