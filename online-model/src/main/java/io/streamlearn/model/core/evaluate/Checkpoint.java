package io.streamlearn.model.core.evaluate;

import java.util.Map;

/**
 * The state of a progressive validation after {@code answers} labels were revealed.
 *
 * @param answers labels revealed so far: each updated the metrics, then the learner
 * @param predictions examples predicted so far
 * @param eventTime the time up to which the stream was processed
 * @param metrics the value of each metric, by name, in the order the metrics were given
 */
public record Checkpoint(
    long answers, long predictions, long eventTime, Map<String, Double> metrics) {

  public Checkpoint {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /** The value of the metric named {@code name}. */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + name + "' in " + metrics.keySet());
    }
    return v;
  }
}
