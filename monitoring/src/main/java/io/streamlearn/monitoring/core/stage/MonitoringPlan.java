package io.streamlearn.monitoring.core.stage;

import io.streamlearn.monitoring.core.monitor.DataDriftSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The monitoring stage compiled from its settings: which monitors read which topic, and how an
 * event of each topic becomes one {@link Observation} per monitor. Engine-independent: the Kafka
 * Streams topology, the Flink job and {@link LocalMonitoringStage} all route through it, so the
 * same event gives the same observations everywhere.
 */
public final class MonitoringPlan {

  private final MonitoringStageSettings settings;
  private final Map<String, MonitorDefinition> byName = new LinkedHashMap<>();
  private final List<MonitorDefinition.DataDrift> featureMonitors = new ArrayList<>();
  private final List<String> predictionMonitors = new ArrayList<>();
  private final List<String> labelMonitors = new ArrayList<>();

  public MonitoringPlan(MonitoringStageSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    for (MonitorDefinition definition : settings.monitors()) {
      byName.put(definition.name(), definition);
      if (definition instanceof MonitorDefinition.DataDrift d) {
        featureMonitors.add(d);
      } else if (definition instanceof MonitorDefinition.PredictionDrift) {
        predictionMonitors.add(definition.name());
      } else {
        labelMonitors.add(definition.name());
      }
    }
  }

  public MonitoringStageSettings settings() {
    return settings;
  }

  /** The monitors, in the order of the settings. */
  public List<MonitorDefinition> monitors() {
    return settings.monitors();
  }

  /** Whether some monitor reads {@code input}: a stage need not read a topic nobody watches. */
  public boolean reads(StageInput input) {
    return switch (input) {
      case FEATURES -> !featureMonitors.isEmpty();
      case PREDICTIONS -> !predictionMonitors.isEmpty();
      case LABELS -> !labelMonitors.isEmpty();
    };
  }

  /** A fresh monitor for {@code name}. */
  public StageMonitor newMonitor(String name) {
    MonitorDefinition definition = byName.get(name);
    if (definition == null) {
      throw new IllegalArgumentException(
          "no monitor named '" + name + "' (configured: " + byName.keySet() + ")");
    }
    return new StageMonitor(definition);
  }

  /**
   * The observations of a feature vector: one per data-drift monitor, with the values of its
   * numeric features (NaN when absent) and of its categorical ones ({@link #category}; null when
   * absent or not finite).
   */
  public List<Observation> observeFeatures(long eventTimeMillis, Map<String, Double> features) {
    if (featureMonitors.isEmpty()) {
      return List.of();
    }
    List<Observation> observations = new ArrayList<>(featureMonitors.size());
    for (MonitorDefinition.DataDrift monitor : featureMonitors) {
      DataDriftSettings s = monitor.settings();
      double[] numeric = new double[s.numericFeatures().size()];
      for (int i = 0; i < numeric.length; i++) {
        Double v = features.get(s.numericFeatures().get(i));
        numeric[i] = v == null ? Double.NaN : v;
      }
      String[] categorical = new String[s.categoricalFeatures().size()];
      for (int i = 0; i < categorical.length; i++) {
        Double v = features.get(s.categoricalFeatures().get(i));
        categorical[i] = v == null ? null : category(v);
      }
      observations.add(new Observation(monitor.name(), eventTimeMillis, numeric, categorical));
    }
    return observations;
  }

  /** The observations of a score: one per prediction-drift monitor. */
  public List<Observation> observePrediction(long eventTimeMillis, double score) {
    if (predictionMonitors.isEmpty()) {
      return List.of();
    }
    List<Observation> observations = new ArrayList<>(predictionMonitors.size());
    for (String monitor : predictionMonitors) {
      observations.add(
          new Observation(monitor, eventTimeMillis, new double[] {score}, new String[0]));
    }
    return observations;
  }

  /** The observations of a label (1 when positive): one per label-rate monitor. */
  public List<Observation> observeLabel(long labelTimeMillis, boolean positive) {
    if (labelMonitors.isEmpty()) {
      return List.of();
    }
    List<Observation> observations = new ArrayList<>(labelMonitors.size());
    for (String monitor : labelMonitors) {
      observations.add(
          new Observation(
              monitor, labelTimeMillis, new double[] {positive ? 1.0 : 0.0}, new String[0]));
    }
    return observations;
  }

  /** The names of the monitors, in the order of the settings. */
  public List<String> monitorNames() {
    return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
  }

  /**
   * The category of a numeric feature value watched as categorical (flags, hashed buckets, hours):
   * a whole number is written without a fraction ({@code 1.0} is {@code "1"}), other values as
   * {@link Double#toString}; null when not finite (missing).
   */
  public static String category(double value) {
    if (!Double.isFinite(value)) {
      return null;
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
