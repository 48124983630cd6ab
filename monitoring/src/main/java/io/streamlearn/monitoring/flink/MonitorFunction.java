package io.streamlearn.monitoring.flink;

import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftAlertMapping;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.CheckpointedMonitor;
import io.streamlearn.monitoring.core.stage.MonitoringPlan;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.Observation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one monitor per key (the monitor's name): its state is keyed state, a snapshot ({@code
 * ValueState}) plus a log ({@code ListState}) as {@link CheckpointedMonitor} writes them, and the
 * live monitor is kept in memory between elements. An event-time timer at the end of the open
 * window closes it when the watermark passes (the watermark lags the newest event time by the
 * allowed lateness); a window that a later event closes first has its timer deleted.
 */
public final class MonitorFunction
    extends KeyedProcessFunction<String, Tuple2<String, byte[]>, DriftAlert> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MonitorFunction.class);

  private final ShippedSettings shipped;
  private transient MonitoringPlan plan;
  private transient FlinkStageMetrics metrics;
  private transient ValueState<byte[]> snapshot;
  private transient ListState<byte[]> log;
  private transient Map<String, CheckpointedMonitor> monitors;
  private transient Map<String, Long> timers;
  private transient CheckpointedMonitor.Store store;

  public MonitorFunction(MonitoringStageSettings settings) {
    this.shipped = ShippedSettings.of(settings);
  }

  @Override
  public void open(OpenContext context) {
    MonitoringStageSettings settings = shipped.settings();
    plan = new MonitoringPlan(settings);
    metrics =
        new FlinkStageMetrics(getRuntimeContext().getMetricGroup(), settings.latencyWindowMillis());
    snapshot =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "monitor-snapshot", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    log =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    "monitor-log", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    monitors = new HashMap<>();
    timers = new HashMap<>();
    store = new KeyedStateStore();
  }

  @Override
  public void processElement(Tuple2<String, byte[]> element, Context ctx, Collector<DriftAlert> out)
      throws Exception {
    String name = ctx.getCurrentKey();
    CheckpointedMonitor monitor = monitor(name);
    if (monitor == null) {
      return;
    }
    Observation observation = Observation.fromBytes(name, element.f1);
    publish(name, monitor.observe(observation, store), out);
    scheduleWindowEnd(name, monitor, ctx.timerService());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftAlert> out)
      throws Exception {
    String name = ctx.getCurrentKey();
    CheckpointedMonitor monitor = monitor(name);
    if (monitor == null) {
      return;
    }
    timers.remove(name);
    publish(name, monitor.advanceTo(timestamp, store), out);
    scheduleWindowEnd(name, monitor, ctx.timerService());
  }

  private void scheduleWindowEnd(
      String name,
      CheckpointedMonitor monitor,
      org.apache.flink.streaming.api.TimerService timerService) {
    OptionalLong end = monitor.monitor().openWindowEndMillis();
    Long registered = timers.get(name);
    if (end.isPresent() && registered != null && registered == end.getAsLong()) {
      return;
    }
    if (registered != null) {
      timerService.deleteEventTimeTimer(registered);
      timers.remove(name);
    }
    if (end.isPresent()) {
      timerService.registerEventTimeTimer(end.getAsLong());
      timers.put(name, end.getAsLong());
    }
  }

  private CheckpointedMonitor monitor(String name) throws Exception {
    CheckpointedMonitor monitor = monitors.get(name);
    if (monitor != null) {
      return monitor;
    }
    if (!plan.monitorNames().contains(name)) {
      LOG.warn(
          "Skipping observations for monitor '{}', which the settings no longer configure", name);
      return null;
    }
    monitor = CheckpointedMonitor.restore(plan, name, store);
    monitors.put(name, monitor);
    byte[] saved = snapshot.value();
    if (saved != null) {
      metrics.stateBytes(name, saved.length);
    }
    return monitor;
  }

  private void publish(
      String name, CheckpointedMonitor.Outcome outcome, Collector<DriftAlert> out) {
    for (AlertEvent alert : outcome.alerts()) {
      metrics.alert(alert);
      out.collect(DriftAlertMapping.toAvro(alert));
    }
    outcome.statistics().forEach((subject, value) -> metrics.statistic(name, subject, value));
    metrics.late(outcome.lateEvents());
    if (outcome.snapshotBytes() >= 0) {
      metrics.stateBytes(name, outcome.snapshotBytes());
    }
  }

  /** The current key's snapshot and log in keyed state. */
  private final class KeyedStateStore implements CheckpointedMonitor.Store {
    @Override
    public byte[] snapshot() {
      try {
        return snapshot.value();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public Iterable<byte[]> log() {
      try {
        List<byte[]> entries = new ArrayList<>();
        Iterable<byte[]> stored = log.get();
        if (stored != null) {
          stored.forEach(entries::add);
        }
        return entries;
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the monitor's log", e);
      }
    }

    @Override
    public void saveSnapshot(byte[] state) {
      try {
        snapshot.update(state);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void appendLog(byte[] entry) {
      try {
        log.add(entry);
      } catch (Exception e) {
        throw new IllegalStateException("cannot append to the monitor's log", e);
      }
    }

    @Override
    public void clearLog() {
      log.clear();
    }
  }
}
