package io.streamlearn.monitoring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.monitor.DriftKind;
import io.streamlearn.monitoring.core.monitor.Severity;
import io.streamlearn.monitoring.core.stage.StageInput;
import io.streamlearn.monitoring.kstreams.KafkaStreamsLagTestAccess;
import io.streamlearn.monitoring.metrics.MetricNames;
import io.streamlearn.monitoring.metrics.MicrometerStageMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard the compose stack provisions ({@code deploy/grafana/dashboards}) parses,
 * queries the provisioned Prometheus, and asks only for metrics streamlearn exports.
 */
class GrafanaDashboardTest {

  private static final Pattern METRIC = Pattern.compile("\\bstreamlearn_[a-z0-9_]+");

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/grafana"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a parent directory holding deploy/grafana").isNotNull();
    return dir;
  }

  private static JsonNode dashboard() throws Exception {
    return new ObjectMapper()
        .readTree(repositoryRoot().resolve("deploy/grafana/dashboards/streamlearn.json").toFile());
  }

  /** Every PromQL expression of the dashboard: panel targets, variables and annotations. */
  private static List<String> queries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      queries.add(variable.path("query").path("query").asText());
    }
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      if (annotation.has("expr")) {
        queries.add(annotation.path("expr").asText());
      }
    }
    return queries;
  }

  /** The Prometheus names the monitoring stage's metrics code exports, read from a scrape. */
  private static Set<String> exportedByMonitoring() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerStageMetrics metrics = new MicrometerStageMetrics(registry, 60_000, () -> 0L);
    metrics.observed(StageInput.PREDICTIONS);
    metrics.deadLettered(StageInput.FEATURES);
    metrics.late(1);
    metrics.latencyMillis(12);
    metrics.statistic("amount", "TX_AMOUNT", 0.3);
    metrics.stateBytes("amount", 100);
    metrics.alert(
        new AlertEvent(
            "a/x/0-1",
            "a",
            DriftKind.DATA_DRIFT,
            "KS",
            "x",
            0.3,
            OptionalDouble.of(0.001),
            0.1,
            0,
            1,
            Severity.WARNING,
            Map.of(),
            Map.of()));
    KafkaStreamsLagTestAccess.register(registry, "monitoring");
    Set<String> names = new TreeSet<>();
    for (String line : registry.scrape().split("\n")) {
      Matcher m = METRIC.matcher(line);
      if (!line.startsWith("#") && m.lookingAt()) {
        names.add(m.group());
      }
    }
    return names;
  }

  @Test
  void parsesAndEveryPanelQueriesTheProvisionedPrometheus() throws Exception {
    JsonNode dashboard = dashboard();

    assertThat(dashboard.path("uid").asText()).isEqualTo("streamlearn");
    assertThat(dashboard.path("panels").size()).isGreaterThan(10);
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText())
          .as(panel.path("title").asText())
          .isEqualTo("prometheus");
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText())
            .as(panel.path("title").asText())
            .containsPattern(METRIC);
      }
    }
  }

  @Test
  void everyQueryAsksForAMetricStreamlearnExports() throws Exception {
    Set<String> declared =
        MetricNames.ALL.stream().map(MetricNames::prometheusName).collect(Collectors.toSet());
    Set<String> monitoring = exportedByMonitoring();
    Set<String> queried = new TreeSet<>();
    for (String query : queries(dashboard())) {
      Matcher m = METRIC.matcher(query);
      while (m.find()) {
        queried.add(m.group());
      }
    }

    assertThat(monitoring)
        .contains(
            "streamlearn_records_total",
            "streamlearn_monitored_events_total",
            "streamlearn_event_to_prediction_latency_seconds",
            "streamlearn_drift_statistic",
            "streamlearn_alerts_total",
            "streamlearn_state_bytes",
            "streamlearn_consumer_lag");
    assertThat(queried)
        .as("metrics declared in docs/PIPELINE.md (MetricNames)")
        .isSubsetOf(declared);
    assertThat(
            queried.stream()
                .filter(
                    name ->
                        !name.startsWith("streamlearn_model_")
                            && !name.equals("streamlearn_drift_responses_total")))
        .as("the monitoring stage's metrics, as its code exports them")
        .allSatisfy(name -> assertThat(monitoring).contains(name));
    assertThat(queried).as("every monitoring metric has a panel").containsAll(monitoring);
  }
}
