package io.streamlearn.model.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.model.core.serving.JoinOutcome;
import io.streamlearn.model.core.serving.QualityValues;
import io.streamlearn.model.core.serving.TrainerEvent;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.metrics.AlertCounters;
import io.streamlearn.monitoring.metrics.OwnedMeters;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The model stage's metrics in a Micrometer registry (Kafka Streams; the app serves the registry at
 * {@code /metrics}). Quality gauges show the values of the latest snapshot publication: they are
 * computed by the trainer's thread and read by the scrape. {@link #close()} removes every meter it
 * registered: the application that runs the stage closes it when it stops, so that a restarted
 * stage's gauges read its own state, not the stopped one's.
 */
public final class MicrometerModelStageMetrics implements ModelStageMetrics, AutoCloseable {

  private final MeterRegistry registry;
  private final String model;
  private final OwnedMeters owned;
  private final AlertCounters alerts;
  private final Map<String, Counter> records = new ConcurrentHashMap<>();
  private final Map<String, Counter> responses = new ConcurrentHashMap<>();
  private final Map<JoinOutcome, Counter> joins = new EnumMap<>(JoinOutcome.class);
  private final Counter imputed;
  private final AtomicReference<Published> latest = new AtomicReference<>();

  private record Published(long version, QualityValues quality, long checkpointBytes) {}

  public MicrometerModelStageMetrics(MeterRegistry registry, String model) {
    this.registry = registry;
    this.owned = new OwnedMeters(registry);
    this.alerts = new AlertCounters(registry, owned);
    this.model = model;
    for (JoinOutcome o : JoinOutcome.values()) {
      joins.put(
          o,
          registered(
              Counter.builder(ModelMetricNames.LABEL_JOIN)
                  .description("Outcomes of the label join")
                  .tags("model", model, "outcome", o.tag())
                  .register(registry)));
    }
    imputed =
        registered(
            Counter.builder(ModelMetricNames.IMPUTED_FEATURES)
                .description("Feature values imputed by the bad-input policy")
                .tags("model", model)
                .register(registry));
    gauge(ModelMetricNames.VERSION, p -> p.version, "model", model);
    for (String window : new String[] {"rolling", "cumulative"}) {
      boolean rolling = window.equals("rolling");
      gauge(
          ModelMetricNames.ROC_AUC,
          p -> rolling ? p.quality.rocAucRolling() : p.quality.rocAucCumulative(),
          "model",
          model,
          "window",
          window);
      gauge(
          ModelMetricNames.AVERAGE_PRECISION,
          p ->
              rolling
                  ? p.quality.averagePrecisionRolling()
                  : p.quality.averagePrecisionCumulative(),
          "model",
          model,
          "window",
          window);
      gauge(
          ModelMetricNames.LOG_LOSS,
          p -> rolling ? p.quality.logLossRolling() : p.quality.logLossCumulative(),
          "model",
          model,
          "window",
          window);
    }
    gauge(ModelMetricNames.PRECISION, p -> p.quality.precision(), "model", model);
    gauge(ModelMetricNames.RECALL, p -> p.quality.recall(), "model", model);
    gauge(ModelMetricNames.F1, p -> p.quality.f1(), "model", model);
    gauge(ModelMetricNames.STATE_BYTES, p -> p.checkpointBytes, "stage", ModelMetricNames.STAGE);
  }

  private void gauge(String name, ToDoubleFunction<Published> value, String... tags) {
    registered(
        Gauge.builder(
                name,
                latest,
                ref -> {
                  Published p = ref.get();
                  return p == null ? Double.NaN : value.applyAsDouble(p);
                })
            .tags(tags)
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

  @Override
  public void record(String outcome) {
    records
        .computeIfAbsent(
            outcome,
            o ->
                registered(
                    Counter.builder(ModelMetricNames.RECORDS)
                        .tags("stage", ModelMetricNames.STAGE, "outcome", o)
                        .register(registry)))
        .increment();
  }

  @Override
  public void scored(int imputedFeatures) {
    record("ok");
    if (imputedFeatures > 0) {
      imputed.increment(imputedFeatures);
    }
  }

  @Override
  public void join(JoinOutcome outcome) {
    joins.get(outcome).increment();
    if (outcome == JoinOutcome.EXPIRED_UNLABELLED
        || outcome == JoinOutcome.EXPIRED_UNMATCHED_LABEL) {
      record("expired");
    }
  }

  @Override
  public void published(long version, QualityValues quality, long checkpointBytes) {
    Published previous = latest.get();
    if (previous == null || quality.k() != previous.quality.k()) {
      int k = quality.k();
      registered(
          Gauge.builder(
                  ModelMetricNames.CARD_PRECISION_AT_K,
                  latest,
                  ref -> ref.get() == null ? Double.NaN : ref.get().quality.cardPrecisionAtK())
              .tags("model", model, "k", Integer.toString(k))
              .register(registry));
    }
    long bytes =
        checkpointBytes > 0 || previous == null ? checkpointBytes : previous.checkpointBytes;
    latest.set(new Published(version, quality, bytes));
  }

  @Override
  public void event(TrainerEvent event) {
    String response = event.type().responseTag();
    if (response != null) {
      responses
          .computeIfAbsent(
              response,
              r ->
                  registered(
                      registry.counter(
                          ModelMetricNames.DRIFT_RESPONSES, "model", model, "response", r)))
          .increment();
    }
  }

  @Override
  public void alert(AlertEvent alert) {
    alerts.count(alert);
  }
}
