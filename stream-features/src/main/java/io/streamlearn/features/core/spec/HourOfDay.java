package io.streamlearn.features.core.spec;

/**
 * The hour of day (0 to 23) of the event time, in the spec's time zone.
 *
 * @param name feature name
 */
public record HourOfDay(String name) implements EventFeature {

  public HourOfDay {
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.throwIfAny();
  }
}
