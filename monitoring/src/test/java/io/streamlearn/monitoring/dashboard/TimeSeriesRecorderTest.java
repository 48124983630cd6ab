package io.streamlearn.monitoring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.monitor.DriftKind;
import io.streamlearn.monitoring.core.monitor.Severity;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeSeriesRecorderTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static AlertEvent alert(String subject) {
    return new AlertEvent(
        "m/" + subject + "/0-10",
        "m",
        DriftKind.DATA_DRIFT,
        "KS",
        subject,
        0.4,
        OptionalDouble.of(0.001),
        0.1,
        0,
        10,
        Severity.CRITICAL,
        Map.of("n", 10.0),
        Map.of("n", 12.0));
  }

  @Test
  void recordsGaugesAsValuesAndCountersAsRatesPerSecond() {
    AtomicLong gauge = new AtomicLong(3);
    registry.gauge(
        "streamlearn.drift.statistic",
        io.micrometer.core.instrument.Tags.of("monitor", "m", "subject", "x"),
        gauge);
    Counter counter = registry.counter("streamlearn.monitored.events", "input", "features");
    registry.counter("jvm.threads").increment();
    TimeSeriesRecorder recorder = new TimeSeriesRecorder(registry);

    recorder.sample(10_000);
    counter.increment(50);
    gauge.set(5);
    recorder.sample(15_000);

    TimeSeriesSnapshot snapshot = recorder.snapshot();
    assertThat(snapshot.series()).hasSize(2);
    TimeSeriesSnapshot.SeriesData statistic = snapshot.series().get(0);
    assertThat(statistic.name()).isEqualTo("streamlearn_drift_statistic");
    assertThat(statistic.kind()).isEqualTo("gauge");
    assertThat(statistic.tags()).containsEntry("subject", "x");
    assertThat(statistic.times()).containsExactly(10_000, 15_000);
    assertThat(statistic.values()).containsExactly(3.0, 5.0);
    TimeSeriesSnapshot.SeriesData events = snapshot.series().get(1);
    assertThat(events.name()).isEqualTo("streamlearn_monitored_events_total");
    assertThat(events.kind()).isEqualTo("rate");
    assertThat(events.times()).as("a rate needs two readings").containsExactly(15_000);
    assertThat(events.values()).containsExactly(10.0);
  }

  @Test
  void keepsAtMostCapacityPointsPerSeriesAndMaxSeriesSeriesAndMaxAlertsAlerts() {
    AtomicLong a = registry.gauge("streamlearn.state.bytes", new AtomicLong());
    AtomicLong b = registry.gauge("streamlearn.consumer.lag", new AtomicLong());
    TimeSeriesRecorder recorder = new TimeSeriesRecorder(registry, 3, 1, 2);

    for (int i = 0; i < 5; i++) {
      a.set(i);
      b.set(i);
      recorder.sample(i * 1000L);
      recorder.recordAlert(alert("s" + i), i * 1000L);
    }

    TimeSeriesSnapshot snapshot = recorder.snapshot();
    assertThat(snapshot.series())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.values()).containsExactly(2.0, 3.0, 4.0);
              assertThat(s.times()).containsExactly(2000L, 3000L, 4000L);
            });
    assertThat(snapshot.droppedSeries()).isEqualTo(5);
    assertThat(snapshot.alerts()).extracting(r -> r.alert().subject()).containsExactly("s3", "s4");
  }

  @Test
  void writesJsonThatParsesWithNullsForMissingNumbersAndEscapedMarkup() throws Exception {
    AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    registry.gauge(
        "streamlearn.event.to.prediction.latency.seconds",
        io.micrometer.core.instrument.Tags.of("quantile", "0.99"),
        bits,
        b -> Double.longBitsToDouble(b.get()));
    TimeSeriesRecorder recorder = new TimeSeriesRecorder(registry);
    recorder.sample(1_000);
    recorder.recordAlert(alert("</script><b>"), 1_500);

    String json = recorder.snapshot().toJson("fraud \"demo\"", 2_000);

    assertThat(json).doesNotContain("</script>");
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.path("title").asText()).isEqualTo("fraud \"demo\"");
    assertThat(root.path("generatedAt").asLong()).isEqualTo(2_000);
    JsonNode series = root.path("series").get(0);
    assertThat(series.path("name").asText())
        .isEqualTo("streamlearn_event_to_prediction_latency_seconds");
    assertThat(series.path("tags").path("quantile").asText()).isEqualTo("0.99");
    assertThat(series.path("v").get(0).isNull()).isTrue();
    JsonNode alert = root.path("alerts").get(0);
    assertThat(alert.path("subject").asText()).isEqualTo("</script><b>");
    assertThat(alert.path("pValue").asDouble()).isEqualTo(0.001);
    assertThat(alert.path("windowEnd").asLong()).isEqualTo(10);
  }
}
