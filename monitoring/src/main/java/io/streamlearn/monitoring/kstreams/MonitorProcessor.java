package io.streamlearn.monitoring.kstreams;

import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftAlertMapping;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.CheckpointedMonitor;
import io.streamlearn.monitoring.core.stage.MonitoringPlan;
import io.streamlearn.monitoring.core.stage.Observation;
import io.streamlearn.monitoring.metrics.StageMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the monitors of one task: observations arrive keyed by monitor name; each monitor lives in
 * memory and in the task's store as a snapshot plus a log ({@link CheckpointedMonitor}), and its
 * alerts are forwarded as {@link DriftAlert}s keyed by monitor. A stream-time punctuation advances
 * every monitor to stream time minus the allowed lateness, closing event-time windows no later
 * event will close.
 */
final class MonitorProcessor extends ContextualProcessor<String, byte[], String, DriftAlert> {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorProcessor.class);
  private static final Duration PUNCTUATION_INTERVAL = Duration.ofMinutes(1);

  private final MonitoringPlan plan;
  private final StageMetrics metrics;
  private final String storeName;
  private final Map<String, CheckpointedMonitor> monitors = new HashMap<>();
  private final Map<String, KeyValueMonitorStore> stores = new HashMap<>();
  private final Set<String> unknown = new HashSet<>();
  private KeyValueStore<String, byte[]> store;

  MonitorProcessor(MonitoringPlan plan, StageMetrics metrics, String storeName) {
    this.plan = plan;
    this.metrics = metrics;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, DriftAlert> context) {
    super.init(context);
    store = context.getStateStore(storeName);
    long lateness = plan.settings().allowedLatenessMillis();
    context.schedule(
        PUNCTUATION_INTERVAL,
        PunctuationType.STREAM_TIME,
        streamTime -> advance(streamTime - lateness));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String name = record.key();
    if (name == null || record.value() == null) {
      return; // nothing the routers write
    }
    CheckpointedMonitor monitor = monitor(name);
    if (monitor == null) {
      return;
    }
    Observation observation = Observation.fromBytes(name, record.value());
    CheckpointedMonitor.Outcome outcome = monitor.observe(observation, stores.get(name));
    publish(name, outcome, record.timestamp());
  }

  private void advance(long watermark) {
    for (Map.Entry<String, CheckpointedMonitor> e : monitors.entrySet()) {
      CheckpointedMonitor.Outcome outcome =
          e.getValue().advanceTo(watermark, stores.get(e.getKey()));
      publish(e.getKey(), outcome, Math.max(0, watermark));
    }
  }

  private CheckpointedMonitor monitor(String name) {
    CheckpointedMonitor monitor = monitors.get(name);
    if (monitor != null) {
      return monitor;
    }
    if (!plan.monitorNames().contains(name)) {
      if (unknown.add(name)) {
        LOG.warn(
            "Skipping observations for monitor '{}', which the settings no longer configure"
                + " (configured: {})",
            name,
            plan.monitorNames());
      }
      return null;
    }
    KeyValueMonitorStore monitorStore = new KeyValueMonitorStore(store, name);
    monitor = CheckpointedMonitor.restore(plan, name, monitorStore);
    monitors.put(name, monitor);
    stores.put(name, monitorStore);
    byte[] snapshot = monitorStore.snapshot();
    if (snapshot != null) {
      metrics.stateBytes(name, snapshot.length);
    }
    return monitor;
  }

  private void publish(String name, CheckpointedMonitor.Outcome outcome, long timestamp) {
    for (AlertEvent alert : outcome.alerts()) {
      metrics.alert(alert);
      context().forward(new Record<>(name, DriftAlertMapping.toAvro(alert), timestamp));
    }
    outcome.statistics().forEach((subject, value) -> metrics.statistic(name, subject, value));
    metrics.late(outcome.lateEvents());
    if (outcome.snapshotBytes() >= 0) {
      metrics.stateBytes(name, outcome.snapshotBytes());
    }
  }
}
