package io.streamlearn.bench.monitoring;

import io.streamlearn.features.core.FeaturePlan;
import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.monitoring.core.evaluation.DriftDetectionEvaluation;
import io.streamlearn.monitoring.core.evaluation.DriftDetectionEvaluation.Detection;
import io.streamlearn.monitoring.core.evaluation.DriftDetectionEvaluation.RaisedAlert;
import io.streamlearn.monitoring.core.evaluation.DriftDetectionEvaluation.Run;
import io.streamlearn.monitoring.core.evaluation.DriftDetectionEvaluation.Score;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scores the monitoring stage's fraud-pipeline defaults against the simulator's ground truth
 * ({@link DriftDetectionEvaluation}): for each seed, the handbook's world (5,000 customers, 10,000
 * terminals) without drift and with each drift scenario starting on {@code changeDay}, features
 * computed by the feature core, monitors fed in stream order. Prints the detection delay of each
 * injected change (from when it is observable, and from its start) and the false alerts per 30
 * simulated days of monitoring without drift, as markdown tables.
 *
 * <p>Run: {@code java -Xmx3g -cp bench/target/benchmarks.jar
 * io.streamlearn.bench.monitoring.DriftDetectionBenchmark [--seeds 0,1,2] [--days 183]
 * [--change-day 100] [--scenarios amount-shift:1.5,...]}.
 */
public final class DriftDetectionBenchmark {

  /** The target: every injected change detected within two simulated days. */
  static final double TARGET_HOURS = 48;

  /** The scenarios the target applies to: one per drift kind of the simulator. */
  static final List<String> SCENARIOS =
      List.of("amount-shift:1.5", "customer-frequency:1.5", "fraud-rate:10", "new-pattern:5");

  private DriftDetectionBenchmark() {}

  public static void main(String[] args) {
    List<Long> seeds = List.of(0L, 1L, 2L);
    int days = 183;
    int changeDay = 100;
    List<String> scenarios = SCENARIOS;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seeds" -> seeds = Arrays.stream(args[i + 1].split(",")).map(Long::valueOf).toList();
        case "--days" -> days = Integer.parseInt(args[i + 1]);
        case "--change-day" -> changeDay = Integer.parseInt(args[i + 1]);
        case "--scenarios" -> scenarios = List.of(args[i + 1].split(","));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    FeaturePlan plan = FeaturePlan.compile(FeatureSpecYaml.fraudBaseline());
    MonitoringStageSettings settings = MonitoringStageSettings.defaults();
    List<String> detections = new ArrayList<>();
    List<String> quiet = new ArrayList<>();
    double falseAlerts = 0;
    double quietDays = 0;
    boolean allWithinTarget = true;
    for (long seed : seeds) {
      SimulatorOptions world = SimulatorOptions.DEFAULTS.withDays(days).withSeed(seed);
      long started = System.nanoTime();
      Score none =
          DriftDetectionEvaluation.score(DriftDetectionEvaluation.run(world, plan, settings));
      falseAlerts += none.falseAlerts().size();
      quietDays += none.monitoredDaysWithoutDrift();
      quiet.add(
          String.format(
              Locale.ROOT,
              "| %d | none | %.0f | %d | %.2f | %s | %.0f s |",
              seed,
              none.monitoredDaysWithoutDrift(),
              none.falseAlerts().size(),
              none.falseAlertsPerMonth(),
              describe(none.falseAlerts()),
              (System.nanoTime() - started) / 1e9));
      for (String scenario : scenarios) {
        DriftChange change = DriftChange.parse(changeDay + ":" + scenario);
        started = System.nanoTime();
        Run run = DriftDetectionEvaluation.run(world.withDrift(List.of(change)), plan, settings);
        Score score = DriftDetectionEvaluation.score(run);
        falseAlerts += score.falseAlerts().size();
        quietDays += score.monitoredDaysWithoutDrift();
        for (Detection d : score.detections()) {
          boolean within = d.detected() && d.delayHours() <= TARGET_HOURS;
          allWithinTarget &= within;
          detections.add(
              String.format(
                  Locale.ROOT,
                  "| %d | %s | %s | %.1f | %.1f | %s | %d | %s | %.0f s |",
                  seed,
                  scenario,
                  d.change().change().kind().driftType(),
                  d.delayHours(),
                  d.delayFromStartHours(),
                  d.detected()
                      ? d.detection().alert().monitor() + " / " + d.detection().alert().subject()
                      : "missed",
                  score.falseAlerts().size(),
                  within ? "yes" : "**no**",
                  (System.nanoTime() - started) / 1e9));
        }
      }
    }
    System.out.println("Detection of injected changes (day " + changeDay + " of " + days + "):");
    System.out.println();
    System.out.println(
        "| seed | scenario | drift | delay (h, from observable) | delay (h, from start) |"
            + " first alert | false alerts before | within 48 h | run time |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    detections.forEach(System.out::println);
    System.out.println();
    System.out.println("Without drift:");
    System.out.println();
    System.out.println(
        "| seed | scenario | days monitored | false alerts | per 30 days | alerts | run time |");
    System.out.println("|---|---|---|---|---|---|---|");
    quiet.forEach(System.out::println);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "All changes detected within %.0f h: %s. False alerts: %.0f in %.0f days monitored without"
            + " drift (all runs, before their change) = %.2f per 30 days.%n",
        TARGET_HOURS,
        allWithinTarget ? "yes" : "no",
        falseAlerts,
        quietDays,
        quietDays > 0 ? falseAlerts * 30 / quietDays : Double.NaN);
  }

  private static String describe(List<RaisedAlert> alerts) {
    if (alerts.isEmpty()) {
      return "-";
    }
    List<String> names = new ArrayList<>();
    for (RaisedAlert a : alerts) {
      names.add(a.alert().monitor() + "/" + a.alert().subject());
    }
    return String.join(", ", names);
  }
}
