package io.streamlearn.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.monitor.DriftKind;
import io.streamlearn.monitoring.core.monitor.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The demo's console lines, on a terminal and elsewhere. */
class ConsoleViewTest {

  private static final long APRIL_9 = Instant.parse("2018-04-09T13:45:10Z").toEpochMilli();

  private static final ConsoleView.Status RUNNING =
      new ConsoleView.Status(72.6, APRIL_9, 1523.4, 45_210, 1180.2, 0.0384, 0.8712, 0.53449, 3);

  private static final ConsoleView.Status STARTING =
      new ConsoleView.Status(
          1.2, -1, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

  private static AlertEvent alert() {
    long start = Instant.parse("2018-05-01T00:00:00Z").toEpochMilli();
    return new AlertEvent(
        "transaction-drift/TX_AMOUNT/1-2",
        "transaction-drift",
        DriftKind.DATA_DRIFT,
        "KS",
        "TX_AMOUNT",
        0.23104,
        OptionalDouble.of(0.0000213),
        0.01,
        start,
        start + 86_400_000L,
        Severity.CRITICAL,
        Map.of(),
        Map.of());
  }

  @Test
  void shouldShowEveryFigureOfARunningDemo() {
    assertThat(ConsoleView.statusLine(RUNNING))
        .isEqualTo(
            "01:12 | sim 2018-04-09 13:45 | in 1,523 ev/s | predictions 45,210 (1,180/s) | p99 38"
                + " ms | AUC 0.871 AP 0.534 | alerts 3");
  }

  @Test
  void shouldShowDashesForWhatIsNotKnownYet() {
    assertThat(ConsoleView.statusLine(STARTING))
        .isEqualTo(
            "00:01 | sim - | in - ev/s | predictions 0 (-/s) | p99 - | AUC - AP - | alerts 0");
  }

  @Test
  void shouldShowSubMillisecondLatenciesWithADecimal() {
    ConsoleView.Status fast = new ConsoleView.Status(3600, APRIL_9, 1, 1, 1, 0.00042, 0.5, 0.5, 0);

    assertThat(ConsoleView.statusLine(fast)).startsWith("60:00 |").contains("| p99 0.4 ms |");
  }

  @Test
  void shouldDescribeAnAlert() {
    assertThat(ConsoleView.alertLine(alert()))
        .isEqualTo(
            "ALERT CRITICAL data-drift on TX_AMOUNT (monitor transaction-drift, KS 0.231, p"
                + " 2.13e-05, threshold 0.01) window 2018-05-01 .. 2018-05-02");
  }

  @Test
  void shouldDescribeAnAlertWithoutPValueOrWindow() {
    long at = Instant.parse("2018-05-03T10:00:00Z").toEpochMilli();
    AlertEvent concept =
        new AlertEvent(
            "model/error_rate/1-1",
            "fraud",
            DriftKind.CONCEPT_DRIFT,
            "ADWIN",
            "error_rate",
            1500,
            OptionalDouble.empty(),
            0.002,
            at,
            at,
            Severity.WARNING,
            Map.of(),
            Map.of());

    assertThat(ConsoleView.alertLine(concept))
        .isEqualTo(
            "ALERT WARNING concept-drift on error_rate (monitor fraud, ADWIN 1500, threshold"
                + " 0.002) window 2018-05-03");
  }

  @Test
  void shouldPrintPlainLinesWhenNotOnATerminal() {
    StringWriter text = new StringWriter();
    ConsoleView view = new ConsoleView(new PrintWriter(text), false);

    view.status(STARTING);
    view.alert(alert());
    view.status(RUNNING);
    view.finish();

    assertThat(text.toString())
        .isEqualTo(
            ConsoleView.statusLine(STARTING)
                + System.lineSeparator()
                + ConsoleView.alertLine(alert())
                + System.lineSeparator()
                + ConsoleView.statusLine(RUNNING)
                + System.lineSeparator());
    assertThat(text.toString()).doesNotContain("\r");
  }

  @Test
  void shouldRedrawTheStatusInPlaceOnATerminal() {
    StringWriter text = new StringWriter();
    ConsoleView view = new ConsoleView(new PrintWriter(text), true);
    String longer = ConsoleView.statusLine(RUNNING);
    String shorter = ConsoleView.statusLine(STARTING);

    view.status(RUNNING);
    view.status(STARTING);
    view.message("first prediction after 12.3 s");
    view.status(STARTING);
    view.finish();

    String blank = " ".repeat(shorter.length());
    assertThat(text.toString())
        .isEqualTo(
            "\r"
                + longer
                + "\r"
                + shorter
                + " ".repeat(longer.length() - shorter.length())
                + "\r"
                + blank
                + "\r"
                + "first prediction after 12.3 s"
                + System.lineSeparator()
                + "\r"
                + shorter
                + System.lineSeparator());
  }
}
