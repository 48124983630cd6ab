package io.streamlearn.ingest.core.pacing;

import java.util.Objects;

/**
 * Holds each event back until its turn under a {@link Pacing}. Targets are computed from the first
 * event, not from the previous one, so waiting errors do not accumulate; after a stall (a slow
 * broker) the pacer lets events through without waiting until the schedule is met again. Waits
 * shorter than {@link #MIN_SLEEP_NANOS} are deferred and merged into a later one, so high rates do
 * not pay one sleep per event. Not thread-safe.
 */
public final class Pacer {

  /** Waits shorter than this (1 ms) are merged into later ones. */
  public static final long MIN_SLEEP_NANOS = 1_000_000L;

  private static final double DAY_MILLIS = 86_400_000.0;

  private final Pacing pacing;
  private final NanoClock clock;
  private final Sleeper sleeper;
  private boolean started;
  private long startNanos;
  private long firstEventMillis;
  private long emitted;

  public Pacer(Pacing pacing, NanoClock clock, Sleeper sleeper) {
    this.pacing = Objects.requireNonNull(pacing, "pacing");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Waits until the event with the given event time may be emitted. */
  public void awaitTurn(long eventTimeMillis) throws InterruptedException {
    if (pacing instanceof Pacing.AsFastAsPossible) {
      return;
    }
    long now = clock.nanoTime();
    if (!started) {
      started = true;
      startNanos = now;
      firstEventMillis = eventTimeMillis;
    }
    long offsetNanos;
    if (pacing instanceof Pacing.Rate rate) {
      offsetNanos = (long) (emitted * 1e9 / rate.eventsPerSecond());
    } else {
      Pacing.TimeScale scale = (Pacing.TimeScale) pacing;
      double nanosPerEventMilli = scale.realTimePerDay().toNanos() / DAY_MILLIS;
      offsetNanos = (long) ((eventTimeMillis - firstEventMillis) * nanosPerEventMilli);
    }
    emitted++;
    long wait = startNanos + offsetNanos - now;
    if (wait >= MIN_SLEEP_NANOS) {
      sleeper.sleepNanos(wait);
    }
  }
}
