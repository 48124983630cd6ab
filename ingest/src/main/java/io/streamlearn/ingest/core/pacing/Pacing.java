package io.streamlearn.ingest.core.pacing;

import java.time.Duration;
import java.util.Objects;

/** How fast events are emitted: as fast as possible, at a fixed rate, or in scaled event time. */
public sealed interface Pacing permits Pacing.AsFastAsPossible, Pacing.Rate, Pacing.TimeScale {

  /** No waiting: every event goes out as soon as it is ready. */
  static Pacing asFastAsPossible() {
    return new AsFastAsPossible();
  }

  /** A steady {@code eventsPerSecond}, whatever the event times. */
  static Pacing eventsPerSecond(double eventsPerSecond) {
    return new Rate(eventsPerSecond);
  }

  /** Event time replayed so that one simulated day takes {@code realTimePerDay}. */
  static Pacing simulatedDayEvery(Duration realTimePerDay) {
    return new TimeScale(realTimePerDay);
  }

  /** No waiting. */
  record AsFastAsPossible() implements Pacing {}

  /**
   * A fixed rate.
   *
   * @param eventsPerSecond positive and finite
   */
  record Rate(double eventsPerSecond) implements Pacing {
    public Rate {
      if (!(eventsPerSecond > 0) || !Double.isFinite(eventsPerSecond)) {
        throw new IllegalArgumentException(
            "a pacing rate must be a positive number of events per second but was "
                + eventsPerSecond);
      }
    }
  }

  /**
   * Event time scaled to real time: an event {@code t} after the first event waits until {@code t *
   * realTimePerDay / 1 day} after the first was emitted.
   *
   * @param realTimePerDay positive
   */
  record TimeScale(Duration realTimePerDay) implements Pacing {
    public TimeScale {
      Objects.requireNonNull(realTimePerDay, "realTimePerDay");
      if (realTimePerDay.isNegative() || realTimePerDay.isZero()) {
        throw new IllegalArgumentException(
            "the real time per simulated day must be positive but was " + realTimePerDay);
      }
    }
  }
}
