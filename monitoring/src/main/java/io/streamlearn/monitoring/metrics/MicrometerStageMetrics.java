package io.streamlearn.monitoring.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.StageInput;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The monitoring stage's metrics in a Micrometer registry (the Kafka Streams topology's): counters
 * of records by outcome and of observed events by input, the latency percentiles over a {@link
 * LatencyHistogram}, alert counters, and gauges of drift statistics and state size, registered as
 * they first occur. The gauges of a stage built earlier in the same registry are replaced (counters
 * continue). {@link #close()} removes every meter it registered (the application that runs the
 * stage closes it when it stops). Thread-safe: the stream threads of one application share it.
 */
public final class MicrometerStageMetrics implements StageMetrics, AutoCloseable {

  private final MeterRegistry registry;
  private final OwnedMeters owned;
  private final AlertCounters alerts;
  private final Map<StageInput, Counter> observed = new EnumMap<>(StageInput.class);
  private final Map<StageInput, Counter> events = new EnumMap<>(StageInput.class);
  private final Counter deadLettered;
  private final Counter late;
  private final LatencyHistogram latency;
  private final Map<String, AtomicLong> statistics = new ConcurrentHashMap<>();
  private final Map<String, Long> snapshotBytes = new ConcurrentHashMap<>();

  /**
   * Registers the stage's meters.
   *
   * @param registry where they go
   * @param latencyWindowMillis the span of the latency percentiles
   * @param clockMillis processing time, for the latency window
   */
  public MicrometerStageMetrics(
      MeterRegistry registry, long latencyWindowMillis, LongSupplier clockMillis) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.owned = new OwnedMeters(registry);
    this.alerts = new AlertCounters(registry, owned);
    Tags stage = Tags.of(MetricNames.TAG_STAGE, MetricNames.STAGE_MONITORING);
    Counter ok =
        registered(
            registry.counter(
                MetricNames.RECORDS, stage.and(MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_OK)));
    for (StageInput input : StageInput.values()) {
      observed.put(input, ok);
      events.put(
          input,
          registered(registry.counter(MetricNames.MONITORED_EVENTS, "input", inputTag(input))));
    }
    deadLettered =
        registered(
            registry.counter(
                MetricNames.RECORDS, stage.and(MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_DLQ)));
    late =
        registered(
            registry.counter(
                MetricNames.RECORDS, stage.and(MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_LATE)));
    latency = new LatencyHistogram(latencyWindowMillis, clockMillis);
    registerLatencyGauges(registry, latency).forEach(owned::add);
    registry.find(MetricNames.STATE_BYTES).tags(stage).meters().forEach(registry::remove);
    registry.find(MetricNames.DRIFT_STATISTIC).meters().forEach(registry::remove);
    registered(
        Gauge.builder(
                MetricNames.STATE_BYTES,
                snapshotBytes,
                m -> m.values().stream().mapToLong(Long::longValue).sum())
            .tags(stage)
            .register(registry));
  }

  private <M extends Meter> M registered(M meter) {
    return owned.add(meter);
  }

  /** Removes every meter this registered from the registry. */
  @Override
  public void close() {
    owned.close();
  }

  /**
   * Registers the {@code quantile} gauges of the latency percentiles, in seconds, and its maximum,
   * replacing those of an earlier stage in the same registry; returns them.
   */
  public static List<Meter> registerLatencyGauges(
      MeterRegistry registry, LatencyHistogram histogram) {
    registry.find(MetricNames.EVENT_TO_PREDICTION_LATENCY).meters().forEach(registry::remove);
    List<Meter> gauges = new ArrayList<>();
    for (double q : MetricNames.LATENCY_QUANTILES) {
      gauges.add(
          Gauge.builder(
                  MetricNames.EVENT_TO_PREDICTION_LATENCY,
                  histogram,
                  h -> h.snapshot().quantileMillis(q) / 1000.0)
              .tag("quantile", quantileTag(q))
              .register(registry));
    }
    gauges.add(
        Gauge.builder(
                MetricNames.EVENT_TO_PREDICTION_LATENCY,
                histogram,
                h -> h.snapshot().maxMillis() / 1000.0)
            .tag("quantile", "max")
            .register(registry));
    return gauges;
  }

  /** The tag of a quantile: {@code 0.5}, {@code 0.99}, {@code 0.999}. */
  public static String quantileTag(double q) {
    return Double.toString(q);
  }

  /** The {@code input} tag of a topic: {@code features}, {@code predictions}, {@code labels}. */
  public static String inputTag(StageInput input) {
    return input.name().toLowerCase(Locale.ROOT);
  }

  /** The latency histogram, to read percentiles directly. */
  public LatencyHistogram latency() {
    return latency;
  }

  @Override
  public void observed(StageInput input) {
    observed.get(input).increment();
    events.get(input).increment();
  }

  @Override
  public void deadLettered(StageInput input) {
    deadLettered.increment();
  }

  @Override
  public void late(long count) {
    if (count > 0) {
      late.increment(count);
    }
  }

  @Override
  public void latencyMillis(long millis) {
    latency.recordMillis(millis);
  }

  @Override
  public void alert(AlertEvent alert) {
    alerts.count(alert);
  }

  @Override
  public void statistic(String monitor, String subject, double value) {
    statistics
        .computeIfAbsent(
            monitor + '\u0000' + subject,
            k -> {
              AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
              registered(
                  Gauge.builder(
                          MetricNames.DRIFT_STATISTIC, bits, b -> Double.longBitsToDouble(b.get()))
                      .tags("monitor", monitor, "subject", subject)
                      .register(registry));
              return bits;
            })
        .set(Double.doubleToLongBits(value));
  }

  @Override
  public void stateBytes(String monitor, long bytes) {
    snapshotBytes.put(monitor, bytes);
  }
}
