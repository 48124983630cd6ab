package io.streamlearn.app.demo;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The demo's console: one status line (simulated time, throughput, latency, model quality, alerts)
 * and one line per alert as it fires. On a terminal the status line is redrawn in place with a
 * carriage return; elsewhere (a pipe, a file, a test) every status is a plain line of its own.
 */
final class ConsoleView {

  /**
   * What the status line shows. Values that are not known yet are {@code NaN} (or {@code -1} for
   * the simulated time) and show as {@code -}.
   *
   * @param elapsedSeconds since the command started
   * @param simulatedTimeMillis the event time of the last event produced, or -1
   * @param producedPerSecond events produced per second since the previous status
   * @param predictions predictions written since the command started
   * @param predictionsPerSecond predictions per second since the previous status
   * @param latencyP99Seconds event-to-prediction latency, 99th percentile over the last minute
   * @param rollingAuc the model's ROC-AUC over its rolling window
   * @param rollingAveragePrecision the model's average precision over its rolling window
   * @param alerts alerts received since the command started
   */
  record Status(
      double elapsedSeconds,
      long simulatedTimeMillis,
      double producedPerSecond,
      long predictions,
      double predictionsPerSecond,
      double latencyP99Seconds,
      double rollingAuc,
      double rollingAveragePrecision,
      long alerts) {}

  private static final DateTimeFormatter SIMULATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final PrintWriter out;
  private final boolean terminal;
  private int drawnWidth;

  /**
   * @param out where to print
   * @param terminal redraw the status line in place (an interactive terminal)
   */
  ConsoleView(PrintWriter out, boolean terminal) {
    this.out = Objects.requireNonNull(out, "out");
    this.terminal = terminal;
  }

  /** True when the status line is redrawn in place. */
  boolean terminal() {
    return terminal;
  }

  /** Shows a status. */
  synchronized void status(Status status) {
    String line = statusLine(status);
    if (terminal) {
      out.print('\r');
      out.print(line);
      for (int i = line.length(); i < drawnWidth; i++) {
        out.print(' ');
      }
      drawnWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Shows an alert on a line of its own. */
  synchronized void alert(AlertEvent alert) {
    message(alertLine(alert));
  }

  /** Shows a message on a line of its own (the status line, if drawn, is cleared first). */
  synchronized void message(String text) {
    if (terminal && drawnWidth > 0) {
      out.print('\r');
      out.print(" ".repeat(drawnWidth));
      out.print('\r');
      drawnWidth = 0;
    }
    out.println(text);
    out.flush();
  }

  /** Ends a status line left on the terminal, so what follows starts on a line of its own. */
  synchronized void finish() {
    if (terminal && drawnWidth > 0) {
      out.println();
      drawnWidth = 0;
      out.flush();
    }
  }

  static String statusLine(Status s) {
    StringBuilder line = new StringBuilder();
    long elapsed = (long) Math.floor(s.elapsedSeconds());
    line.append(String.format(Locale.ROOT, "%02d:%02d", elapsed / 60, elapsed % 60));
    line.append(" | sim ")
        .append(
            s.simulatedTimeMillis() < 0
                ? "-"
                : SIMULATED.format(Instant.ofEpochMilli(s.simulatedTimeMillis())));
    line.append(" | in ").append(rate(s.producedPerSecond())).append(" ev/s");
    line.append(" | predictions ")
        .append(String.format(Locale.ROOT, "%,d", s.predictions()))
        .append(" (")
        .append(rate(s.predictionsPerSecond()))
        .append("/s)");
    line.append(" | p99 ").append(latency(s.latencyP99Seconds()));
    line.append(" | AUC ")
        .append(fraction(s.rollingAuc()))
        .append(" AP ")
        .append(fraction(s.rollingAveragePrecision()));
    line.append(" | alerts ").append(s.alerts());
    return line.toString();
  }

  static String alertLine(AlertEvent a) {
    StringBuilder line = new StringBuilder("ALERT ");
    line.append(a.severity().name())
        .append(' ')
        .append(a.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .append(" on ")
        .append(a.subject())
        .append(" (monitor ")
        .append(a.monitor())
        .append(", ")
        .append(a.detector())
        .append(' ')
        .append(number(a.statistic()));
    if (a.pValue().isPresent()) {
      line.append(", p ").append(number(a.pValue().getAsDouble()));
    }
    line.append(", threshold ").append(number(a.threshold())).append(")");
    line.append(" window ").append(DAY.format(Instant.ofEpochMilli(a.windowStartMillis())));
    if (a.windowEndMillis() != a.windowStartMillis()) {
      line.append(" .. ").append(DAY.format(Instant.ofEpochMilli(a.windowEndMillis())));
    }
    return line.toString();
  }

  private static String rate(double perSecond) {
    if (!Double.isFinite(perSecond)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static String latency(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "-";
    }
    double millis = seconds * 1000;
    return millis < 10
        ? String.format(Locale.ROOT, "%.1f ms", millis)
        : String.format(Locale.ROOT, "%,.0f ms", millis);
  }

  private static String fraction(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "-";
  }

  private static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    double magnitude = Math.abs(value);
    if (value != 0 && (magnitude < 1e-3 || magnitude >= 1e6)) {
      return String.format(Locale.ROOT, "%.2e", value);
    }
    String text = String.format(Locale.ROOT, "%.4g", value);
    return text.indexOf('.') < 0 ? text : text.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
