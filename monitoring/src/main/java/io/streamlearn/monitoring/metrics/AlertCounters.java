package io.streamlearn.monitoring.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stage's {@code streamlearn_alerts_total{monitor,kind}} counters in Micrometer, registered on a
 * stage's first alert of each monitor and kind and owned by the stage ({@link OwnedMeters}), so
 * that they go when it stops. Shared by the monitoring and the model stages. Thread-safe.
 */
public final class AlertCounters {

  private final MeterRegistry registry;
  private final OwnedMeters owned;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public AlertCounters(MeterRegistry registry, OwnedMeters owned) {
    this.registry = registry;
    this.owned = owned;
  }

  /** Counts {@code alert} under its monitor and kind. */
  public void count(AlertEvent alert) {
    counters
        .computeIfAbsent(
            alert.monitor() + '\u0000' + alert.kind().name(),
            k ->
                owned.add(
                    registry.counter(
                        MetricNames.ALERTS,
                        "monitor",
                        alert.monitor(),
                        "kind",
                        alert.kind().name())))
        .increment();
  }
}
