package io.streamlearn.features.core.spec;

import java.time.Duration;

/**
 * The transaction's value of a numeric field divided by the entity's mean of that field over a
 * window (which, like every window, includes the transaction itself): e.g. the amount relative to
 * the customer's 30-day mean amount.
 *
 * @param name feature name
 * @param entity entity key field
 * @param field a numeric field
 * @param window window length, a positive multiple of the spec's resolution
 * @param missing the value output when the transaction has no value or the mean is undefined or 0
 */
public record RelativeToMean(
    String name, String entity, String field, Duration window, double missing)
    implements EntityFeature {

  public RelativeToMean {
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.checkEntity(entity);
    problems.checkNumericField(field, "relative_to_mean");
    problems.checkWindow(window);
    problems.checkMissing(missing);
    problems.throwIfAny();
  }
}
