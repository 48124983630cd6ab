package io.streamlearn.ingest.core.pacing;

/** Waits for a duration; the adapter passes one that calls {@code Thread.sleep}. */
@FunctionalInterface
public interface Sleeper {

  /** Waits for about {@code nanos} nanoseconds (positive). */
  void sleepNanos(long nanos) throws InterruptedException;
}
