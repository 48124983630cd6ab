package io.streamlearn.features.stage;

/**
 * Where the stage counts {@code streamlearn_records_total{stage="features",outcome=...}}:
 * Micrometer on Kafka Streams, Flink's metric groups on Flink. Implementations are thread-safe.
 */
public interface FeatureMetrics {

  /** Counts one record of {@code outcome}. */
  void count(RecordOutcome outcome);

  /** Counts nothing: for tests and tools that do not export metrics. */
  static FeatureMetrics none() {
    return outcome -> {};
  }
}
