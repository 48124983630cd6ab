package io.streamlearn.monitoring.core.monitor;

import io.streamlearn.monitoring.core.drift.Adwin;
import io.streamlearn.monitoring.core.drift.ChangeDetector;
import io.streamlearn.monitoring.core.drift.Ddm;
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
 * Watches the model's error rate for an increase (concept drift), one labelled prediction at a
 * time: each (label, score) pair becomes an error indicator ({@code score >= threshold} disagrees
 * with the label) fed to ADWIN (increases only) or DDM. A detection becomes a {@link
 * DriftKind#CONCEPT_DRIFT} alert on subject {@code error_rate}, through the {@link AlertPolicy}.
 *
 * <p>The alert's statistic is the error rate after the change, its threshold the detector's delta
 * (ADWIN) or drift level (DDM). With ADWIN, "before" and "after" are the two sides of the sharpest
 * split of its window ({@code Adwin.cutOlderMean()}, {@code cutRecentMean()}); with DDM they are
 * the minimum error rate it recorded and its current rate. The alert's window runs from the first
 * prediction after the previous detection (or the start) to the detecting one (both inclusive). An
 * alert is CRITICAL when the error rate grew by half or more, WARNING otherwise.
 */
public final class ConceptDriftMonitor implements Stateful {

  /** The subject of concept-drift alerts. */
  public static final String SUBJECT = "error_rate";

  private static final String KIND = "concept-drift-monitor";
  private static final int VERSION = 1;

  private final ConceptDriftSettings settings;
  private ChangeDetector detector;
  private AlertPolicy policy;
  private boolean started;
  private long windowStart;
  private long predictions;
  private long detections;

  public ConceptDriftMonitor(ConceptDriftSettings settings) {
    this.settings = settings;
    this.detector = newDetector(settings);
    this.policy = new AlertPolicy(settings.cooldownMillis());
  }

  private static ChangeDetector newDetector(ConceptDriftSettings settings) {
    return switch (settings.detector()) {
      case ADWIN -> Adwin.increasesOnly(settings.adwinDelta());
      case DDM -> new Ddm();
      case DDM_CALIBRATED -> Ddm.calibrated();
    };
  }

  public ConceptDriftSettings settings() {
    return settings;
  }

  /**
   * Feeds one labelled prediction.
   *
   * @param eventTimeMillis event time of the prediction (or of its label)
   * @param actual the label
   * @param score the predicted probability of the positive class
   * @return the alert raised, if any
   */
  public List<AlertEvent> observe(long eventTimeMillis, boolean actual, double score) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("the score is NaN");
    }
    if (!started) {
      started = true;
      windowStart = eventTimeMillis;
    }
    predictions++;
    double error = (score >= settings.decisionThreshold()) != actual ? 1.0 : 0.0;
    detector.update(error);
    if (!detector.driftDetected()) {
      return List.of();
    }
    detections++;
    Map<String, Double> reference = new LinkedHashMap<>();
    Map<String, Double> current = new LinkedHashMap<>();
    double before;
    double after;
    double threshold;
    String name;
    if (detector instanceof Adwin adwin) {
      before = adwin.cutOlderMean();
      after = adwin.cutRecentMean();
      threshold = adwin.delta();
      name = "ADWIN";
      reference.put("n", (double) adwin.cutOlderWidth());
      current.put("n", (double) adwin.cutRecentWidth());
    } else {
      Ddm ddm = (Ddm) detector;
      before = ddm.minimumErrorRate();
      after = ddm.estimation();
      threshold = ddm.driftLevel();
      name = "DDM";
      reference.put("std", ddm.minimumStandardDeviation());
      current.put("n", (double) ddm.count());
    }
    reference.put(SUBJECT, before);
    current.put(SUBJECT, after);
    long start = windowStart;
    started = false; // the next prediction opens the next window
    long end = Math.max(start, eventTimeMillis);
    if (!policy.admit(settings.monitor(), SUBJECT, start, eventTimeMillis)) {
      return List.of();
    }
    return List.of(
        new AlertEvent(
            AlertEvent.idOf(settings.monitor(), SUBJECT, start, end),
            settings.monitor(),
            DriftKind.CONCEPT_DRIFT,
            name,
            SUBJECT,
            after,
            OptionalDouble.empty(),
            threshold,
            start,
            end,
            after >= 1.5 * before ? Severity.CRITICAL : Severity.WARNING,
            reference,
            current));
  }

  /** Labelled predictions seen. */
  public long predictions() {
    return predictions;
  }

  /** Detections, alerted or suppressed by the policy. */
  public long detections() {
    return detections;
  }

  /** Detections the alert policy suppressed. */
  public long suppressedAlerts() {
    return policy.suppressed();
  }

  /**
   * Layout, version 1, after the header {@code ("concept-drift-monitor", 1)}: {@code UTF} detector
   * name (must match the settings), {@code boolean} started, {@code long} window start,
   * predictions, detections, then the detector's state and the {@link AlertPolicy}'s.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeUTF(settings.detector().name());
    out.writeBoolean(started);
    out.writeLong(windowStart);
    out.writeLong(predictions);
    out.writeLong(detections);
    detector.writeState(out);
    policy.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    String savedDetector = in.readUTF();
    StateFormat.check(
        savedDetector.equals(settings.detector().name()),
        KIND,
        "saved with detector " + savedDetector + ", settings say " + settings.detector());
    boolean newStarted = in.readBoolean();
    long newWindowStart = in.readLong();
    long newPredictions = in.readLong();
    long newDetections = in.readLong();
    ChangeDetector restoredDetector = newDetector(settings);
    restoredDetector.readState(in);
    AlertPolicy restored = new AlertPolicy(settings.cooldownMillis());
    restored.readState(in);
    detector = restoredDetector;
    started = newStarted;
    windowStart = newWindowStart;
    predictions = newPredictions;
    detections = newDetections;
    policy = restored;
  }
}
