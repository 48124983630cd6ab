package io.streamlearn.features.core.spec;

import java.time.Duration;

/**
 * An aggregate of the labels of an entity's past transactions: e.g. a terminal's fraud risk, the
 * share of its labelled transactions of the day that ended 7 days ago that were fraudulent. A
 * transaction counts when its event time lies in the delay-shifted window and its label is known,
 * that is its label time is at or before the event time of the transaction being described. See
 * {@code docs/FEATURES.md}.
 *
 * @param name feature name
 * @param entity entity key field whose transactions' labels are aggregated
 * @param function what to compute
 * @param window window length, a positive multiple of the spec's resolution
 * @param delay how far the window's end lies before the event time, a multiple of the resolution;
 *     {@code null} means none
 * @param missing the value output when the aggregate is undefined (a mean without labels); the
 *     handbook uses 0
 */
public record TargetAggregate(
    String name,
    String entity,
    TargetFunction function,
    Duration window,
    Duration delay,
    double missing)
    implements EntityFeature {

  public TargetAggregate {
    delay = delay == null ? Duration.ZERO : delay;
    Problems problems = Problems.forFeature(name);
    problems.checkFeatureName(name);
    problems.checkEntity(entity);
    problems.require(function != null, "function is required");
    problems.checkWindow(window);
    problems.checkDelay(delay);
    problems.checkMissing(missing);
    problems.throwIfAny();
  }
}
