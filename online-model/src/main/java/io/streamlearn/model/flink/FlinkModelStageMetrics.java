package io.streamlearn.model.flink;

import io.streamlearn.model.core.serving.JoinOutcome;
import io.streamlearn.model.core.serving.QualityValues;
import io.streamlearn.model.core.serving.TrainerEvent;
import io.streamlearn.model.metrics.ModelMetricNames;
import io.streamlearn.model.metrics.ModelStageMetrics;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The model stage's metrics in an operator's Flink metric group, under the names of {@link
 * ModelMetricNames} with each tag as a key/value group ({@code model=fraud}, {@code
 * window=rolling}); the app's reporter exports them as Micrometer does. Each operator records what
 * it does: scorers the scores, the join its outcomes, the trainer the rest. Used by one task
 * thread.
 */
final class FlinkModelStageMetrics implements ModelStageMetrics {

  private final MetricGroup group;
  private final String model;
  private final Map<String, Counter> counters = new HashMap<>();
  // the counters recorded for every input, by outcome: found without building a key
  private final Map<String, Counter> records = new HashMap<>();
  private final Map<JoinOutcome, Counter> joins = new EnumMap<>(JoinOutcome.class);
  private QualityValues quality;
  private long version;
  private long checkpointBytes;
  private boolean gaugesRegistered;

  FlinkModelStageMetrics(MetricGroup group, String model) {
    this.group = group;
    this.model = model;
  }

  private Counter counter(String name, String k1, String v1, String k2, String v2) {
    return counters.computeIfAbsent(
        name + '|' + v1 + '|' + v2, key -> group.addGroup(k1, v1).addGroup(k2, v2).counter(name));
  }

  @Override
  public void record(String outcome) {
    records
        .computeIfAbsent(
            outcome,
            o -> counter(ModelMetricNames.RECORDS, "stage", ModelMetricNames.STAGE, "outcome", o))
        .inc();
  }

  @Override
  public void scored(int imputed) {
    record("ok");
    if (imputed > 0) {
      counters
          .computeIfAbsent(
              ModelMetricNames.IMPUTED_FEATURES,
              k -> group.addGroup("model", model).counter(ModelMetricNames.IMPUTED_FEATURES))
          .inc(imputed);
    }
  }

  @Override
  public void join(JoinOutcome outcome) {
    joins
        .computeIfAbsent(
            outcome, o -> counter(ModelMetricNames.LABEL_JOIN, "model", model, "outcome", o.tag()))
        .inc();
    if (outcome == JoinOutcome.EXPIRED_UNLABELLED
        || outcome == JoinOutcome.EXPIRED_UNMATCHED_LABEL) {
      record("expired");
    }
  }

  @Override
  public void published(long newVersion, QualityValues values, long bytes) {
    version = newVersion;
    quality = values;
    checkpointBytes = bytes;
    if (gaugesRegistered) {
      return;
    }
    gaugesRegistered = true;
    MetricGroup m = group.addGroup("model", model);
    m.gauge(ModelMetricNames.VERSION, (Gauge<Long>) () -> version);
    for (String window : new String[] {"rolling", "cumulative"}) {
      boolean rolling = window.equals("rolling");
      MetricGroup w = m.addGroup("window", window);
      gauge(w, ModelMetricNames.ROC_AUC, q -> rolling ? q.rocAucRolling() : q.rocAucCumulative());
      gauge(
          w,
          ModelMetricNames.AVERAGE_PRECISION,
          q -> rolling ? q.averagePrecisionRolling() : q.averagePrecisionCumulative());
      gauge(
          w, ModelMetricNames.LOG_LOSS, q -> rolling ? q.logLossRolling() : q.logLossCumulative());
    }
    gauge(m, ModelMetricNames.PRECISION, QualityValues::precision);
    gauge(m, ModelMetricNames.RECALL, QualityValues::recall);
    gauge(m, ModelMetricNames.F1, QualityValues::f1);
    gauge(
        m.addGroup("k", Integer.toString(values.k())),
        ModelMetricNames.CARD_PRECISION_AT_K,
        QualityValues::cardPrecisionAtK);
    group
        .addGroup("stage", ModelMetricNames.STAGE)
        .gauge(ModelMetricNames.STATE_BYTES, (Gauge<Long>) () -> checkpointBytes);
  }

  private void gauge(MetricGroup g, String name, ToDoubleFunction<QualityValues> value) {
    g.gauge(
        name, (Gauge<Double>) () -> quality == null ? Double.NaN : value.applyAsDouble(quality));
  }

  @Override
  public void event(TrainerEvent event) {
    String response = event.type().responseTag();
    if (response != null) {
      counter(ModelMetricNames.DRIFT_RESPONSES, "model", model, "response", response).inc();
    }
  }

  @Override
  public void alert(AlertEvent alert) {
    counter(ModelMetricNames.ALERTS, "monitor", alert.monitor(), "kind", alert.kind().name()).inc();
  }
}
