package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.days;
import static io.streamlearn.features.core.Inputs.hours;
import static io.streamlearn.features.core.Inputs.minutes;

import io.streamlearn.features.core.spec.FeatureSpec;
import java.time.Duration;
import java.util.List;

/**
 * The core's random kitchen-sink streams, for the engines' tests: every feature kind on three
 * entity keys (one of them an attribute some transactions lack), labels early, late, invalid and
 * duplicated, inputs out of order within and beyond the allowed lateness.
 */
public final class KitchenSinkStreams {

  /** The allowed lateness the streams are made for: their disorder stays within it. */
  public static final Duration LATENESS = Duration.ofMinutes(30);

  private KitchenSinkStreams() {}

  /** The kitchen-sink spec (three entity keys, every feature kind, 15-minute resolution). */
  public static FeatureSpec spec() {
    return TestSpecs.kitchenSink();
  }

  /**
   * 3,000 transactions over 6 days with their labels, in arrival order: most inputs up to 20
   * minutes late, and, when {@code withStragglers}, 1% more than 2 hours late.
   */
  public static List<FeatureInput> arrivals(long seed, boolean withStragglers) {
    return new RandomFeatureStream(
            30,
            12,
            5,
            3000,
            days(6),
            0.7,
            0.3,
            hours(8),
            0.02,
            0.03,
            minutes(20),
            withStragglers ? 0.01 : 0.0,
            hours(2),
            false)
        .arrivals(seed);
  }
}
