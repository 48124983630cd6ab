package io.streamlearn.features.core.spec;

import java.util.Arrays;
import java.util.Optional;

/** What a {@link WindowAggregate} computes over the events of its window. */
public enum AggregateFunction {
  /** Number of events. Takes no field. Never undefined: 0 for an empty window. */
  COUNT("count"),
  /** Sum of the field's values; 0 for an empty window. */
  SUM("sum"),
  /** Arithmetic mean of the field's values; undefined without values. */
  MEAN("mean"),
  /** Smallest value; undefined without values. */
  MIN("min"),
  /** Largest value; undefined without values. */
  MAX("max"),
  /** Population standard deviation (divides by n); undefined without values, 0 for one value. */
  STDDEV("stddev"),
  /** Number of distinct values of a text field; 0 for an empty window. */
  DISTINCT_COUNT("distinct_count");

  private final String label;

  AggregateFunction(String label) {
    this.label = label;
  }

  /** The name a spec file uses. */
  public String label() {
    return label;
  }

  /** The function a spec file names, if any. */
  public static Optional<AggregateFunction> fromLabel(String label) {
    return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst();
  }
}
