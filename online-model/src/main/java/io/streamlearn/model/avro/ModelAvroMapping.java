package io.streamlearn.model.avro;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.model.core.serving.PublishedModel;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.TrainerEvent;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Maps the model stage's core values to and from their Avro records, field by field: {@link
 * PublishedModel} and {@link ModelSnapshot}, {@link TrainerEvent} and {@link ModelEvent}, {@link
 * AlertEvent} and {@code DriftAlert}, a scored {@link FeatureVector} and its {@link Prediction}.
 * Maps are written in key order, so the same value always gives the same bytes.
 */
public final class ModelAvroMapping {

  private ModelAvroMapping() {}

  /** The record of a snapshot. */
  public static ModelSnapshot toAvro(PublishedModel model) {
    return ModelSnapshot.newBuilder()
        .setModelName(model.modelName())
        .setVersion(model.version())
        .setLearnerKind(model.learnerKind())
        .setStateFormatVersion(model.formatVersion())
        .setState(ByteBuffer.wrap(model.state()))
        .setExamplesSeen(model.examplesSeen())
        .setEventTime(Instant.ofEpochMilli(model.eventTimeMillis()))
        .setMetadata(new TreeMap<>(model.metadata()))
        .setFeatureMeans(new TreeMap<>(model.featureMeans()))
        .build();
  }

  /**
   * The snapshot of a record.
   *
   * @throws IllegalArgumentException when the record holds a feature mean that is not finite
   */
  public static PublishedModel fromAvro(ModelSnapshot snapshot) {
    ByteBuffer buffer = snapshot.getState().duplicate();
    byte[] state = new byte[buffer.remaining()];
    buffer.get(state);
    Map<String, Double> means =
        snapshot.getFeatureMeans() == null ? Map.of() : snapshot.getFeatureMeans();
    means.forEach(
        (name, value) -> {
          if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                "snapshot "
                    + snapshot.getVersion()
                    + " of model '"
                    + snapshot.getModelName()
                    + "' has a mean of "
                    + value
                    + " for feature '"
                    + name
                    + "'");
          }
        });
    return PublishedModel.of(
        snapshot.getModelName(),
        snapshot.getVersion(),
        snapshot.getLearnerKind(),
        snapshot.getStateFormatVersion(),
        state,
        snapshot.getExamplesSeen(),
        snapshot.getEventTime().toEpochMilli(),
        means,
        snapshot.getMetadata() == null ? Map.of() : snapshot.getMetadata());
  }

  /**
   * The record with its maps in key order: Flink's copies between operators rebuild maps as hash
   * maps, and the bytes of a record depend on the order of its maps.
   */
  public static ModelSnapshot canonical(ModelSnapshot snapshot) {
    return ModelSnapshot.newBuilder(snapshot)
        .setMetadata(new TreeMap<>(snapshot.getMetadata()))
        .setFeatureMeans(new TreeMap<>(snapshot.getFeatureMeans()))
        .build();
  }

  /** The record of a model event. */
  public static ModelEvent toAvro(TrainerEvent event) {
    return ModelEvent.newBuilder()
        .setModelName(event.modelName())
        .setVersion(event.version())
        .setEventTime(Instant.ofEpochMilli(event.eventTimeMillis()))
        .setType(ModelEventType.valueOf(event.type().name()))
        .setAlertId(event.alertId())
        .setExamplesSeen(event.examplesSeen())
        .build();
  }

  /**
   * The {@code alerts} record of a concept-drift alert: the kinds and severities have the same
   * symbols, an empty p-value is null, window bounds are {@code timestamp-millis}.
   */
  public static DriftAlert toAvro(AlertEvent alert) {
    return DriftAlert.newBuilder()
        .setAlertId(alert.alertId())
        .setMonitor(alert.monitor())
        .setKind(io.streamlearn.monitoring.avro.DriftKind.valueOf(alert.kind().name()))
        .setDetector(alert.detector())
        .setSubject(alert.subject())
        .setStatistic(alert.statistic())
        .setPValue(alert.pValue().isPresent() ? alert.pValue().getAsDouble() : null)
        .setThreshold(alert.threshold())
        .setWindowStart(Instant.ofEpochMilli(alert.windowStartMillis()))
        .setWindowEnd(Instant.ofEpochMilli(alert.windowEndMillis()))
        .setSeverity(io.streamlearn.monitoring.avro.Severity.valueOf(alert.severity().name()))
        .setReferenceSummary(new TreeMap<>(alert.referenceSummary()))
        .setCurrentSummary(new TreeMap<>(alert.currentSummary()))
        .build();
  }

  /**
   * The prediction of a scored event.
   *
   * @param scored the event as scored
   * @param decision whether the score reached the threshold
   * @param threshold the threshold
   * @param modelName the model that scored
   * @param source the feature vector scored, for its ingest time
   * @param predictedAtMillis wall-clock time of the prediction
   */
  public static Prediction prediction(
      ScoredEvent scored,
      boolean decision,
      double threshold,
      String modelName,
      FeatureVector source,
      long predictedAtMillis) {
    // the all-fields constructor: one per scored event, without the builder's per-field checks
    // and defaults (every field is set, none is null)
    return new Prediction(
        scored.transactionId(),
        Instant.ofEpochMilli(scored.eventTimeMillis()),
        new TreeMap<>(scored.entityIds()),
        scored.score(),
        decision,
        threshold,
        Objects.requireNonNull(modelName, "modelName"),
        scored.modelVersion(),
        scored.features().imputedCount(),
        Objects.requireNonNull(source.getIngestTime(), "ingestTime"),
        Instant.ofEpochMilli(predictedAtMillis));
  }
}
