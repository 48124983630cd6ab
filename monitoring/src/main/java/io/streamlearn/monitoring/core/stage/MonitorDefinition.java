package io.streamlearn.monitoring.core.stage;

import io.streamlearn.monitoring.core.monitor.DataDriftSettings;
import io.streamlearn.monitoring.core.monitor.LabelRateDriftSettings;
import io.streamlearn.monitoring.core.monitor.PredictionDriftSettings;
import java.util.Objects;

/**
 * One monitor of the monitoring stage: what it watches, how, and how long it waits before it starts
 * (the warm-up). The name is the key of its state and of its alerts.
 */
public sealed interface MonitorDefinition
    permits MonitorDefinition.DataDrift,
        MonitorDefinition.PredictionDrift,
        MonitorDefinition.LabelRate {

  /** The monitor's name: its key on the {@code alerts} topic and in the engines' state. */
  String name();

  /** The topic it reads. */
  StageInput input();

  /** Its type as the pipeline file writes it: {@code data-drift}, {@code prediction-drift}... */
  String type();

  /**
   * Event time, from the first event the monitor sees, during which events are skipped (counted,
   * not tested): streaming features over long windows are still filling up after a start, and a
   * reference taken then would make every later window look drifted. 0 for none.
   */
  long warmupMillis();

  private static void checkReference(io.streamlearn.monitoring.core.monitor.WindowSettings window) {
    if (window.referenceMode()
        == io.streamlearn.monitoring.core.monitor.WindowSettings.ReferenceMode.FIXED_BASELINE) {
      throw new IllegalArgumentException(
          "the stage takes its references from the stream (first-n or sliding), not a fixed"
              + " baseline");
    }
  }

  private static void checkWarmup(long warmupMillis) {
    if (warmupMillis < 0) {
      throw new IllegalArgumentException("warmup must be >= 0, got " + warmupMillis + " ms");
    }
  }

  /** Data drift of feature values, read from {@code features}. */
  record DataDrift(DataDriftSettings settings, long warmupMillis) implements MonitorDefinition {
    public DataDrift {
      Objects.requireNonNull(settings, "settings");
      checkReference(settings.window());
      checkWarmup(warmupMillis);
    }

    @Override
    public String name() {
      return settings.monitor();
    }

    @Override
    public StageInput input() {
      return StageInput.FEATURES;
    }

    @Override
    public String type() {
      return "data-drift";
    }
  }

  /** Drift of the model's scores, read from {@code predictions}. */
  record PredictionDrift(PredictionDriftSettings settings, long warmupMillis)
      implements MonitorDefinition {
    public PredictionDrift {
      Objects.requireNonNull(settings, "settings");
      checkReference(settings.window());
      checkWarmup(warmupMillis);
    }

    @Override
    public String name() {
      return settings.monitor();
    }

    @Override
    public StageInput input() {
      return StageInput.PREDICTIONS;
    }

    @Override
    public String type() {
      return "prediction-drift";
    }
  }

  /** Drift of the rate of positive labels, read from {@code labels}. */
  record LabelRate(LabelRateDriftSettings settings, long warmupMillis)
      implements MonitorDefinition {
    public LabelRate {
      Objects.requireNonNull(settings, "settings");
      checkWarmup(warmupMillis);
    }

    @Override
    public String name() {
      return settings.monitor();
    }

    @Override
    public StageInput input() {
      return StageInput.LABELS;
    }

    @Override
    public String type() {
      return "label-rate";
    }
  }
}
