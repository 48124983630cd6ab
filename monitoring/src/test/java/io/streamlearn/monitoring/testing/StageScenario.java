package io.streamlearn.monitoring.testing;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.LocalMonitoringStage;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A small, seeded stream of the monitoring stage's three inputs with known changes, shared by the
 * unit, integration and parity tests: one transaction every 20 seconds for 8 hours from {@link
 * #START}; from hour {@value #SHIFT_HOUR} the amounts grow by half, the scores rise and the fraud
 * rate goes from 1% to 25%. Each transaction has a feature vector, a prediction (written with the
 * model stage's own {@code Prediction} schema, as the model writes it) and a label at the same
 * time. A last transaction, two hours after the others, closes the last windows on every engine.
 */
public final class StageScenario {

  /** The first event time. */
  public static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

  /** The hour from which the stream drifts. */
  public static final int SHIFT_HOUR = 5;

  /** Hours of events. */
  public static final int HOURS = 8;

  /** The model stage's writer schema of {@code predictions}. */
  public static final Schema PREDICTION_WRITER_SCHEMA = loadPredictionSchema();

  private static final long STEP_MILLIS = 20_000;

  /** The monitors of the scenario: small hourly windows, no warm-up. */
  public static final Map<String, Object> SETTINGS =
      Map.of(
          "allowedLateness",
          "1m",
          "snapshotEvery",
          50,
          "monitors",
          List.of(
              Map.of(
                  "name", "amount",
                  "type", "data-drift",
                  "numeric", List.of("TX_AMOUNT", "CUSTOMER_ID_NB_TX_1DAY_WINDOW"),
                  "categorical", List.of("TX_DURING_NIGHT"),
                  "reference", Map.of("size", 300),
                  "window", "1h",
                  "warmup", "0s",
                  "cooldown", "0s"),
              Map.of(
                  "name", "score",
                  "type", "prediction-drift",
                  "reference", Map.of("size", 300),
                  "window", "1h",
                  "warmup", "0s",
                  "cooldown", "0s"),
              Map.of(
                  "name", "fraud-rate",
                  "type", "label-rate",
                  "warmup", "0s",
                  "cooldown", "1h")));

  private StageScenario() {}

  public static MonitoringStageSettings settings() {
    return MonitoringStageSettings.fromMap(SETTINGS);
  }

  /** One transaction's three records. */
  public record Event(
      String transactionId, FeatureVector features, GenericRecord prediction, Label label) {

    public long eventTimeMillis() {
      return features.getEventTime().toEpochMilli();
    }
  }

  /** The events, in time order. */
  public static List<Event> events() {
    Random random = new Random(42);
    List<Event> events = new ArrayList<>();
    long start = START.toEpochMilli();
    long end = start + HOURS * 3_600_000L;
    long shift = start + SHIFT_HOUR * 3_600_000L;
    int i = 0;
    for (long t = start; t <= end + 2 * 3_600_000L; t += STEP_MILLIS, i++) {
      if (t >= end && t < end + 2 * 3_600_000L) {
        continue;
      }
      boolean drifted = t >= shift;
      String id = "tx-" + i;
      double amount = Math.max(0.5, (drifted ? 75 : 50) + 10 * random.nextGaussian());
      Instant time = Instant.ofEpochMilli(t);
      FeatureVector features =
          FeatureVector.newBuilder()
              .setTransactionId(id)
              .setEventTime(time)
              .setEntityIds(Map.of("customerId", "C" + random.nextInt(50)))
              .setFeatures(
                  Map.of(
                      "TX_AMOUNT",
                      Math.rint(amount * 100) / 100,
                      "CUSTOMER_ID_NB_TX_1DAY_WINDOW",
                      (double) random.nextInt(5),
                      "TX_DURING_NIGHT",
                      random.nextDouble() < 0.2 ? 1.0 : 0.0))
              .setSpecVersion("test:1")
              .setIngestTime(time.plusMillis(3))
              .build();
      double score =
          Math.min(1, Math.max(0, (drifted ? 0.35 : 0.1) + 0.08 * random.nextGaussian()));
      GenericRecord prediction = new GenericData.Record(PREDICTION_WRITER_SCHEMA);
      prediction.put("transactionId", id);
      prediction.put("eventTime", t);
      prediction.put("entityIds", Map.of());
      prediction.put("score", score);
      prediction.put("decision", score >= 0.5);
      prediction.put("threshold", 0.5);
      prediction.put("modelName", "fraud");
      prediction.put("modelVersion", 1L);
      prediction.put("imputedFeatures", 0);
      prediction.put("ingestTime", t + 3);
      prediction.put("predictedAt", t + 3 + (i % 100 == 99 ? 250 : 10 + i % 7));
      Label label =
          Label.newBuilder()
              .setTransactionId(id)
              .setIsFraud(random.nextDouble() < (drifted ? 0.25 : 0.01))
              .setLabelTime(time)
              .setTransactionTime(time)
              .build();
      events.add(new Event(id, features, prediction, label));
    }
    return events;
  }

  /**
   * The alerts the stage must raise on {@link #events()}: the engine-free stage fed the events in
   * order. Sorted by id.
   */
  public static List<AlertEvent> expectedAlerts(MonitoringStageSettings settings) {
    return expectedAlerts(settings, events());
  }

  /** The alerts of the engine-free stage fed {@code events} in order, sorted by id. */
  public static List<AlertEvent> expectedAlerts(
      MonitoringStageSettings settings, List<Event> events) {
    LocalMonitoringStage stage = new LocalMonitoringStage(settings);
    List<AlertEvent> alerts = new ArrayList<>();
    for (Event e : events) {
      long t = e.eventTimeMillis();
      alerts.addAll(stage.onFeatures(t, e.features().getFeatures()));
      alerts.addAll(stage.onPrediction(t, (Double) e.prediction().get("score")));
      alerts.addAll(stage.onLabel(t, e.label().getIsFraud()));
    }
    alerts.sort(Comparator.comparing(AlertEvent::alertId));
    return alerts;
  }

  private static Schema loadPredictionSchema() {
    try (InputStream in =
        StageScenario.class.getResourceAsStream("/writer-schemas/Prediction.avsc")) {
      return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
