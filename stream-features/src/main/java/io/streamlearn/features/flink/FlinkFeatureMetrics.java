package io.streamlearn.features.flink;

import io.streamlearn.features.stage.FeatureMetrics;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.RecordOutcome;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The stage's counters in an operator's Flink metric group: {@code streamlearn.records} under the
 * groups {@code stage=features} and {@code outcome=<outcome>}, which metric reporters turn into
 * labels (docs/PIPELINE.md, "Metrics").
 */
final class FlinkFeatureMetrics implements FeatureMetrics {

  /** The metric name: the Micrometer name of {@code streamlearn_records_total}. */
  static final String RECORDS = "streamlearn.records";

  private final Map<RecordOutcome, Counter> counters = new EnumMap<>(RecordOutcome.class);

  FlinkFeatureMetrics(MetricGroup operator) {
    MetricGroup stage = operator.addGroup("stage", FeatureStage.METRIC_STAGE);
    for (RecordOutcome outcome : RecordOutcome.values()) {
      counters.put(outcome, stage.addGroup("outcome", outcome.tag()).counter(RECORDS));
    }
  }

  @Override
  public void count(RecordOutcome outcome) {
    counters.get(outcome).inc();
  }
}
