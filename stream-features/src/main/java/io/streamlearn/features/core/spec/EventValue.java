package io.streamlearn.features.core.spec;

/**
 * The value of a numeric field of the transaction itself, e.g. its amount.
 *
 * @param name feature name
 * @param field a numeric field
 * @param missing the value output when the field is missing
 */
public record EventValue(String name, String field, double missing) implements EventFeature {

  public EventValue {
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.checkNumericField(field, "a value feature");
    problems.checkMissing(missing);
    problems.throwIfAny();
  }
}
