package io.streamlearn.monitoring.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.monitoring.metrics.LatencyHistogram;
import io.streamlearn.monitoring.metrics.MetricNames;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class MicrometerBridgeReporterTest {

  /** A metric group that only carries variables, as Flink's groups do. */
  private static final class VariablesGroup implements MetricGroup {
    private final Map<String, String> variables;

    VariablesGroup(Map<String, String> variables) {
      this.variables = variables;
    }

    static VariablesGroup of(String subtask, String... keyValues) {
      Map<String, String> variables = new HashMap<>();
      variables.put("<host>", "localhost");
      variables.put("<subtask_index>", subtask);
      variables.put("<operator_name>", "monitoring: monitors");
      for (int i = 0; i < keyValues.length; i += 2) {
        variables.put("<" + keyValues[i] + ">", keyValues[i + 1]);
      }
      return new VariablesGroup(variables);
    }

    @Override
    public Counter counter(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <M extends Meter> M meter(String name, M meter) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MetricGroup addGroup(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String[] getScopeComponents() {
      return new String[0];
    }

    @Override
    public Map<String, String> getAllVariables() {
      return variables;
    }

    @Override
    public String getMetricIdentifier(String metricName) {
      return metricName;
    }

    @Override
    public String getMetricIdentifier(
        String metricName, org.apache.flink.metrics.CharacterFilter filter) {
      return metricName;
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerBridgeReporter reporter = new MicrometerBridgeReporter(registry);

  @Test
  void exportsCountersOfAllSubtasksAsOneCounterWithOurTagsOnly() {
    SimpleCounter first = new SimpleCounter();
    SimpleCounter second = new SimpleCounter();
    first.inc(3);
    second.inc(4);

    reporter.notifyOfAddedMetric(
        first, MetricNames.RECORDS, VariablesGroup.of("0", "stage", "monitoring", "outcome", "ok"));
    reporter.notifyOfAddedMetric(
        second,
        MetricNames.RECORDS,
        VariablesGroup.of("1", "stage", "monitoring", "outcome", "ok"));

    assertThat(registry.get(MetricNames.RECORDS).functionCounter().count()).isEqualTo(7.0);
    assertThat(registry.get(MetricNames.RECORDS).functionCounter().getId().getTags())
        .extracting(t -> t.getKey() + "=" + t.getValue())
        .containsExactlyInAnyOrder("stage=monitoring", "outcome=ok");
  }

  @Test
  void exportsGaugesAndRemovesThemWithTheirLastInstance() {
    AtomicLong value = new AtomicLong(12);
    Gauge<Long> gauge = value::get;
    VariablesGroup group =
        VariablesGroup.of("0", "stage", "monitoring", "monitor", "amount", "subject", "TX_AMOUNT");

    reporter.notifyOfAddedMetric(gauge, MetricNames.DRIFT_STATISTIC, group);
    value.set(15);
    assertThat(
            registry.get(MetricNames.DRIFT_STATISTIC).tag("subject", "TX_AMOUNT").gauge().value())
        .isEqualTo(15.0);

    reporter.notifyOfRemovedMetric(gauge, MetricNames.DRIFT_STATISTIC, group);
    assertThat(registry.find(MetricNames.DRIFT_STATISTIC).gauges()).isEmpty();
  }

  @Test
  void exportsLatencyHistogramsAsQuantileGaugesInSeconds() {
    long[] now = {0};
    LatencyHistogram a = new LatencyHistogram(60_000, () -> now[0]);
    LatencyHistogram b = new LatencyHistogram(60_000, () -> now[0]);
    for (int i = 1; i <= 100; i++) {
      a.recordMillis(i);
      b.recordMillis(1000 + i);
    }
    reporter.notifyOfAddedMetric(
        new HdrLatencyHistogram(a),
        MetricNames.EVENT_TO_PREDICTION_LATENCY,
        VariablesGroup.of("0", "stage", "monitoring"));
    reporter.notifyOfAddedMetric(
        new HdrLatencyHistogram(b),
        MetricNames.EVENT_TO_PREDICTION_LATENCY,
        VariablesGroup.of("1", "stage", "monitoring"));

    double p50 =
        registry
            .get(MetricNames.EVENT_TO_PREDICTION_LATENCY)
            .tag("quantile", "0.5")
            .gauge()
            .value();
    double max =
        registry
            .get(MetricNames.EVENT_TO_PREDICTION_LATENCY)
            .tag("quantile", "max")
            .gauge()
            .value();
    assertThat(p50).as("the median of both subtasks' values").isBetween(0.0995, 0.1005);
    assertThat(max).isBetween(1.099, 1.101);
  }

  @Test
  void exportsTheBacklogOfASourceNamedAfterItsStageAsConsumerLag() {
    Map<String, String> variables = new HashMap<>();
    variables.put("<operator_name>", "monitoring: features source");
    Gauge<Long> pending = () -> 42L;

    reporter.notifyOfAddedMetric(pending, "pendingRecords", new VariablesGroup(variables));
    Gauge<Long> other = () -> 1L;
    reporter.notifyOfAddedMetric(other, "numRecordsIn", new VariablesGroup(variables));

    assertThat(registry.get(MetricNames.CONSUMER_LAG).tag("stage", "monitoring").gauge().value())
        .isEqualTo(42.0);
    assertThat(registry.getMeters()).hasSize(1);
  }

  @Test
  void closingRemovesEverythingItExported() {
    reporter.notifyOfAddedMetric(
        new SimpleCounter(),
        MetricNames.ALERTS,
        VariablesGroup.of("0", "monitor", "m", "kind", "DATA_DRIFT"));

    reporter.close();

    assertThat(registry.getMeters()).isEmpty();
  }
}
