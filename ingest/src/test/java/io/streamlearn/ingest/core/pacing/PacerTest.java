package io.streamlearn.ingest.core.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

  /** A clock that only moves when someone sleeps or work is simulated. */
  private static final class FakeTime implements NanoClock, Sleeper {
    long now = 5_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }

  @Test
  void asFastAsPossibleNeverWaits() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = new Pacer(Pacing.asFastAsPossible(), time, time);

    for (int i = 0; i < 1000; i++) {
      pacer.awaitTurn(i * 1000L);
    }

    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void aRateSpacesEventsEvenlyFromTheFirst() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = new Pacer(Pacing.eventsPerSecond(100), time, time);
    long start = time.now;

    for (int i = 0; i < 101; i++) {
      pacer.awaitTurn(0);
    }

    assertThat(time.sleeps).hasSize(100).containsOnly(10_000_000L);
    assertThat(time.now - start).isEqualTo(1_000_000_000L);
  }

  @Test
  void highRatesMergeShortWaitsButKeepTheOverallRate() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = new Pacer(Pacing.eventsPerSecond(1_000_000), time, time);
    long start = time.now;

    for (int i = 0; i <= 100_000; i++) {
      pacer.awaitTurn(0);
    }

    assertThat(time.sleeps).allMatch(nanos -> nanos >= Pacer.MIN_SLEEP_NANOS).hasSize(100);
    assertThat(time.now - start).isEqualTo(100_000_000L);
  }

  @Test
  void aTimeScaleReplaysEventTimeFasterByTheScale() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = new Pacer(Pacing.simulatedDayEvery(Duration.ofSeconds(10)), time, time);
    long start = time.now;
    long day = 86_400_000L;

    pacer.awaitTurn(day * 3);
    pacer.awaitTurn(day * 3 + day / 2);
    pacer.awaitTurn(day * 3 + day / 2);
    pacer.awaitTurn(day * 5);

    assertThat(time.sleeps).containsExactly(5_000_000_000L, 15_000_000_000L);
    assertThat(time.now - start).isEqualTo(20_000_000_000L);
  }

  @Test
  void afterAStallThePacerCatchesUpWithoutWaiting() throws InterruptedException {
    FakeTime time = new FakeTime();
    Pacer pacer = new Pacer(Pacing.eventsPerSecond(10), time, time);

    pacer.awaitTurn(0);
    time.now += 1_000_000_000L;
    for (int i = 0; i < 10; i++) {
      pacer.awaitTurn(0);
    }
    pacer.awaitTurn(0);

    assertThat(time.sleeps).containsExactly(100_000_000L);
  }

  @Test
  void invalidPacingIsRejected() {
    assertThatThrownBy(() -> Pacing.eventsPerSecond(0))
        .hasMessage("a pacing rate must be a positive number of events per second but was 0.0");
    assertThatThrownBy(() -> Pacing.simulatedDayEvery(Duration.ZERO))
        .hasMessage("the real time per simulated day must be positive but was PT0S");
  }
}
