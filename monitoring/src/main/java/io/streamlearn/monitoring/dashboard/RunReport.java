package io.streamlearn.monitoring.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The static HTML report of a finished run: the dashboard's charts (model quality, throughput,
 * latency, drift statistics with alert markers) and the alert timeline, in one self-contained file,
 * the recorded data and uPlot inlined, so it can be read later without a server or the network.
 */
public final class RunReport {

  private RunReport() {}

  /**
   * Writes the report of {@code recorder}'s history to {@code file} (parent directories created).
   *
   * @param file the HTML file
   * @param title the report's title, e.g. {@code "fraud pipeline, run of 2024-03-01"}
   * @param recorder what the run recorded
   * @param generatedAtMillis when the report is written (shown in it)
   * @return the file
   */
  public static Path write(
      Path file, String title, TimeSeriesRecorder recorder, long generatedAtMillis)
      throws IOException {
    return write(file, title, recorder.snapshot(), generatedAtMillis);
  }

  /** Writes the report of a snapshot. */
  public static Path write(
      Path file, String title, TimeSeriesSnapshot snapshot, long generatedAtMillis)
      throws IOException {
    String html =
        DashboardAssets.fill(
            DashboardAssets.text(DashboardAssets.REPORT),
            Map.of(
                "TITLE", DashboardAssets.html(title),
                "UPLOT_CSS", DashboardAssets.text(DashboardAssets.UPLOT_CSS),
                "DASHBOARD_CSS", DashboardAssets.text(DashboardAssets.DASHBOARD_CSS),
                "DATA", snapshot.toJson(title, generatedAtMillis),
                "UPLOT_JS",
                    DashboardAssets.inlineScript(DashboardAssets.text(DashboardAssets.UPLOT_JS)),
                "DASHBOARD_JS",
                    DashboardAssets.inlineScript(
                        DashboardAssets.text(DashboardAssets.DASHBOARD_JS))));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }
}
