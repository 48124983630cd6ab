package io.streamlearn.monitoring.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The label-rate monitor's binomial test: windows of event time against a seasonal reference. */
class LabelRateBinomialTest {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private static LabelRateDriftMonitor monitor(double alpha, int referenceDays) {
    return new LabelRateDriftMonitor(
        LabelRateDriftSettings.binomial("labels", 6 * HOUR, referenceDays, alpha, 0));
  }

  /**
   * Feeds {@code perHour} labels an hour from day 0 to {@code days}, positive with the probability
   * {@code rate} gives for the time (millis since the start); returns the alerts.
   */
  private static List<AlertEvent> feed(
      LabelRateDriftMonitor monitor,
      Random random,
      long fromDay,
      long days,
      int perHour,
      DoubleUnaryOperator rate) {
    List<AlertEvent> alerts = new ArrayList<>();
    long step = HOUR / perHour;
    for (long t = fromDay * DAY; t < (fromDay + days) * DAY; t += step) {
      alerts.addAll(monitor.observe(t, random.nextDouble() < rate.applyAsDouble(t)));
    }
    return alerts;
  }

  /** A rate that depends on the time of day: three times higher from midnight to six. */
  private static double seasonal(double t) {
    return (t % DAY) < 6 * HOUR ? 0.03 : 0.01;
  }

  @Test
  void theFalseAlarmRateIsAtMostAlphaWithoutDriftEvenWhenTheRateDependsOnTheTimeOfDay() {
    double alpha = 0.01;
    LabelRateDriftMonitor monitor = monitor(alpha, 7);
    List<AlertEvent> alerts =
        feed(monitor, new Random(5), 0, 508, 100, LabelRateBinomialTest::seasonal);

    long tested = monitor.windowsClosed() - 8 * 4 + 1; // windows closed with a full reference
    assertThat(tested).isEqualTo(500 * 4);
    double rate = (double) alerts.size() / tested;
    assertThat(rate)
        .as("%d alerts in %d windows", alerts.size(), tested)
        .isLessThanOrEqualTo(alpha + 3 * Math.sqrt(alpha * (1 - alpha) / tested));
    assertThat(monitor.rate()).isCloseTo(0.015, within(0.004));
  }

  @Test
  void withEstimatedDispersionClusteredPositivesDoNotRaiseTheFalseAlarmRateAboveAlpha() {
    // positives come in incidents of four (a compromised card used four times): the counts of a
    // window vary four times more than binomially; the design effect measured on the reference
    // absorbs it
    double alpha = 0.01;
    LabelRateDriftMonitor monitor =
        new LabelRateDriftMonitor(
            LabelRateDriftSettings.binomial("labels", 6 * HOUR, 28, alpha, true, 0));
    LabelRateDriftMonitor binomial = monitor(alpha, 28);
    List<AlertEvent> binomialAlerts = new ArrayList<>();
    Random random = new Random(21);
    List<AlertEvent> alerts = new ArrayList<>();
    long step = HOUR / 100;
    for (long hour = 0; hour < 529 * 24; hour++) {
      int incidents = 0;
      double p = Math.exp(-0.25);
      for (double u = random.nextDouble(); u > p; u *= random.nextDouble()) {
        incidents++;
      }
      for (int i = 0; i < 100; i++) {
        alerts.addAll(monitor.observe(hour * HOUR + i * step, i < 4 * incidents));
        binomialAlerts.addAll(binomial.observe(hour * HOUR + i * step, i < 4 * incidents));
      }
    }
    long tested = monitor.windowsClosed() - 29 * 4 + 1;
    assertThat(tested).isEqualTo(500 * 4);
    assertThat((double) alerts.size() / tested)
        .as("%d alerts in %d windows", alerts.size(), tested)
        .isLessThanOrEqualTo(alpha + 3 * Math.sqrt(alpha * (1 - alpha) / tested));
    assertThat((double) binomialAlerts.size() / tested)
        .as("taken as binomial, the clustered counts alarm far more often than alpha")
        .isGreaterThan(5 * alpha);
  }

