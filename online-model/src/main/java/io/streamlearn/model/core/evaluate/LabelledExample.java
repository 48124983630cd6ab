package io.streamlearn.model.core.evaluate;

import io.streamlearn.model.core.LearnerInputs;
import java.util.Map;
import java.util.Objects;

/**
 * One example of a stream under evaluation: its features, its label, when it happened and, where
 * the label delay is per example, when its label became known.
 *
 * @param tag what the caller needs back in callbacks (a transaction, its customer id, ...); may be
 *     null
 * @param x the features, as the learner sees them at prediction time
 * @param y the label
 * @param eventTime when the example happened (epoch millis, or any monotone unit)
 * @param labelTime when the label became known, in the same unit; {@code >= eventTime}. Read only
 *     by {@link LabelDelay#perExample()}
 * @param weight the importance weight given to the learner
 * @param <T> the type of the tag
 */
public record LabelledExample<T>(
    T tag, Map<String, Double> x, boolean y, long eventTime, long labelTime, double weight) {

  public LabelledExample {
    Objects.requireNonNull(x, "x");
    if (labelTime < eventTime) {
      throw new IllegalArgumentException(
          "label time " + labelTime + " is before event time " + eventTime);
    }
    LearnerInputs.requireWeight(weight);
  }

  /** An example whose label time is its event time, with weight 1. */
  public static <T> LabelledExample<T> of(T tag, Map<String, Double> x, boolean y, long eventTime) {
    return new LabelledExample<>(tag, x, y, eventTime, eventTime, 1.0);
  }

  /** An example whose label became known at {@code labelTime}, with weight 1. */
  public static <T> LabelledExample<T> of(
      T tag, Map<String, Double> x, boolean y, long eventTime, long labelTime) {
    return new LabelledExample<>(tag, x, y, eventTime, labelTime, 1.0);
  }
}
