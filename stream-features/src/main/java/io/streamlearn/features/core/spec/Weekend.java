package io.streamlearn.features.core.spec;

/**
 * 1 when the event time falls on a Saturday or Sunday in the spec's time zone, else 0.
 *
 * @param name feature name
 */
public record Weekend(String name) implements EventFeature {

  public Weekend {
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.throwIfAny();
  }
}
