package io.streamlearn.monitoring.core.stage;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitoring stage in one thread, without an engine: every monitor of a {@link MonitoringPlan}
 * fed in the order events are given. It computes what the Kafka Streams topology and the Flink job
 * compute from the same per-monitor order of events, and serves as their oracle in the parity tests
 * and as the engine of the drift-detection benchmark.
 */
public final class LocalMonitoringStage {

  private final MonitoringPlan plan;
  private final Map<String, StageMonitor> monitors = new LinkedHashMap<>();

  public LocalMonitoringStage(MonitoringPlan plan) {
    this.plan = plan;
    for (String name : plan.monitorNames()) {
      monitors.put(name, plan.newMonitor(name));
    }
  }

  public LocalMonitoringStage(MonitoringStageSettings settings) {
    this(new MonitoringPlan(settings));
  }

  /** Feeds a feature vector; returns the alerts raised. */
  public List<AlertEvent> onFeatures(long eventTimeMillis, Map<String, Double> features) {
    return feed(plan.observeFeatures(eventTimeMillis, features));
  }

  /** Feeds a score; returns the alerts raised. */
  public List<AlertEvent> onPrediction(long eventTimeMillis, double score) {
    return feed(plan.observePrediction(eventTimeMillis, score));
  }

  /** Feeds a label; returns the alerts raised. */
  public List<AlertEvent> onLabel(long labelTimeMillis, boolean positive) {
    return feed(plan.observeLabel(labelTimeMillis, positive));
  }

  /** Advances event time for every monitor (closes event-time windows that end by then). */
  public List<AlertEvent> advanceTo(long watermarkMillis) {
    List<AlertEvent> alerts = new ArrayList<>();
    for (StageMonitor monitor : monitors.values()) {
      alerts.addAll(monitor.advanceTo(watermarkMillis));
    }
    return alerts;
  }

  /** The monitors by name, in the order of the settings. */
  public Map<String, StageMonitor> monitors() {
    return Collections.unmodifiableMap(monitors);
  }

  private List<AlertEvent> feed(List<Observation> observations) {
    List<AlertEvent> alerts = List.of();
    for (Observation o : observations) {
      List<AlertEvent> raised = monitors.get(o.monitor()).observe(o);
      if (!raised.isEmpty()) {
        if (alerts.isEmpty()) {
          alerts = new ArrayList<>();
        }
        alerts.addAll(raised);
      }
    }
    return alerts;
  }
}
