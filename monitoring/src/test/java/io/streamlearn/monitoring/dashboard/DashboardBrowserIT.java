package io.streamlearn.monitoring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamlearn.monitoring.testing.RecordedRun;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the live dashboard and a run report in headless Chromium and checks that every chart
 * rendered with data (the page records what it drew in {@code data-points} attributes), and saves
 * screenshots in {@code target/}. Skipped where Chromium is not installed.
 */
class DashboardBrowserIT {

  private static final Pattern CHART = Pattern.compile("<div[^>]*data-chart=\"([^\"]+)\"[^>]*>");
  private static final Pattern SCRIPT = Pattern.compile("(?s)<script.*?</script>");
  private static final Pattern POINTS = Pattern.compile("data-points=\"(\\d+)\"");

  private static RecordedRun run;
  private static Path chromium;

  @TempDir Path profile;

  @BeforeAll
  static void record() {
    Optional<Path> found = chromium();
    assumeTrue(found.isPresent(), "Chromium is not installed (apt-get install chromium)");
    chromium = found.get();
    run = RecordedRun.record();
  }

  static Optional<Path> chromium() {
    List<String> candidates = new ArrayList<>();
    String configured = System.getenv("STREAMLEARN_CHROMIUM");
    if (configured != null) {
      candidates.add(configured);
    }
    candidates.add("/usr/bin/chromium");
    candidates.add("/usr/bin/chromium-browser");
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        candidates.add(dir + "/chromium");
      }
    }
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  private String browse(String url, String... extra) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=1400,2100",
                "--virtual-time-budget=8000"));
    command.addAll(List.of(extra));
    command.add(url);
    Path log = profile.resolve("chromium-" + System.nanoTime() + ".log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Chromium did not finish within 90 s");
    }
    assertThat(process.exitValue())
        .as("Chromium's exit code; its log: %s", Files.readString(log))
        .isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Chart id to the values it drew (scripts left out: the report inlines the page's script). */
  private static Map<String, Integer> charts(String dom) {
    Map<String, Integer> charts = new LinkedHashMap<>();
    Matcher m = CHART.matcher(SCRIPT.matcher(dom).replaceAll(""));
    while (m.find()) {
      Matcher points = POINTS.matcher(m.group());
      charts.put(m.group(1), points.find() ? Integer.parseInt(points.group(1)) : -1);
    }
    return charts;
  }

  private void assertRendered(String dom) {
    assertThat(dom).contains("data-rendered=\"true\"");
    Map<String, Integer> charts = charts(dom);
    int alerts = run.recorder.snapshot().alerts().size();
    assertThat(charts)
        .containsKeys(
            "quality",
            "throughput",
            "latency",
            "drift-amount",
            "drift-score",
            "drift-fraud-rate",
            "alert-timeline");
    assertThat(charts).allSatisfy((chart, points) -> assertThat(points).as(chart).isPositive());
    assertThat(charts.get("alert-timeline")).isEqualTo(alerts);
    assertThat(dom).contains("data-alerts=\"" + alerts + "\"").contains("<canvas");
    assertThat(SCRIPT.matcher(dom).replaceAll("").split("<tr>", -1)).hasSize(alerts + 2);
  }

  @Test
  void theLiveDashboardDrawsEveryChartWithData() throws Exception {
    try (MetricsServer server =
        new MetricsServer(run.registry, run.recorder, "fraud demo")
            .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      String url = "http://127.0.0.1:" + server.address().getPort() + "/";

      String dom = browse(url, "--dump-dom");
      browse(url, "--screenshot=" + Path.of("target/dashboard.png").toAbsolutePath());

      assertRendered(dom);
      assertThat(Files.size(Path.of("target/dashboard.png"))).isGreaterThan(20_000);
    }
  }

  @Test
  void theRunReportDrawsTheSameChartsFromItsOwnFile() throws Exception {
    Path report =
        RunReport.write(
            Path.of("target/run-report.html"), "fraud demo run", run.recorder, run.wallEnd);
    String url = report.toAbsolutePath().toUri().toString();

    String dom = browse(url, "--dump-dom");
    browse(url, "--screenshot=" + Path.of("target/run-report.png").toAbsolutePath());

    assertRendered(dom);
    assertThat(Files.size(Path.of("target/run-report.png"))).isGreaterThan(20_000);
  }
}
