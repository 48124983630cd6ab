package io.streamlearn.features.kstreams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.features.stage.FeatureMetrics;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.RecordOutcome;
import java.util.EnumMap;
import java.util.Map;

/**
 * The stage's counters in a Micrometer registry: {@code streamlearn.records} (Prometheus: {@code
 * streamlearn_records_total}) with tags {@code stage=features} and {@code outcome}, one per {@link
 * RecordOutcome}, registered up front so that every outcome is exported from the start. {@link
 * #close()} removes them from the registry (the application that runs the stage closes it when it
 * stops, so that a stopped stage exports nothing and a restarted one starts afresh).
 */
public final class MicrometerFeatureMetrics implements FeatureMetrics, AutoCloseable {

  /** The Micrometer name of the records counter (docs/PIPELINE.md, "Metrics"). */
  public static final String RECORDS = "streamlearn.records";

  private final MeterRegistry registry;
  private final Map<RecordOutcome, Counter> counters = new EnumMap<>(RecordOutcome.class);

  public MicrometerFeatureMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (RecordOutcome outcome : RecordOutcome.values()) {
      counters.put(
          outcome,
          registry.counter(RECORDS, "stage", FeatureStage.METRIC_STAGE, "outcome", outcome.tag()));
    }
  }

  @Override
  public void count(RecordOutcome outcome) {
    counters.get(outcome).increment();
  }

  /** Removes the counters from the registry. */
  @Override
  public void close() {
    counters.values().forEach(registry::remove);
  }
}
