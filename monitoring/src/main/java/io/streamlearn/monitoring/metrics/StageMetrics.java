package io.streamlearn.monitoring.metrics;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.StageInput;

/**
 * What the monitoring stage measures, whichever engine runs it: Kafka Streams records into a
 * Micrometer registry ({@link MicrometerStageMetrics}), Flink into its metric groups (exported to
 * Micrometer by the bridge reporter). Names and tags: {@link MetricNames}.
 */
public interface StageMetrics {

  /** A record of {@code input} was read and observed. */
  void observed(StageInput input);

  /** A record of {@code input} could not be read and went to its dead-letter topic. */
  void deadLettered(StageInput input);

  /** Observations found too late for their window. */
  void late(long count);

  /** One event-to-prediction latency. */
  void latencyMillis(long millis);

  /** An alert was raised. */
  void alert(AlertEvent alert);

  /** The latest statistic of a monitored subject. */
  void statistic(String monitor, String subject, double value);

  /** The size of a monitor's last snapshot. */
  void stateBytes(String monitor, long bytes);
}
