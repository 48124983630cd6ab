package io.streamlearn.model.metrics;

import io.streamlearn.model.core.serving.JoinOutcome;
import io.streamlearn.model.core.serving.QualityValues;
import io.streamlearn.model.core.serving.TrainerEvent;
import io.streamlearn.monitoring.core.monitor.AlertEvent;

/**
 * What the model stage measures, whichever engine runs it (names: {@link ModelMetricNames}).
 * Implementations are thread-safe: scorers of several tasks record concurrently.
 */
public interface ModelStageMetrics {

  /** One record read with the given outcome ({@code ok}, {@code expired}, {@code invalid}). */
  void record(String outcome);

  /** One feature vector scored, with {@code imputed} features imputed. */
  void scored(int imputed);

  /** One outcome of the label join. */
  void join(JoinOutcome outcome);

  /** A snapshot was published: its version and the quality of the served scores. */
  void published(long version, QualityValues quality, long checkpointBytes);

  /** A model event; drift responses are counted by response. */
  void event(TrainerEvent event);

  /** A concept-drift alert was raised. */
  void alert(AlertEvent alert);

  /** Metrics that record nothing. */
  ModelStageMetrics NONE =
      new ModelStageMetrics() {
        @Override
        public void record(String outcome) {}

        @Override
        public void scored(int imputed) {}

        @Override
        public void join(JoinOutcome outcome) {}

        @Override
        public void published(long version, QualityValues quality, long checkpointBytes) {}

        @Override
        public void event(TrainerEvent event) {}

        @Override
        public void alert(AlertEvent alert) {}
      };
}
