package io.streamlearn.model.core.evaluate;

/**
 * Callbacks of a progressive validation, e.g. to compute card precision@k per day or weekly curves
 * from every score. All methods do nothing by default.
 *
 * @param <T> the type of the examples' tags
 */
public interface EvaluationListener<T> {

  /** {@code example} was scored {@code score} at its arrival, before its label was known. */
  default void onPrediction(LabelledExample<T> example, double score) {}

  /**
   * The label of {@code example} was revealed at {@code labelTime}; the metrics were updated with
   * {@code score}, the score given at its arrival, and the learner then learned it.
   */
  default void onLabel(LabelledExample<T> example, double score, long labelTime) {}

  /** Every {@code step} answers, and once at the end. */
  default void onCheckpoint(Checkpoint checkpoint) {}
}
