package io.streamlearn.monitoring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final TimeSeriesRecorder recorder = new TimeSeriesRecorder(registry);
  private final HttpClient http = HttpClient.newHttpClient();
  private MetricsServer server;

  @BeforeEach
  void start() throws Exception {
    registry.counter("streamlearn.records", "stage", "monitoring", "outcome", "ok").increment(7);
    server =
        new MetricsServer(registry, recorder, "fraud <demo>", 1_000, () -> 42L)
            .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bindsTheLoopbackAddressByDefault() {
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void servesThePrometheusScrapeAtMetrics() throws Exception {
    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("streamlearn_records_total{outcome=\"ok\",stage=\"monitoring\"} 7.0");
  }

  @Test
  void servesTheDashboardPageItsFilesAndItsData() throws Exception {
    recorder.sample(1_000);

    HttpResponse<String> page = get("/");
    HttpResponse<String> data = get("/api/timeseries");
    HttpResponse<String> uplot = get("/static/uPlot.iife.min.js");
    HttpResponse<String> script = get("/static/dashboard.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<title>fraud &lt;demo&gt; · live monitoring</title>")
        .contains("streamlearnDashboard.live('api/timeseries', 1000)")
        .doesNotContain("{{");
    assertThat(data.body()).contains("\"generatedAt\":42").contains("streamlearn_records_total");
    assertThat(uplot.body()).contains("uPlot");
    assertThat(uplot.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/javascript"));
    assertThat(script.body()).contains("streamlearnDashboard");
  }

  @Test
  void answersUnknownPathsWith404AndOtherMethodsWith405() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/static/secret.txt").statusCode()).isEqualTo(404);
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