  @Test
  void aRiseInOneWindowOfTheDayAlarmsAtTheEndOfThatWindow() {
    LabelRateDriftMonitor monitor = monitor(0.001, 28);
    Random random = new Random(8);
    long change = 40 * DAY;
    List<AlertEvent> before = feed(monitor, random, 0, 40, 200, t -> 0.01);
    // from day 40, three times the rate between midnight and six only
    List<AlertEvent> after =
        feed(monitor, random, 40, 2, 200, t -> (t % DAY) < 6 * HOUR ? 0.03 : 0.01);

    assertThat(before).isEmpty();
    assertThat(after).isNotEmpty();
    AlertEvent first = after.get(0);
    assertThat(first.windowStartMillis()).isEqualTo(change);
    assertThat(first.windowEndMillis()).isEqualTo(change + 6 * HOUR);
    assertThat(first.detector()).isEqualTo("BINOMIAL");
    assertThat(first.kind()).isEqualTo(DriftKind.LABEL_RATE_DRIFT);
    assertThat(first.statistic()).isCloseTo(0.03, within(0.01));
    assertThat(first.referenceSummary().get("label_rate")).isCloseTo(0.01, within(0.001));
    assertThat(first.currentSummary().get("adjusted_p_value")).isLessThanOrEqualTo(0.001);
    assertThat(first.pValue().getAsDouble()).isLessThanOrEqualTo(0.0005);
    assertThat(first.currentSummary().get("window_hours")).isEqualTo(6.0);
    assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aSmallRiseAllDayLongAlarmsOnTheDailyScale() {
    LabelRateDriftMonitor monitor = monitor(0.001, 28);
    Random random = new Random(9);
    assertThat(feed(monitor, random, 0, 40, 800, t -> 0.01)).isEmpty();
    List<AlertEvent> after = feed(monitor, random, 40, 2, 800, t -> 0.014);

    assertThat(after).isNotEmpty();
    assertThat(after)
        .anySatisfy(
            a -> {
              assertThat(a.currentSummary().get("window_hours")).isEqualTo(24.0);
              assertThat(a.windowEndMillis() - a.windowStartMillis()).isEqualTo(DAY);
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
            });
  }

  @Test
  void aFallingRateAlarmsToo() {
    LabelRateDriftMonitor monitor = monitor(0.001, 28);
    Random random = new Random(10);
    assertThat(feed(monitor, random, 0, 40, 200, t -> 0.02)).isEmpty();
    List<AlertEvent> after = feed(monitor, random, 40, 2, 200, t -> 0.005);

    assertThat(after).isNotEmpty();
    assertThat(after.get(0).statistic()).isLessThan(0.01);
    assertThat(after.get(0).windowEndMillis()).isLessThanOrEqualTo(40 * DAY + DAY);
  }

  @Test
  void aWatermarkClosesTheOpenWindowAndOlderLabelsAreLate() {
    LabelRateDriftMonitor monitor = monitor(0.001, 1);
    monitor.observe(HOUR, true);
    assertThat(monitor.openWindowEndMillis()).hasValue(6 * HOUR);
    assertThat(monitor.advanceTo(6 * HOUR - 1)).isEmpty();
    assertThat(monitor.windowsClosed()).isZero();
    monitor.advanceTo(6 * HOUR);
    assertThat(monitor.windowsClosed()).isEqualTo(1);
    assertThat(monitor.openWindowEndMillis()).hasValue(12 * HOUR);
    assertThat(monitor.rate()).isEqualTo(1.0);

    monitor.observe(2 * HOUR, false);
    assertThat(monitor.lateEvents()).isEqualTo(1);
    assertThat(monitor.labels()).isEqualTo(2);
  }

  @Test
  void aLongGapClosesEmptyWindowsAndTheMonitorGoesOn() {
    LabelRateDriftMonitor monitor = monitor(0.001, 2);
    Random random = new Random(12);
    feed(monitor, random, 0, 3, 100, t -> 0.01);
    long closed = monitor.windowsClosed();
    // a year without labels, then labels again
    List<AlertEvent> alerts = feed(monitor, random, 400, 4, 100, t -> 0.01);
    assertThat(closed).isEqualTo(3 * 4 - 1);
    assertThat(monitor.windowsClosed()).isEqualTo(404 * 4 - 1);
    assertThat(alerts).isEmpty();
    assertThat(monitor.rate()).isCloseTo(0.01, within(0.006));
  }

  @Test
  void aRestoredMonitorContinuesExactlyAsTheOriginal() throws IOException {
    LabelRateDriftMonitor original = monitor(0.001, 7);
    Random random = new Random(13);
    feed(original, random, 0, 10, 100, LabelRateBinomialTest::seasonal);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    original.writeState(new DataOutputStream(bytes));
    LabelRateDriftMonitor restored = monitor(0.001, 7);
    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    DoubleUnaryOperator rise = t -> (t % DAY) < 6 * HOUR ? 0.12 : 0.01;
    List<AlertEvent> a = feed(original, new Random(14), 10, 3, 100, rise);
    List<AlertEvent> b = feed(restored, new Random(14), 10, 3, 100, rise);
    assertThat(a).isNotEmpty();
    assertThat(b).isEqualTo(a);
    assertThat(restored.windowsClosed()).isEqualTo(original.windowsClosed());
    assertThat(restored.rate()).isEqualTo(original.rate());

    LabelRateDriftMonitor otherReference = monitor(0.001, 14);
    assertThatThrownBy(
            () ->
                otherReference.readState(
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("windows");
    LabelRateDriftMonitor adwin =
        new LabelRateDriftMonitor(new LabelRateDriftSettings("labels", 0.002, 0));
    assertThatThrownBy(
            () ->
                adwin.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("BINOMIAL");
  }

  @Test
  void settingsRejectWindowsThatDoNotDivideADay() {
    assertThatThrownBy(() -> LabelRateDriftSettings.binomial("labels", 7 * HOUR, 28, 0.001, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("divide one day");
    assertThatThrownBy(() -> LabelRateDriftSettings.binomial("labels", 6 * HOUR, 0, 1.5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("referenceDays")
        .hasMessageContaining("alpha");
  }
}
