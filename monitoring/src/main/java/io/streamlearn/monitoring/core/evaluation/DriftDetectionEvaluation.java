package io.streamlearn.monitoring.core.evaluation;

import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeaturePlan;
import io.streamlearn.features.core.LocalFeaturePipeline;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.ingest.core.simulator.ChangePoint;
import io.streamlearn.ingest.core.simulator.DriftKind;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulatedTransaction;
import io.streamlearn.ingest.core.simulator.SimulationEvent;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.LocalMonitoringStage;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.StageMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scores the monitoring stage against the simulator's ground truth: runs a simulated world (with
 * its drift change points, or none), computes the features of every transaction with the feature
 * module's core ({@link LocalFeaturePipeline}), feeds features and labels to the monitors ({@link
 * LocalMonitoringStage}) in stream order, and measures for each injected change the delay until the
 * first alert, and the false alerts: alerts raised before the first change.
 *
 * <p><b>When a change is observable.</b> A covariate change (amounts, frequencies) shows in the
 * features from its start. A prior change (the fraud rate) and a concept change (a new fraud
 * pattern) move the labels, which arrive a label delay later: the simulator's ground truth gives
 * that moment ({@link ChangePoint#firstLabelMillis()}), the soonest a label-based monitor can
 * react. The delay of a change is counted from when it becomes observable; the delay from its start
 * is reported too. Any monitor's alert counts as the detection if the change can have caused it: a
 * label-rate alert only from the change's first label on (the labels before it are all of
 * transactions made before the change), any other from the change's start. A label-rate alert
 * between a change's start and its first label is a false alert.
 *
 * <p>Scores come from a model in the real pipeline; this evaluation has none, so prediction-drift
 * monitors see no input here.
 */
public final class DriftDetectionEvaluation {

  private static final double HOUR = 3_600_000.0;
  private static final double MONTH_DAYS = 30.0;
  private static final double DAY = 86_400_000.0;

  private DriftDetectionEvaluation() {}

  /** An alert and the event time of the event that raised it. */
  public record RaisedAlert(long raisedAtMillis, AlertEvent alert) {}

  /**
   * What a run produced.
   *
   * @param options the simulated world
   * @param changes its change points, in time order
   * @param alerts every alert, in the order raised
   * @param monitoredFromMillis when the first monitor's warm-up ended (no alert can come before)
   * @param endMillis the event time of the last event
   * @param transactions transactions simulated
   * @param vectors feature vectors fed to the monitors
   * @param labels labels fed to the monitors
   */
  public record Run(
      SimulatorOptions options,
      List<ChangePoint> changes,
      List<RaisedAlert> alerts,
      long monitoredFromMillis,
      long endMillis,
      long transactions,
      long vectors,
      long labels) {}

  /**
   * The detection of one change.
   *
   * @param change the change point
   * @param observableFromMillis when it becomes observable (see the class comment)
   * @param detection the first alert the change can have caused (see the class comment), before the
   *     next change, if any
   */
  public record Detection(ChangePoint change, long observableFromMillis, RaisedAlert detection) {

    public boolean detected() {
      return detection != null;
    }

    /** Simulated hours from observable to the first alert; NaN when missed. */
    public double delayHours() {
      return detected() ? (detection.raisedAtMillis() - observableFromMillis) / HOUR : Double.NaN;
    }

    /** Simulated hours from the change's start to the first alert; NaN when missed. */
    public double delayFromStartHours() {
      return detected() ? (detection.raisedAtMillis() - change.startMillis()) / HOUR : Double.NaN;
    }
  }

  /**
   * The score of a run.
   *
   * @param detections one per change point
   * @param falseAlerts alerts raised before the first change (all of them without drift), and
   *     label-rate alerts raised after a change's start but before its first label
   * @param monitoredDaysWithoutDrift simulated days monitored before the first change (after the
   *     warm-up)
   */
  public record Score(
      List<Detection> detections, List<RaisedAlert> falseAlerts, double monitoredDaysWithoutDrift) {

    /** False alerts per 30 simulated days of monitoring without drift; NaN if none monitored. */
    public double falseAlertsPerMonth() {
      return monitoredDaysWithoutDrift > 0
          ? falseAlerts.size() * MONTH_DAYS / monitoredDaysWithoutDrift
          : Double.NaN;
    }

    /** Whether every change was detected within {@code hours} of becoming observable. */
    public boolean allDetectedWithin(double hours) {
      for (Detection d : detections) {
        if (!d.detected() || d.delayHours() > hours) {
          return false;
        }
      }
      return true;
    }
  }

  /** Simulates {@code options}, computes features with {@code plan} and runs the monitors. */
  public static Run run(
      SimulatorOptions options, FeaturePlan plan, MonitoringStageSettings settings) {
    Objects.requireNonNull(options, "options");
    TransactionSimulator simulator = new TransactionSimulator(options);
    LocalMonitoringStage stage = new LocalMonitoringStage(settings);
    LocalFeaturePipeline features =
        new LocalFeaturePipeline(plan, LocalFeaturePipeline.Storage.OBJECTS);
    List<RaisedAlert> alerts = new ArrayList<>();
    long[] counts = new long[3];
    long[] now = {Long.MIN_VALUE};
    LocalFeaturePipeline.Sink sink =
        new LocalFeaturePipeline.Sink() {
          @Override
          public void vector(TransactionFeatures vector) {
            counts[1]++;
            for (AlertEvent a :
                stage.onFeatures(vector.eventTimeMillis(), vector.features().asMap())) {
              alerts.add(new RaisedAlert(now[0], a));
            }
          }

          @Override
          public void rejection(Rejection rejection) {
            // the simulator's stream is in order: nothing is late, labels join their transactions
          }
        };
    SimulationRun run = simulator.run();
    while (run.hasNext()) {
      SimulationEvent event = run.next();
      now[0] = event.eventTimeMillis();
      if (event instanceof SimulatedTransaction t) {
        counts[0]++;
        features.accept(new FeatureInput.Transaction(t.transaction()), sink);
      } else {
        SimulatedLabel l = (SimulatedLabel) event;
        features.accept(new FeatureInput.Label(l.label()), sink);
        counts[2]++;
        for (AlertEvent a : stage.onLabel(l.label().labelTimeMillis(), l.label().fraud())) {
          alerts.add(new RaisedAlert(now[0], a));
        }
      }
    }
    long shortestWarmup = Long.MAX_VALUE;
    for (StageMonitor m : stage.monitors().values()) {
      shortestWarmup = Math.min(shortestWarmup, m.definition().warmupMillis());
    }
    long monitoredFrom = run.statistics().firstEventMillis() + shortestWarmup;
    return new Run(
        options,
        simulator.groundTruth().changePoints(),
        List.copyOf(alerts),
        monitoredFrom,
        run.statistics().lastEventMillis(),
        counts[0],
        counts[1],
        counts[2]);
  }

  /** Scores a run: the detection of each change and the false alerts before the first. */
  public static Score score(Run run) {
    List<Detection> detections = new ArrayList<>();
    List<ChangePoint> changes = run.changes();
    for (int i = 0; i < changes.size(); i++) {
      ChangePoint change = changes.get(i);
      long until = i + 1 < changes.size() ? changes.get(i + 1).startMillis() : Long.MAX_VALUE;
      RaisedAlert first = null;
      for (RaisedAlert a : run.alerts()) {
        if (a.raisedAtMillis() >= causableFrom(change, a) && a.raisedAtMillis() < until) {
          first = a;
          break;
        }
      }
      detections.add(new Detection(change, observableFrom(change), first));
    }
    long firstChange = changes.isEmpty() ? Long.MAX_VALUE : changes.get(0).startMillis();
    List<RaisedAlert> falseAlerts = new ArrayList<>();
    for (RaisedAlert a : run.alerts()) {
      if (a.raisedAtMillis() < firstChange || beforeItsCause(changes, a)) {
        falseAlerts.add(a);
      }
    }
    long quietEnd = Math.min(firstChange, run.endMillis());
    double days = Math.max(0, quietEnd - run.monitoredFromMillis()) / DAY;
    return new Score(List.copyOf(detections), List.copyOf(falseAlerts), days);
  }

  /**
   * The earliest time {@code change} can have caused {@code alert}: its first label for a
   * label-rate alert (its input is the labels), its start for any other.
   */
  static long causableFrom(ChangePoint change, RaisedAlert alert) {
    return alert.alert().kind() == io.streamlearn.monitoring.core.monitor.DriftKind.LABEL_RATE_DRIFT
        ? change.firstLabelMillis()
        : change.startMillis();
  }

  /** Whether {@code alert} falls after a change's start but before that change can cause it. */
  private static boolean beforeItsCause(List<ChangePoint> changes, RaisedAlert alert) {
    ChangePoint latest = null;
    for (ChangePoint c : changes) {
      if (c.startMillis() <= alert.raisedAtMillis()) {
        latest = c;
      }
    }
    return latest != null && alert.raisedAtMillis() < causableFrom(latest, alert);
  }

  /**
   * When a change becomes observable to the stage: its start for covariate changes, its first label
   * for prior and concept changes.
   */
  public static long observableFrom(ChangePoint change) {
    DriftKind kind = change.change().kind();
    return kind == DriftKind.FRAUD_RATE || kind == DriftKind.NEW_FRAUD_PATTERN
        ? change.firstLabelMillis()
        : change.startMillis();
  }
}
