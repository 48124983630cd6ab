package io.streamlearn.monitoring.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.monitoring.core.monitor.DriftTestSettings.NumericTest;
import io.streamlearn.monitoring.core.monitor.WindowSettings.ReferenceMode;
import io.streamlearn.monitoring.core.monitor.WindowSettings.WindowType;
import io.streamlearn.monitoring.core.stats.MultipleTesting.Correction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataDriftMonitorTest {

  private static final String[] CARDS = {"visa", "mastercard", "amex"};

  private static DataDriftSettings settings(WindowSettings window, DriftTestSettings tests) {
    return new DataDriftSettings(
        "features", List.of("amount", "hour"), List.of("card"), window, tests, 0);
  }

  /** One event: amount ~ N(shift, 1), hour ~ U(0, 24), card 60/30/10 (or 30/30/40 if mixed). */
  private static List<AlertEvent> feed(
      DataDriftMonitor monitor, Random random, long time, double shift, boolean mixed) {
    double u = random.nextDouble();
    String card =
        mixed
            ? (u < 0.3 ? "visa" : u < 0.6 ? "mastercard" : "amex")
            : (u < 0.6 ? "visa" : u < 0.9 ? "mastercard" : "amex");
    return monitor.observe(
        time,
        Map.of("amount", random.nextGaussian() + shift, "hour", random.nextDouble() * 24),
        Map.of("card", card));
  }

  /**
   * The share of windows with an alarm on a single stable feature: a reference of 5,000 events,
   * then 1,000 windows of 500.
   */
  private static double falseAlarmRate(DriftTestSettings tests, long seed) {
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            new DataDriftSettings(
                "stable",
                List.of("x"),
                List.of(),
                WindowSettings.countWindows(ReferenceMode.FIRST_N, 5_000, 500),
                tests,
                0));
    Random random = new Random(seed);
    int alarms = 0;
    for (int i = 0; i < 5_000 + 1_000 * 500; i++) {
      monitor.observe(i, Map.of("x", random.nextGaussian()), Map.of());
      if (monitor.windowsClosed() > 0 && monitor.lastResults().get(0).alarmed() && i % 500 == 499) {
        alarms++;
      }
    }
    assertThat(monitor.windowsClosed()).isEqualTo(1_000);
    return alarms / 1_000.0;
  }

  @Test
  void ksMonitorFalseAlarmRateUnderNoDriftIsAtMostAlpha() {
    DriftTestSettings guarded = DriftTestSettings.defaults();
    assertThat(falseAlarmRate(guarded, 1)).isLessThanOrEqualTo(guarded.alpha());

    // significance alone: the p-values are calibrated, so the rate is close to (not far below)
    // alpha
    DriftTestSettings significanceOnly =
        guarded.withSignificance(0.05, Correction.NONE).withEffectFloors(0, 0, 0);
    assertThat(falseAlarmRate(significanceOnly, 2)).isBetween(0.029, 0.071);
  }

  @Test
  void psiMonitorFalseAlarmRateUnderNoDriftIsAtMostAlpha() {
    DriftTestSettings guarded = DriftTestSettings.defaults().withNumericTest(NumericTest.PSI);
    assertThat(falseAlarmRate(guarded, 3)).isLessThanOrEqualTo(guarded.alpha());

    DriftTestSettings significanceOnly =
        guarded.withSignificance(0.05, Correction.NONE).withEffectFloors(0, 0, 0);
    assertThat(falseAlarmRate(significanceOnly, 4)).isBetween(0.029, 0.071);
  }

  @Test
  void
      bonferroniKeepsTheChanceOfAnyFalseAlarmAmongTenFeaturesAtAlphaWhereUncorrectedTestsAlarmOften() {
    List<String> names = new ArrayList<>();
    for (int f = 0; f < 10; f++) {
      names.add("f" + f);
    }
    DriftTestSettings significanceOnly = DriftTestSettings.defaults().withEffectFloors(0, 0, 0);
    DataDriftMonitor corrected =
        manyFeatures(names, significanceOnly.withSignificance(0.05, Correction.BONFERRONI));
    DataDriftMonitor uncorrected =
        manyFeatures(names, significanceOnly.withSignificance(0.05, Correction.NONE));
    Random random = new Random(5);
    int correctedWindows = 0;
    int uncorrectedWindows = 0;
    for (int i = 0; i < 2_000 + 1_000 * 100; i++) {
      Map<String, Double> x = new HashMap<>();
      for (String name : names) {
        x.put(name, random.nextGaussian());
      }
      correctedWindows += corrected.observe(i, x, Map.of()).isEmpty() ? 0 : 1;
      uncorrectedWindows += uncorrected.observe(i, x, Map.of()).isEmpty() ? 0 : 1;
    }
    assertThat(corrected.windowsClosed()).isEqualTo(1_000);
    // 1 - 0.95^10 = 40% of windows alarm somewhere without correction
    assertThat(uncorrectedWindows / 1_000.0).isGreaterThan(0.3);
    // with Bonferroni: at most alpha = 5%, give or take three standard errors of the estimate
    assertThat(correctedWindows / 1_000.0).isLessThanOrEqualTo(0.071);
  }

  private static DataDriftMonitor manyFeatures(List<String> names, DriftTestSettings tests) {
    return new DataDriftMonitor(
        new DataDriftSettings(
            "many",
            names,
            List.of(),
            WindowSettings.countWindows(ReferenceMode.FIRST_N, 2_000, 100),
            tests,
            0));
  }

  @Test
  void alertsOnTheShiftedFeatureOnlyWithTheWindowAndSummaries() {
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            settings(
                WindowSettings.countWindows(ReferenceMode.FIRST_N, 1_000, 500),
                DriftTestSettings.defaults()));
    Random random = new Random(6);
    long t = 0;
    for (int i = 0; i < 1_000 + 4 * 500; i++) {
      assertThat(feed(monitor, random, t++, 0, false)).isEmpty();
    }
    List<AlertEvent> alerts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      alerts.addAll(feed(monitor, random, t++, 0.6, false));
    }
    assertThat(alerts).hasSize(1);
    AlertEvent alert = alerts.get(0);
    assertThat(alert.monitor()).isEqualTo("features");
    assertThat(alert.kind()).isEqualTo(DriftKind.DATA_DRIFT);
    assertThat(alert.detector()).isEqualTo("KS");
    assertThat(alert.subject()).isEqualTo("amount");
    assertThat(alert.statistic()).isGreaterThan(0.2);
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.pValue().orElseThrow()).isLessThan(1e-6);
    assertThat(alert.threshold()).isEqualTo(0.1);
    assertThat(alert.windowStartMillis()).isEqualTo(3_000);
    assertThat(alert.windowEndMillis()).isEqualTo(3_499);
    assertThat(alert.alertId()).isEqualTo("features/amount/3000-3499");
    assertThat(alert.referenceSummary()).containsEntry("n", 1_000.0).containsKeys("mean", "p95");
    assertThat(alert.currentSummary().get("mean")).isBetween(0.4, 0.8);
    assertThat(alert.currentSummary()).containsKeys("alpha", "adjusted_p_value");
    assertThat(monitor.lastResults())
        .extracting(FeatureTestResult::subject)
        .containsExactly("amount", "hour", "card");
  }

  @Test
  void chiSquareAlertsOnAChangedCategoryMix() {
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            settings(
                WindowSettings.countWindows(ReferenceMode.FIRST_N, 1_000, 500),
                DriftTestSettings.defaults()));
    Random random = new Random(7);
    long t = 0;
    for (int i = 0; i < 1_500; i++) {
      feed(monitor, random, t++, 0, false);
    }
    List<AlertEvent> alerts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      alerts.addAll(feed(monitor, random, t++, 0, true));
    }
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.subject()).isEqualTo("card");
              assertThat(a.detector()).isEqualTo("CHI_SQUARE");
              assertThat(a.statistic()).as("Cramér's V").isGreaterThan(0.1);
              assertThat(a.currentSummary()).containsKeys("chi_square", "share:amex");
            });
  }

  @Test
  void eventTimeWindowsCloseOnALaterEventOrTheWatermarkAndCountLateEvents() {
    long hour = 3_600_000;
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            settings(
                WindowSettings.eventTimeWindows(ReferenceMode.FIRST_N, 500, hour),
                DriftTestSettings.defaults()));
    Random random = new Random(8);
    for (int i = 0; i < 500; i++) {
      feed(monitor, random, i, 0, false);
    }
    assertThat(monitor.referenceReady()).isTrue();
    // window [10h, 11h): 400 shifted events
    for (int i = 0; i < 400; i++) {
      assertThat(feed(monitor, random, 10 * hour + i * 1_000L, 1.0, false)).isEmpty();
    }
    assertThat(monitor.windowsClosed()).isZero();
    List<AlertEvent> alerts = monitor.advanceTo(11 * hour);
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.windowStartMillis()).isEqualTo(10 * hour);
              assertThat(a.windowEndMillis()).isEqualTo(11 * hour);
            });
    assertThat(feed(monitor, random, 10 * hour + 5, 0, false)).isEmpty();
    assertThat(monitor.lateEvents()).isEqualTo(1);
    // window [12h, 13h) then an event at 14h closes it
    for (int i = 0; i < 300; i++) {
      feed(monitor, random, 12 * hour + i, 1.0, false);
    }
    assertThat(feed(monitor, random, 14 * hour, 0, false))
        .singleElement()
        .satisfies(a -> assertThat(a.windowStartMillis()).isEqualTo(12 * hour));
    assertThat(monitor.windowsClosed()).isEqualTo(2);
  }

  @Test
  void theFirstEventTimeWindowAfterTheReferenceIsAWholeOne() {
    long hour = 3_600_000;
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            settings(
                WindowSettings.eventTimeWindows(ReferenceMode.FIRST_N, 500, hour),
                DriftTestSettings.defaults()));
    Random random = new Random(11);
    long t = 0;
    for (int i = 0; i < 500; i++, t += 4_000) {
      feed(monitor, random, t, 0, false);
    }
    // the reference ended at 33m 16s: the rest of [0h, 1h) is not a window
    while (t < hour) {
      assertThat(feed(monitor, random, t, 0, false)).isEmpty();
      t += 4_000;
    }
    assertThat(monitor.openWindowEndMillis()).isEmpty();
    assertThat(monitor.unalignedEvents()).isEqualTo(400);
    while (t < 2 * hour) {
      feed(monitor, random, t, 0, false);
      t += 4_000;
    }
    assertThat(monitor.openWindowEndMillis()).hasValue(2 * hour);
    assertThat(monitor.advanceTo(2 * hour)).isEmpty();
    assertThat(monitor.lastResults()).allSatisfy(r -> assertThat(r.currentCount()).isEqualTo(900));
    assertThat(monitor.lateEvents()).isZero();
  }

  @Test
  void aSlidingReferenceAbsorbsALastingShiftSoAlarmsStop() {
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            settings(
                WindowSettings.countWindows(ReferenceMode.SLIDING, 1_000, 500),
                DriftTestSettings.defaults()));
    Random random = new Random(9);
    long t = 0;
    for (int i = 0; i < 2_000; i++) {
      feed(monitor, random, t++, 0, false);
    }
    List<Long> alarmWindows = new ArrayList<>();
    for (int w = 0; w < 10; w++) {
      for (int i = 0; i < 500; i++) {
        if (!feed(monitor, random, t++, 1.0, false).isEmpty()) {
          alarmWindows.add(monitor.windowsClosed());
        }
      }
    }
    assertThat(alarmWindows).isNotEmpty().allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(4));
  }

  @Test
  void aFixedBaselineIsTheReferenceFromTheFirstEvent() {
    Random random = new Random(10);
    double[] amounts = new double[2_000];
    double[] hours = new double[2_000];
    for (int i = 0; i < amounts.length; i++) {
      amounts[i] = random.nextGaussian();
      hours[i] = random.nextDouble() * 24;
    }
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            settings(
                WindowSettings.countWindows(ReferenceMode.FIXED_BASELINE, 0, 300),
                DriftTestSettings.defaults()),
            Map.of("amount", amounts, "hour", hours),
            Map.of("card", Map.of("visa", 600L, "mastercard", 300L, "amex", 100L)));
    assertThat(monitor.referenceReady()).isTrue();
    List<AlertEvent> alerts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      alerts.addAll(feed(monitor, random, i, 0.8, false));
    }
    assertThat(alerts).extracting(AlertEvent::subject).containsExactly("amount");
    assertThatThrownBy(
            () ->
                new DataDriftMonitor(
                    settings(
                        WindowSettings.countWindows(ReferenceMode.FIXED_BASELINE, 0, 300),
                        DriftTestSettings.defaults()),
                    Map.of("amount", amounts),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hour");
  }

  @Test
  void theCooldownSuppressesAlertsOfTheFollowingWindows() {
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            new DataDriftSettings(
                "cool",
                List.of("amount"),
                List.of(),
                WindowSettings.countWindows(ReferenceMode.FIRST_N, 1_000, 500),
                DriftTestSettings.defaults(),
                1_200));
    Random random = new Random(11);
    long t = 0;
    for (int i = 0; i < 1_000; i++) {
      monitor.observe(t++, Map.of("amount", random.nextGaussian()), Map.of());
    }
    List<AlertEvent> alerts = new ArrayList<>();
    for (int i = 0; i < 6 * 500; i++) {
      alerts.addAll(monitor.observe(t++, Map.of("amount", random.nextGaussian() + 1), Map.of()));
    }
    // six alarming windows ending at 1499, 1999, ..., 3999: alerts at 1499, 2999 (1,200 ms apart)
    assertThat(alerts).extracting(AlertEvent::windowEndMillis).containsExactly(1_499L, 2_999L);
    assertThat(monitor.suppressedAlerts()).isEqualTo(4);
  }

  @Test
  void countsMissingValuesPerFeature() {
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            settings(
                WindowSettings.countWindows(ReferenceMode.FIRST_N, 10, 10),
                DriftTestSettings.defaults()));
    monitor.observe(0, Map.of("amount", Double.NaN), Map.of());
    monitor.observe(1, Map.of("hour", 3.0), Map.of("card", "visa"));
    assertThat(monitor.missingValues("amount")).isEqualTo(2);
    assertThat(monitor.missingValues("hour")).isEqualTo(1);
    assertThat(monitor.missingValues("card")).isEqualTo(1);
  }

  @Test
  void restoredStateRaisesTheSameAlertsAsTheOriginal() throws IOException {
    for (ReferenceMode mode : new ReferenceMode[] {ReferenceMode.FIRST_N, ReferenceMode.SLIDING}) {
      WindowSettings window =
          new WindowSettings(mode, 800, WindowType.COUNT, 400, 300, 42); // sampled windows
      DataDriftMonitor original =
          new DataDriftMonitor(settings(window, DriftTestSettings.defaults()));
      Random random = new Random(12);
      long t = 0;
      for (int i = 0; i < 2_123; i++) {
        feed(original, random, t++, 0, false);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      original.writeState(new DataOutputStream(bytes));
      DataDriftMonitor restored =
          new DataDriftMonitor(settings(window, DriftTestSettings.defaults()));
      restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      Random r1 = new Random(13);
      Random r2 = new Random(13);
      for (int i = 0; i < 4_000; i++) {
        double shift = i < 1_500 ? 0 : 0.7;
        boolean mixed = i >= 2_500;
        List<AlertEvent> a = feed(original, r1, t, shift, mixed);
        List<AlertEvent> b = feed(restored, r2, t, shift, mixed);
        t++;
        assertThat(b).as("%s, event %d", mode, i).isEqualTo(a);
      }
      assertThat(restored.lastResults()).isEqualTo(original.lastResults());
      assertThat(original.windowsClosed()).isGreaterThan(5);
    }
  }

  @Test
  void refusesTheStateOfAMonitorOfOtherFeatures() throws IOException {
    DataDriftMonitor other =
        new DataDriftMonitor(
            new DataDriftSettings(
                "x",
                List.of("other"),
                List.of(),
                WindowSettings.countWindows(ReferenceMode.FIRST_N, 10, 10),
                DriftTestSettings.defaults(),
                0));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    other.writeState(new DataOutputStream(bytes));
    DataDriftMonitor monitor =
        new DataDriftMonitor(
            settings(
                WindowSettings.countWindows(ReferenceMode.FIRST_N, 10, 10),
                DriftTestSettings.defaults()));
    assertThatThrownBy(
            () ->
                monitor.readState(
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("feature");
  }
}
