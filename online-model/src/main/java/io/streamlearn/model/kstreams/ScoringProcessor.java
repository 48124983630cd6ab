package io.streamlearn.model.kstreams;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.ServingModel;
import io.streamlearn.model.metrics.ModelStageMetrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each feature vector with the latest snapshot of the model, read from the global store over
 * {@code model-snapshots}: at start and then every {@link #REFRESH} of wall-clock time it swaps to
 * a newer version, if there is one. Until the first snapshot it serves the untrained model (version
 * 0).
 */
final class ScoringProcessor implements FixedKeyProcessor<String, FeatureVector, ScoredRecord> {

  /** How often the scorer looks for a newer snapshot. */
  static final Duration REFRESH = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

  private final ModelStageSettings settings;
  private final String snapshotStore;
  private final ModelStageMetrics metrics;
  private FixedKeyProcessorContext<String, ScoredRecord> context;
  private KeyValueStore<String, ModelSnapshot> snapshots;
  private ServingModel model;
  private long rejectedVersion = -1;

  ScoringProcessor(ModelStageSettings settings, String snapshotStore, ModelStageMetrics metrics) {
    this.settings = settings;
    this.snapshotStore = snapshotStore;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, ScoredRecord> context) {
    this.context = context;
    this.snapshots = context.getStateStore(snapshotStore);
    this.model = ServingModel.untrained(settings);
    refresh();
    context.schedule(REFRESH, PunctuationType.WALL_CLOCK_TIME, now -> refresh());
  }

  private void refresh() {
    ModelSnapshot latest = snapshots.get(settings.name());
    if (latest == null
        || latest.getVersion() <= model.version()
        || latest.getVersion() == rejectedVersion) {
      return;
    }
    try {
      model = ServingModel.of(settings, ModelAvroMapping.fromAvro(latest));
    } catch (LearnerFormatException | IllegalArgumentException e) {
      rejectedVersion = latest.getVersion();
      metrics.record("invalid");
      LOG.error(
          "Snapshot {} of model '{}' cannot be served, still serving version {}: {}",
          latest.getVersion(),
          settings.name(),
          model.version(),
          e.getMessage());
    }
  }

  @Override
  public void process(FixedKeyRecord<String, FeatureVector> record) {
    FeatureVector vector = record.value();
    if (vector == null) {
      metrics.record("tombstone"); // not an event; counted, as on Flink
      return;
    }
    ServingModel.Score score = model.score(vector.getFeatures());
    ScoredEvent scored =
        ScoredEvent.of(
            vector.getTransactionId(),
            vector.getEventTime().toEpochMilli(),
            vector.getEntityIds(),
            score.features(),
            score.probability(),
            model.version());
    metrics.scored(score.features().imputedCount());
    context.forward(
        record.withValue(
            new ScoredRecord(
                ModelAvroMapping.prediction(
                    scored,
                    score.decision(),
                    settings.threshold(),
                    settings.name(),
                    vector,
                    // the stream thread's cached time lags by up to a poll loop: read the clock
                    System.currentTimeMillis()),
                scored)));
  }
}
