package io.streamlearn.monitoring.core.stage;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.monitor.DataDriftMonitor;
import io.streamlearn.monitoring.core.monitor.FeatureTestResult;
import io.streamlearn.monitoring.core.monitor.LabelRateDriftMonitor;
import io.streamlearn.monitoring.core.monitor.LabelRateDriftSettings;
import io.streamlearn.monitoring.core.monitor.PredictionDriftMonitor;
import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One configured monitor as the engines run it: the core monitor of its definition, fed with {@link
 * Observation}s after the warm-up, with the statistics it last computed for the metrics. The
 * engines keep one per monitor name and checkpoint it with {@link #writeState}.
 */
public final class StageMonitor implements Stateful {

  private static final String KIND = "stage-monitor";
  private static final int VERSION = 1;

  private final MonitorDefinition definition;
  private final DataDriftMonitor dataDrift;
  private final PredictionDriftMonitor predictionDrift;
  private final LabelRateDriftMonitor labelRate;
  private final List<String> numericNames;
  private final List<String> categoricalNames;

  private boolean started;
  private long firstEventTime;
  private long warmupEvents;
  private boolean statisticsChanged;

  /** A fresh monitor of {@code definition}. */
  public StageMonitor(MonitorDefinition definition) {
    this.definition = Objects.requireNonNull(definition, "definition");
    if (definition instanceof MonitorDefinition.DataDrift d) {
      dataDrift = new DataDriftMonitor(d.settings());
      predictionDrift = null;
      labelRate = null;
      numericNames = d.settings().numericFeatures();
      categoricalNames = d.settings().categoricalFeatures();
    } else if (definition instanceof MonitorDefinition.PredictionDrift p) {
      dataDrift = null;
      predictionDrift = new PredictionDriftMonitor(p.settings());
      labelRate = null;
      numericNames = List.of(PredictionDriftMonitor.SUBJECT);
      categoricalNames = List.of();
    } else {
      dataDrift = null;
      predictionDrift = null;
      labelRate = new LabelRateDriftMonitor(((MonitorDefinition.LabelRate) definition).settings());
      numericNames = List.of(LabelRateDriftMonitor.SUBJECT);
      categoricalNames = List.of();
    }
  }

  public MonitorDefinition definition() {
    return definition;
  }

  public String name() {
    return definition.name();
  }

  /**
   * Feeds one observation; returns the alerts it raised (those of a window it closed, or a
   * detection). Observations within the warm-up are counted and skipped.
   *
   * @throws IllegalArgumentException when the observation is for another monitor or does not have
   *     the monitor's number of values
   */
  public List<AlertEvent> observe(Observation observation) {
    if (!observation.monitor().equals(definition.name())) {
      throw new IllegalArgumentException(
          "observation for '" + observation.monitor() + "' fed to '" + definition.name() + "'");
    }
    if (observation.numeric().length != numericNames.size()
        || observation.categorical().length != categoricalNames.size()) {
      throw new IllegalArgumentException(
          "observation for '"
              + definition.name()
              + "' has "
              + observation.numeric().length
              + " numeric and "
              + observation.categorical().length
              + " categorical values, expected "
              + numericNames.size()
              + " and "
              + categoricalNames.size());
    }
    long time = observation.eventTimeMillis();
    if (!started) {
      started = true;
      firstEventTime = time;
    }
    if (time - firstEventTime < definition.warmupMillis()) {
      warmupEvents++;
      return List.of();
    }
    List<AlertEvent> alerts;
    if (dataDrift != null) {
      long closed = dataDrift.windowsClosed();
      Map<String, Double> numeric = new HashMap<>(numericNames.size() * 2);
      for (int i = 0; i < numericNames.size(); i++) {
        numeric.put(numericNames.get(i), observation.numeric()[i]);
      }
      Map<String, String> categorical = new HashMap<>(categoricalNames.size() * 2);
      for (int i = 0; i < categoricalNames.size(); i++) {
        String c = observation.categorical()[i];
        if (c != null) {
          categorical.put(categoricalNames.get(i), c);
        }
      }
      alerts = dataDrift.observe(time, numeric, categorical);
      statisticsChanged |= dataDrift.windowsClosed() != closed;
    } else if (predictionDrift != null) {
      long closed = predictionDrift.windowsClosed();
      alerts = predictionDrift.observe(time, observation.numeric()[0]);
      statisticsChanged |= predictionDrift.windowsClosed() != closed;
    } else {
      double value = observation.numeric()[0];
      if (!(value == 0.0 || value == 1.0)) {
        throw new IllegalArgumentException(
            "label observation for '" + definition.name() + "' must be 0 or 1, got " + value);
      }
      long closed = labelRate.windowsClosed();
      alerts = labelRate.observe(time, value == 1.0);
      statisticsChanged |=
          labelRate.settings().test() == LabelRateDriftSettings.Test.ADWIN
              || labelRate.windowsClosed() != closed;
    }
    return alerts;
  }

  /**
   * Tells the monitor that event time has reached {@code watermarkMillis}: closes an event-time
   * window that ends at or before it and returns its alerts.
   */
  public List<AlertEvent> advanceTo(long watermarkMillis) {
    if (dataDrift != null) {
      long closed = dataDrift.windowsClosed();
      List<AlertEvent> alerts = dataDrift.advanceTo(watermarkMillis);
      statisticsChanged |= dataDrift.windowsClosed() != closed;
      return alerts;
    }
    if (predictionDrift != null) {
      long closed = predictionDrift.windowsClosed();
      List<AlertEvent> alerts = predictionDrift.advanceTo(watermarkMillis);
      statisticsChanged |= predictionDrift.windowsClosed() != closed;
      return alerts;
    }
    long closed = labelRate.windowsClosed();
    List<AlertEvent> alerts = labelRate.advanceTo(watermarkMillis);
    statisticsChanged |= labelRate.windowsClosed() != closed;
    return alerts;
  }

  /** The end of the open event-time window, which a watermark must pass to close it. */
  public OptionalLong openWindowEndMillis() {
    if (dataDrift != null) {
      return dataDrift.openWindowEndMillis();
    }
    if (predictionDrift != null) {
      return predictionDrift.openWindowEndMillis();
    }
    return labelRate.openWindowEndMillis();
  }

  /**
   * The current statistic of each subject: the effect size of the last closed window (KS D, PSI,
   * Cramér's V; NaN when a subject was not tested), or the label rate. Empty before there is one.
   */
  public Map<String, Double> statistics() {
    Map<String, Double> statistics = new TreeMap<>();
    if (labelRate != null) {
      if (labelRate.labels() > 0 && !Double.isNaN(labelRate.rate())) {
        statistics.put(LabelRateDriftMonitor.SUBJECT, labelRate.rate());
      }
      return statistics;
    }
    List<FeatureTestResult> results =
        dataDrift != null ? dataDrift.lastResults() : predictionDrift.lastResults();
    for (FeatureTestResult r : results) {
      statistics.put(r.subject(), r.statistic());
    }
    return statistics;
  }

  /**
   * The {@link #statistics()} if they changed since the last call of this method, else an empty
   * map: what the engines publish to their gauges after each observation.
   */
  public Map<String, Double> takeChangedStatistics() {
    if (!statisticsChanged) {
      return Map.of();
    }
    statisticsChanged = false;
    return statistics();
  }

  /** Observations skipped during the warm-up. */
  public long warmupEvents() {
    return warmupEvents;
  }

  /** Observations older than the open event-time window, not tested. */
  public long lateEvents() {
    if (dataDrift != null) {
      return dataDrift.lateEvents();
    }
    return predictionDrift != null ? predictionDrift.lateEvents() : labelRate.lateEvents();
  }

  /** Detections the alert policy suppressed (cooldown, one per window). */
  public long suppressedAlerts() {
    if (dataDrift != null) {
      return dataDrift.suppressedAlerts();
    }
    return predictionDrift != null
        ? predictionDrift.suppressedAlerts()
        : labelRate.suppressedAlerts();
  }

  /**
   * Layout, version 1, after the header {@code ("stage-monitor", 1)}: {@code UTF} monitor name and
   * type (both must match the definition), {@code boolean} started, {@code long} first event time,
   * {@code long} warm-up events, then the core monitor's state ({@link DataDriftMonitor}, {@link
   * PredictionDriftMonitor} or {@link LabelRateDriftMonitor}).
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeUTF(definition.name());
    out.writeUTF(definition.type());
    out.writeBoolean(started);
    out.writeLong(firstEventTime);
    out.writeLong(warmupEvents);
    inner().writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    String name = in.readUTF();
    String type = in.readUTF();
    StateFormat.check(
        name.equals(definition.name()) && type.equals(definition.type()),
        KIND,
        "saved monitor '"
            + name
            + "' ("
            + type
            + "), expected '"
            + definition.name()
            + "' ("
            + definition.type()
            + ")");
    boolean newStarted = in.readBoolean();
    long newFirst = in.readLong();
    long newWarmup = in.readLong();
    StateFormat.check(newWarmup >= 0, KIND, "negative warm-up count");
    inner().readState(in);
    started = newStarted;
    firstEventTime = newFirst;
    warmupEvents = newWarmup;
    statisticsChanged = true;
  }

  private Stateful inner() {
    if (dataDrift != null) {
      return dataDrift;
    }
    return predictionDrift != null ? predictionDrift : labelRate;
  }
}
