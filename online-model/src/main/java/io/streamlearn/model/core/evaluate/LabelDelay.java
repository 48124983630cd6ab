package io.streamlearn.model.core.evaluate;

import java.time.Duration;

/** When the label of an example is revealed to the learner and the metrics. */
@FunctionalInterface
public interface LabelDelay {

  /** The time at which the label of {@code example} becomes known; never before its event. */
  long labelTime(LabelledExample<?> example);

  /** No delay: each label is known right after its example is predicted (test-then-train). */
  static LabelDelay none() {
    return LabelledExample::eventTime;
  }

  /** A fixed delay after the event, in the unit of the event times. */
  static LabelDelay fixed(long delay) {
    if (delay < 0) {
      throw new IllegalArgumentException("delay must be >= 0, got " + delay);
    }
    return e -> e.eventTime() + delay;
  }

  /** A fixed delay after the event, for event times in epoch milliseconds. */
  static LabelDelay fixed(Duration delay) {
    return fixed(delay.toMillis());
  }

  /** Each example's own {@link LabelledExample#labelTime()}. */
  static LabelDelay perExample() {
    return LabelledExample::labelTime;
  }
}
