package io.streamlearn.features.core;

import io.streamlearn.features.core.spec.DurationText;
import io.streamlearn.features.core.spec.FeatureSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the core treats event-time disorder and idle state; the engines pass the same settings to
 * every stage. Both affect results, so a parity run uses one value for all engines and the
 * reference.
 *
 * @param allowedLateness how far behind the newest event time an entity has seen an input may be
 *     and still be accepted; later inputs are rejected with a reason
 * @param stateTtl how long an entity's state lives after its newest event time; see {@link
 *     #minimumTtl}
 */
public record StreamSettings(Duration allowedLateness, Duration stateTtl) {

  /** The default allowed lateness (the pipeline file's default, docs/PIPELINE.md). */
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofHours(1);

  public StreamSettings {
    List<String> problems = new ArrayList<>();
    if (allowedLateness == null
        || allowedLateness.isNegative()
        || allowedLateness.getNano() % 1_000_000 != 0) {
      problems.add(
          "allowedLateness must be zero or a positive whole number of milliseconds, not "
              + allowedLateness);
    }
    if (stateTtl == null
        || stateTtl.isNegative()
        || stateTtl.isZero()
        || stateTtl.getNano() % 1_000_000 != 0) {
      problems.add("stateTtl must be a positive whole number of milliseconds, not " + stateTtl);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * The default lateness ({@value #DEFAULT_ALLOWED_LATENESS}) and the smallest safe TTL for {@code
   * spec}, rounded up to whole days.
   */
  public static StreamSettings defaultsFor(FeatureSpec spec) {
    Duration minimum = minimumTtl(spec, DEFAULT_ALLOWED_LATENESS);
    long days = (minimum.toMillis() + 86_399_999L) / 86_400_000L;
    return new StreamSettings(DEFAULT_ALLOWED_LATENESS, Duration.ofDays(days));
  }

  /**
   * The shortest TTL under which expiring a state never changes a windowed feature: the spec's
   * longest {@code window + delay}, plus one resolution step, plus the allowed lateness. Only
   * {@code time_since_last} still sees expiry (it becomes missing after an idle TTL).
   */
  public static Duration minimumTtl(FeatureSpec spec, Duration allowedLateness) {
    return spec.maxHorizon().plus(spec.resolution()).plus(allowedLateness);
  }

  /** Throws when {@code stateTtl} is shorter than {@link #minimumTtl} for {@code spec}. */
  void checkAgainst(FeatureSpec spec) {
    Duration minimum = minimumTtl(spec, allowedLateness);
    if (stateTtl.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "stateTtl "
              + DurationText.format(stateTtl)
              + " is shorter than "
              + DurationText.format(minimum)
              + " (longest window + delay of spec "
              + spec.specVersion()
              + ", plus its resolution, plus the allowed lateness): expiring state that early"
              + " would change windowed features");
    }
  }
}
