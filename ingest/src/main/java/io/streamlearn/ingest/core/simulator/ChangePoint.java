package io.streamlearn.ingest.core.simulator;

import java.util.Objects;

/**
 * A change point of the simulated world, as written to the ground-truth file.
 *
 * @param id 1-based, in order of time (then kind)
 * @param change the configured change
 * @param before the value of the parameter on the day before the change
 * @param startMillis epoch milliseconds at which the change takes effect (00:00 UTC of its day)
 * @param fullEffectMillis when the stream has fully reached its new regime (later than {@code
 *     startMillis} for changes that ramp up, e.g. compromises that last several days)
 * @param firstLabelMillis the earliest time a label of an affected transaction can be known ({@code
 *     startMillis} plus the label delay): the soonest a label-based detector can react
 */
public record ChangePoint(
    int id,
    DriftChange change,
    double before,
    long startMillis,
    long fullEffectMillis,
    long firstLabelMillis) {

  public ChangePoint {
    Objects.requireNonNull(change, "change");
  }

  /** The value of the parameter from the change on. */
  public double after() {
    return change.value();
  }
}
