package io.streamlearn.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration POLL = Duration.ofMillis(1);

  @Test
  void returnsAsSoonAsTheConditionHolds() {
    AtomicInteger calls = new AtomicInteger();

    Await.until(LONG, POLL, () -> calls.incrementAndGet() == 3, () -> "three calls");

    assertThat(calls).hasValue(3);
  }

  @Test
  void checksOnceWithoutSleepingWhenTheConditionAlreadyHolds() {
    AtomicInteger calls = new AtomicInteger();

    Await.until("one call", LONG, () -> calls.incrementAndGet() == 1);

    assertThat(calls).hasValue(1);
  }

  @Test
  void failsOnTimeoutNamingWhatWasAwaitedAndTheLastObservedState() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Await.until(
                    Duration.ofMillis(30),
                    Duration.ofMillis(5),
                    () -> calls.incrementAndGet() < 0,
                    () -> "a negative count (count " + calls.get() + ")"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("timed out after PT0.03S awaiting a negative count (count ")
        .hasMessageEndingWith("(count " + calls.get() + ")");
    assertThat(calls.get()).as("checked at once and again at the deadline").isGreaterThan(1);
  }

  @Test
  void returnsTheFirstValueThatSatisfiesTheCondition() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    int value = Await.value(LONG, POLL, calls::incrementAndGet, v -> v >= 4, "four calls");

    assertThat(value).isEqualTo(4);
    assertThat(calls).hasValue(4);
  }

  @Test
  void failsOnTimeoutWithTheLastValueObserved() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Await.value(
                    Duration.ZERO,
                    POLL,
                    () -> "state " + calls.incrementAndGet(),
                    v -> false,
                    "the impossible"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after PT0S awaiting the impossible; last observed: state 1");
  }

  @Test
  void anExceptionOfTheProbeEndsTheWait() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Await.value(
                    LONG,
                    POLL,
                    () -> {
                      if (calls.incrementAndGet() == 2) {
                        throw new IllegalStateException("the process ended");
                      }
                      return calls.get();
                    },
                    v -> false,
                    "never"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the process ended");
    assertThat(calls).hasValue(2);
  }

  @Test
  void anInterruptEndsTheWaitAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Await.until("never", LONG, () -> false))
          .isInstanceOf(AssertionError.class)
          .hasMessage("interrupted while awaiting never");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void rejectsANonPositivePollInterval() {
    assertThatThrownBy(() -> Await.until(LONG, Duration.ZERO, () -> true, () -> "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
