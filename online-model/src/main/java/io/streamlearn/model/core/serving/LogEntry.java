package io.streamlearn.model.core.serving;

import java.util.Objects;

/**
 * One entry of a trainer's log: what happened since its latest checkpoint, replayed onto that
 * checkpoint at restore ({@link Trainer#restore}). Entries are numbered from 0 over the trainer's
 * life; an engine keeps those from {@link Trainer#logStart()} on, in sequence order.
 *
 * <p>Layout 1 of {@code bytes}: {@code byte} type, then for an example (1) the joined example
 * ({@link ExampleCodec}), for a publication (2) the {@code long} version published.
 *
 * @param sequence the entry's number
 * @param bytes the entry
 */
public record LogEntry(long sequence, byte[] bytes) {

  static final int EXAMPLE = 1;
  static final int PUBLISHED = 2;

  public LogEntry {
    Objects.requireNonNull(bytes, "bytes");
    if (sequence < 0) {
      throw new IllegalArgumentException("a log sequence is >= 0, got " + sequence);
    }
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }
}
