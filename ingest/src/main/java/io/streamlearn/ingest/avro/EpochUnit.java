package io.streamlearn.ingest.avro;

import java.util.Locale;

/** The unit of timestamps given as plain numbers in input files. */
public enum EpochUnit {
  SECONDS(1_000_000L),
  MILLIS(1_000L),
  MICROS(1L);

  private final long micros;

  EpochUnit(long micros) {
    this.micros = micros;
  }

  /** Microseconds per unit. */
  long micros() {
    return micros;
  }

  /** Parses {@code seconds}, {@code millis} or {@code micros} (any case). */
  public static EpochUnit parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "epoch unit '" + text + "' is not one of seconds, millis, micros", e);
    }
  }
}
