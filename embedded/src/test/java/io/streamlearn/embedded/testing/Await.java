package io.streamlearn.embedded.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Deadline poll loops for tests: polls a condition until it holds or a timeout passes, and
 * otherwise fails with an {@link AssertionError} naming what was awaited and the last state
 * observed. The one place tests wait for something to happen (no hand-rolled sleep loops).
 *
 * <p>The condition is checked at once, then after every {@code poll} interval, and a last time at
 * the deadline. An exception the condition throws (an {@link AssertionError} to fail fast, say) is
 * not caught: it ends the wait.
 */
public final class Await {

  /** The poll interval of the short forms. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(100);

  private Await() {}

  /** A probe of the state under test; may throw (the exception ends the wait). */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  /**
   * Polls {@code condition} every {@code poll} until it holds; fails after {@code timeout} with
   * {@code description} (evaluated then, so it can report the last observed state).
   */
  public static void until(
      Duration timeout, Duration poll, BooleanSupplier condition, Supplier<String> description) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(description, "description");
    long deadline = deadline(timeout, poll);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("timed out after " + timeout + " awaiting " + description.get());
      }
      pause(deadline, poll, description);
    }
  }

  /** {@link #until(Duration, Duration, BooleanSupplier, Supplier)} every {@link #DEFAULT_POLL}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(timeout, DEFAULT_POLL, condition, () -> what);
  }

  /**
   * Polls {@code probe} every {@code poll} until its value satisfies {@code done}, and returns that
   * value; fails after {@code timeout} with {@code what} and the last value observed.
   */
  public static <T> T value(
      Duration timeout, Duration poll, Probe<T> probe, Predicate<? super T> done, String what)
      throws Exception {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(done, "done");
    long deadline = deadline(timeout, poll);
    while (true) {
      T observed = probe.get();
      if (done.test(observed)) {
        return observed;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "timed out after " + timeout + " awaiting " + what + "; last observed: " + observed);
      }
      pause(deadline, poll, () -> what);
    }
  }

  private static long deadline(Duration timeout, Duration poll) {
    if (timeout.isNegative() || poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException(
          "timeout must be >= 0 and poll > 0, got " + timeout + " and " + poll);
    }
    return System.nanoTime() + timeout.toNanos();
  }

  /** Sleeps one poll interval, or until the deadline if that is sooner. */
  private static void pause(long deadline, Duration poll, Supplier<String> description) {
    long left = Math.max(0, deadline - System.nanoTime());
    try {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, poll.toNanos()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while awaiting " + description.get(), e);
    }
  }
}
