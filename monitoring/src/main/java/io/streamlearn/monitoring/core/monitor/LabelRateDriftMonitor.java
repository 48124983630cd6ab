package io.streamlearn.monitoring.core.monitor;

import io.streamlearn.monitoring.core.drift.Adwin;
import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Watches the rate of positive labels (e.g. the fraud rate) for a change in either direction with a
 * two-sided {@link Adwin}. A rising rate may be an attack; a falling one may be labels going
 * missing. A detection becomes a {@link DriftKind#LABEL_RATE_DRIFT} alert on subject {@code
 * label_rate} through the {@link AlertPolicy}: its statistic is the rate after the change and its
 * reference the rate before it (the two sides of ADWIN's sharpest split), its threshold ADWIN's
 * delta, its window from the first label after the previous detection to the detecting one.
 * CRITICAL when the rate moved by half of its previous value or more, WARNING otherwise.
 */
public final class LabelRateDriftMonitor implements Stateful {

  /** The subject of label-rate alerts. */
  public static final String SUBJECT = "label_rate";

  private static final String KIND = "label-rate-drift-monitor";
  private static final int VERSION = 1;

  private final LabelRateDriftSettings settings;
  private final String monitor;
  private Adwin adwin;
  private AlertPolicy policy;
  private boolean started;
  private long windowStart;
  private long labels;
  private long detections;

  public LabelRateDriftMonitor(LabelRateDriftSettings settings) {
    this.settings = settings;
    this.monitor = settings.monitor();
    this.adwin = new Adwin(settings.delta());
    this.policy = new AlertPolicy(settings.cooldownMillis());
  }

  public LabelRateDriftSettings settings() {
    return settings;
  }

  /** Feeds one label; returns the alert raised, if any. */
  public List<AlertEvent> observe(long eventTimeMillis, boolean positive) {
    if (!started) {
      started = true;
      windowStart = eventTimeMillis;
    }
    labels++;
    double value = positive ? 1.0 : 0.0;
    adwin.update(value);
    if (!adwin.driftDetected()) {
      return List.of();
    }
    detections++;
    double before = adwin.cutOlderMean();
    double after = adwin.cutRecentMean();
    long start = windowStart;
    started = false; // the next label opens the next window
    long end = Math.max(start, eventTimeMillis);
    if (!policy.admit(monitor, SUBJECT, start, eventTimeMillis)) {
      return List.of();
    }
    Map<String, Double> reference = new LinkedHashMap<>();
    reference.put("n", (double) adwin.cutOlderWidth());
    reference.put(SUBJECT, before);
    Map<String, Double> current = new LinkedHashMap<>();
    current.put("n", (double) adwin.cutRecentWidth());
    current.put(SUBJECT, after);
    boolean large = Math.abs(after - before) >= 0.5 * before;
    return List.of(
        new AlertEvent(
            AlertEvent.idOf(monitor, SUBJECT, start, end),
            monitor,
            DriftKind.LABEL_RATE_DRIFT,
            "ADWIN",
            SUBJECT,
            after,
            OptionalDouble.empty(),
            adwin.delta(),
            start,
            end,
            large ? Severity.CRITICAL : Severity.WARNING,
            reference,
            current));
  }

  /** ADWIN's current estimate of the positive rate; NaN before any label. */
  public double rate() {
    return adwin.estimation();
  }

  public long labels() {
    return labels;
  }

  public long detections() {
    return detections;
  }

  public long suppressedAlerts() {
    return policy.suppressed();
  }

  /**
   * Layout, version 1, after the header {@code ("label-rate-drift-monitor", 1)}: {@code boolean}
   * started, {@code long} window start, labels, detections, then ADWIN's state and the {@link
   * AlertPolicy}'s.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeBoolean(started);
    out.writeLong(windowStart);
    out.writeLong(labels);
    out.writeLong(detections);
    adwin.writeState(out);
    policy.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    boolean newStarted = in.readBoolean();
    long newWindowStart = in.readLong();
    long newLabels = in.readLong();
    long newDetections = in.readLong();
    Adwin restoredAdwin = new Adwin(settings.delta());
    restoredAdwin.readState(in);
    AlertPolicy restored = new AlertPolicy(settings.cooldownMillis());
    restored.readState(in);
    adwin = restoredAdwin;
    started = newStarted;
    windowStart = newWindowStart;
    labels = newLabels;
    detections = newDetections;
    policy = restored;
  }
}
