package io.streamlearn.monitoring.flink;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.StageInput;
import io.streamlearn.monitoring.metrics.LatencyHistogram;
import io.streamlearn.monitoring.metrics.MetricNames;
import io.streamlearn.monitoring.metrics.MicrometerStageMetrics;
import io.streamlearn.monitoring.metrics.StageMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The monitoring stage's metrics in an operator's Flink metric group, under the names and tags of
 * {@link MetricNames} (each tag a key/value group), registered as they first occur. One per
 * operator instance, updated from its thread; gauges may be read from a reporter's. {@link
 * MicrometerBridgeReporter} exports them to Micrometer; on a cluster, Flink's own reporters do.
 */
final class FlinkStageMetrics implements StageMetrics {

  private final MetricGroup operator;
  private final MetricGroup stage;
  private final long latencyWindowMillis;
  private final Map<String, Counter> counters = new HashMap<>();
  private final Map<String, AtomicLong> statistics = new HashMap<>();
  private final Map<String, Long> snapshotBytes = new ConcurrentHashMap<>();
  private HdrLatencyHistogram latency;
  private boolean stateGauge;

  FlinkStageMetrics(MetricGroup operator, long latencyWindowMillis) {
    this.operator = operator;
    this.stage = operator.addGroup(MetricNames.TAG_STAGE, MetricNames.STAGE_MONITORING);
    this.latencyWindowMillis = latencyWindowMillis;
    // the same series as the Kafka Streams registry from the start: every outcome, at zero
    for (String outcome :
        new String[] {MetricNames.OUTCOME_OK, MetricNames.OUTCOME_DLQ, MetricNames.OUTCOME_LATE}) {
      counter(MetricNames.RECORDS, MetricNames.TAG_OUTCOME, outcome);
    }
  }

  /**
   * The counter of {@code name} with {@code tags}; {@code streamlearn.records} also carries the
   * {@code stage} tag, the others only their documented tags ({@code docs/PIPELINE.md}).
   */
  private Counter counter(String name, String... tags) {
    String key = name + String.join("\u0000", tags);
    Counter counter = counters.get(key);
    if (counter == null) {
      MetricGroup group = name.equals(MetricNames.RECORDS) ? stage : operator;
      for (int i = 0; i < tags.length; i += 2) {
        group = group.addGroup(tags[i], tags[i + 1]);
      }
      counter = group.counter(name);
      counters.put(key, counter);
    }
    return counter;
  }

  @Override
  public void observed(StageInput input) {
    counter(MetricNames.RECORDS, MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_OK).inc();
    counter(MetricNames.MONITORED_EVENTS, "input", MicrometerStageMetrics.inputTag(input)).inc();
  }

  @Override
  public void deadLettered(StageInput input) {
    counter(MetricNames.RECORDS, MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_DLQ).inc();
  }

  @Override
  public void late(long count) {
    if (count > 0) {
      counter(MetricNames.RECORDS, MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_LATE).inc(count);
    }
  }

  @Override
  public void latencyMillis(long millis) {
    if (latency == null) {
      latency =
          operator.histogram(
              MetricNames.EVENT_TO_PREDICTION_LATENCY,
              new HdrLatencyHistogram(
                  new LatencyHistogram(latencyWindowMillis, System::currentTimeMillis)));
    }
    latency.update(millis);
  }

  @Override
  public void alert(AlertEvent alert) {
    counter(MetricNames.ALERTS, "monitor", alert.monitor(), "kind", alert.kind().name()).inc();
  }

  @Override
  public void statistic(String monitor, String subject, double value) {
    AtomicLong holder = statistics.get(monitor + '\u0000' + subject);
    if (holder == null) {
      AtomicLong created = new AtomicLong();
      operator
          .addGroup("monitor", monitor)
          .addGroup("subject", subject)
          .gauge(
              MetricNames.DRIFT_STATISTIC,
              (Gauge<Double>) () -> Double.longBitsToDouble(created.get()));
      statistics.put(monitor + '\u0000' + subject, created);
      holder = created;
    }
    holder.set(Double.doubleToLongBits(value));
  }

  @Override
  public void stateBytes(String monitor, long bytes) {
    snapshotBytes.put(monitor, bytes);
    if (!stateGauge) {
      stateGauge = true;
      stage.gauge(
          MetricNames.STATE_BYTES,
          (Gauge<Long>) () -> snapshotBytes.values().stream().mapToLong(Long::longValue).sum());
    }
  }
}
