package io.streamlearn.monitoring.avro;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.monitoring.core.stage.MonitoringPlan;
import io.streamlearn.monitoring.core.stage.Observation;
import io.streamlearn.monitoring.core.stage.StageInput;
import java.time.Instant;
import java.util.List;

/**
 * The events of the monitoring stage's topics as the monitors see them: the event time of each
 * record, the {@link Observation}s the {@link MonitoringPlan} makes of it, and the
 * event-to-prediction latency. Both engines route through here, so one record gives the same
 * observations on each.
 */
public final class StageEvents {

  private StageEvents() {}

  /** The event time of a feature vector: its transaction's. */
  public static long eventTime(FeatureVector vector) {
    return millis(vector.getEventTime(), "eventTime", StageInput.FEATURES);
  }

  /** The event time of a prediction: its transaction's. */
  public static long eventTime(MonitoredPrediction prediction) {
    return millis(prediction.getEventTime(), "eventTime", StageInput.PREDICTIONS);
  }

  /** The event time of a label: when it became known. */
  public static long eventTime(Label label) {
    return millis(label.getLabelTime(), "labelTime", StageInput.LABELS);
  }

  /** The observations of a feature vector. */
  public static List<Observation> observe(MonitoringPlan plan, FeatureVector vector) {
    return plan.observeFeatures(eventTime(vector), vector.getFeatures());
  }

  /** The observations of a prediction's score. */
  public static List<Observation> observe(MonitoringPlan plan, MonitoredPrediction prediction) {
    return plan.observePrediction(eventTime(prediction), prediction.getScore());
  }

  /** The observations of a label. */
  public static List<Observation> observe(MonitoringPlan plan, Label label) {
    return plan.observeLabel(eventTime(label), label.getIsFraud());
  }

  /** {@code predictedAt - ingestTime} in milliseconds (wall clocks: may be negative). */
  public static long latencyMillis(MonitoredPrediction prediction) {
    return prediction.getPredictedAt().toEpochMilli() - prediction.getIngestTime().toEpochMilli();
  }

  /**
   * Checks that a decoded record can be observed.
   *
   * @throws InvalidEventException naming the field when its time precedes 1970
   */
  public static void check(Object record) {
    if (record instanceof FeatureVector v) {
      eventTime(v);
    } else if (record instanceof MonitoredPrediction p) {
      eventTime(p);
    } else if (record instanceof Label l) {
      eventTime(l);
    }
  }

  private static long millis(Instant time, String field, StageInput input) {
    long millis = time.toEpochMilli();
    if (millis < 0) {
      throw new InvalidEventException(
          "the "
              + input.name().toLowerCase(java.util.Locale.ROOT)
              + " record's "
              + field
              + " "
              + time
              + " precedes 1970-01-01, which Kafka timestamps cannot carry");
    }
    return millis;
  }
}
