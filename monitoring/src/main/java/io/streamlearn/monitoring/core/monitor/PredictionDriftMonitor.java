package io.streamlearn.monitoring.core.monitor;

import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Watches the distribution of the model's scores for change (prediction drift): the windowed KS or
 * PSI test of a {@link DataDriftMonitor} on the single subject {@code score}, with the same
 * windows, alarm conditions and alert policy. A shift of the scores often shows a change of the
 * inputs or of the model before labels arrive to confirm it.
 */
public final class PredictionDriftMonitor implements Stateful {

  /** The subject of prediction-drift alerts. */
  public static final String SUBJECT = "score";

  private final DataDriftMonitor delegate;

  private final PredictionDriftSettings settings;

  /** A monitor whose reference is taken from the stream (FIRST_N or SLIDING). */
  public PredictionDriftMonitor(PredictionDriftSettings settings) {
    this.settings = settings;
    this.delegate =
        new DataDriftMonitor(
            dataSettings(settings), DriftKind.PREDICTION_DRIFT, Map.of(), Map.of());
  }

  /** A monitor against a fixed baseline of scores (e.g. on the validation set). */
  public PredictionDriftMonitor(PredictionDriftSettings settings, double[] baselineScores) {
    this.settings = settings;
    this.delegate =
        new DataDriftMonitor(
            dataSettings(settings),
            DriftKind.PREDICTION_DRIFT,
            Map.of(SUBJECT, baselineScores.clone()),
            Map.of());
  }

  private static DataDriftSettings dataSettings(PredictionDriftSettings settings) {
    return new DataDriftSettings(
        settings.monitor(),
        List.of(SUBJECT),
        List.of(),
        settings.window(),
        settings.tests(),
        settings.cooldownMillis());
  }

  public PredictionDriftSettings settings() {
    return settings;
  }

  /** Feeds one score; returns the alerts of the window it closed, if any. */
  public List<AlertEvent> observe(long eventTimeMillis, double score) {
    return delegate.observe(eventTimeMillis, Map.of(SUBJECT, score), Map.of());
  }

  /** Closes the open event-time window if the watermark passed its end. */
  public List<AlertEvent> advanceTo(long watermarkMillis) {
    return delegate.advanceTo(watermarkMillis);
  }

  /** The end (exclusive) of the open event-time window, when one is open. */
  public OptionalLong openWindowEndMillis() {
    return delegate.openWindowEndMillis();
  }

  /** Detections the alert policy suppressed. */
  public long suppressedAlerts() {
    return delegate.suppressedAlerts();
  }

  /** The result of the last closed window (empty before the first). */
  public List<FeatureTestResult> lastResults() {
    return delegate.lastResults();
  }

  public long lateEvents() {
    return delegate.lateEvents();
  }

  public long windowsClosed() {
    return delegate.windowsClosed();
  }

  public boolean referenceReady() {
    return delegate.referenceReady();
  }

  /** The layout of {@link DataDriftMonitor#writeState}, with the single feature {@code score}. */
  @Override
  public void writeState(DataOutput out) throws IOException {
    delegate.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    delegate.readState(in);
  }
}
