package io.streamlearn.ingest.core.pacing;

/** A monotonic clock in nanoseconds; the adapter passes {@code System::nanoTime}. */
@FunctionalInterface
public interface NanoClock {

  /** The current reading; only differences between readings are meaningful. */
  long nanoTime();
}
