package io.streamlearn.features.core.spec;

import java.time.Duration;

/**
 * An aggregate of an entity's transactions over a time window, optionally shifted back by a delay:
 * e.g. a customer's number of transactions over 7 days, or a terminal's over the 1 day that ends 7
 * days ago. See {@code docs/FEATURES.md} for the exact window edges.
 *
 * @param name feature name
 * @param entity entity key field whose transactions are aggregated
 * @param function what to compute
 * @param field the aggregated field: none ({@code null}) for {@code count}, a text field for {@code
 *     distinct_count}, a numeric field otherwise
 * @param window window length, a positive multiple of the spec's resolution
 * @param delay how far the window's end lies before the event time, a multiple of the resolution;
 *     {@code null} means none
 * @param missing the value output when the aggregate is undefined (e.g. a mean without values)
 */
public record WindowAggregate(
    String name,
    String entity,
    AggregateFunction function,
    String field,
    Duration window,
    Duration delay,
    double missing)
    implements EntityFeature {

  public WindowAggregate {
    delay = delay == null ? Duration.ZERO : delay;
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.checkEntity(entity);
    if (function == null) {
      problems.add("function is required");
    } else if (function == AggregateFunction.COUNT) {
      problems.require(field == null, "count takes no field, but field '" + field + "' is given");
    } else if (function == AggregateFunction.DISTINCT_COUNT) {
      problems.checkTextField(field, function.label());
    } else {
      problems.checkNumericField(field, function.label());
    }
    problems.checkWindow(window);
    problems.checkDelay(delay);
    problems.checkMissing(missing);
    problems.throwIfAny();
  }
}
