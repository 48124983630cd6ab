package io.streamlearn.monitoring.flink;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.streamlearn.monitoring.metrics.LatencyHistogram;
import io.streamlearn.monitoring.metrics.MetricNames;
import io.streamlearn.monitoring.metrics.MicrometerStageMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink {@link MetricReporter} that exports streamlearn's Flink metrics into a Micrometer
 * registry (by default Micrometer's global one), under the same names and tags as the Kafka Streams
 * stages, so that the one-JVM demo serves both engines' metrics at one {@code /metrics}. On a
 * cluster, Flink's own Prometheus reporter serves them instead.
 *
 * <ul>
 *   <li>Metrics named {@code streamlearn.*} ({@link MetricNames}) are exported with the variables
 *       of their key/value groups named in {@link MetricNames#TAG_KEYS} as tags; Flink's own scope
 *       variables (host, job, task, subtask...) are dropped.
 *   <li>The parallel instances of a metric are one meter: counters are summed, gauges read from the
 *       newest (state sizes and lags summed), {@link HdrLatencyHistogram}s merged into {@code
 *       quantile} gauges in seconds.
 *   <li>The {@code pendingRecords} of a source operator named {@code "<stage>: ..."} is summed into
 *       {@code streamlearn.consumer.lag{stage}}.
 * </ul>
 *
 * Configure with {@code metrics.reporter.streamlearn.factory.class:
 * io.streamlearn.monitoring.flink.MicrometerBridgeReporterFactory}.
 */
public final class MicrometerBridgeReporter implements MetricReporter {

  private static final String OPERATOR_NAME = "<operator_name>";

  private final MeterRegistry registry;
  private final Map<Meter.Id, Bridged> bridged = new ConcurrentHashMap<>();

  /** A reporter into Micrometer's global registry. */
  public MicrometerBridgeReporter() {
    this(Metrics.globalRegistry);
  }

  public MicrometerBridgeReporter(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {
    bridged.values().forEach(b -> b.meters.forEach(registry::remove));
    bridged.clear();
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    Target target = target(metricName, group);
    if (target == null) {
      return;
    }
    bridged.compute(
        target.id(),
        (id, existing) -> {
          Bridged b = existing != null ? existing : new Bridged(target.name, target.tags);
          b.add(metric, registry);
          return b;
        });
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    Target target = target(metricName, group);
    if (target == null) {
      return;
    }
    bridged.computeIfPresent(
        target.id(),
        (id, b) -> {
          b.metrics.remove(metric);
          if (b.metrics.isEmpty()) {
            b.meters.forEach(registry::remove);
            return null;
          }
          return b;
        });
  }

  /** The Micrometer name and tags of a Flink metric, or null when it is not exported. */
  private static Target target(String metricName, MetricGroup group) {
    Map<String, String> variables = group.getAllVariables();
    if (metricName.startsWith("streamlearn.")) {
      List<Tag> tags = new ArrayList<>();
      for (String key : MetricNames.TAG_KEYS) {
        String value = variables.get("<" + key + ">");
        if (value != null) {
          tags.add(Tag.of(key, value));
        }
      }
      return new Target(metricName, Tags.of(tags));
    }
    String operator = variables.get(OPERATOR_NAME);
    if ("pendingRecords".equals(metricName) && operator != null && operator.contains(": ")) {
      String stage = operator.substring(0, operator.indexOf(": ")).toLowerCase(Locale.ROOT);
      return new Target(MetricNames.CONSUMER_LAG, Tags.of(MetricNames.TAG_STAGE, stage));
    }
    return null;
  }

  private record Target(String name, Tags tags) {
    Meter.Id id() {
      return new Meter.Id(name, tags, null, null, Meter.Type.OTHER);
    }
  }

  /** The Flink metrics exported as one meter (or, for a histogram, a set of quantile gauges). */
  private static final class Bridged {
    final String name;
    final Tags tags;
    final List<Metric> metrics = new CopyOnWriteArrayList<>();
    final List<Meter> meters = new ArrayList<>();

    Bridged(String name, Tags tags) {
      this.name = name;
      this.tags = tags;
    }

    void add(Metric metric, MeterRegistry registry) {
      metrics.add(metric);
      if (!meters.isEmpty()) {
        return;
      }
      if (metric instanceof Counter) {
        meters.add(FunctionCounter.builder(name, this, Bridged::sum).tags(tags).register(registry));
      } else if (metric instanceof org.apache.flink.metrics.Gauge<?>) {
        boolean summed =
            name.equals(MetricNames.CONSUMER_LAG) || name.equals(MetricNames.STATE_BYTES);
        meters.add(
            Gauge.builder(name, this, summed ? Bridged::sumOfGauges : Bridged::newestGauge)
                .tags(tags)
                .register(registry));
      } else if (metric instanceof Histogram) {
        for (double q : MetricNames.LATENCY_QUANTILES) {
          meters.add(
              Gauge.builder(name, this, b -> b.quantile(q))
                  .tags(tags.and("quantile", MicrometerStageMetrics.quantileTag(q)))
                  .register(registry));
        }
        meters.add(
            Gauge.builder(name, this, b -> b.quantile(Double.NaN))
                .tags(tags.and("quantile", "max"))
                .register(registry));
      }
    }

    double sum() {
      long total = 0;
      for (Metric m : metrics) {
        if (m instanceof Counter c) {
          total += c.getCount();
        }
      }
      return total;
    }

    double newestGauge() {
      for (int i = metrics.size() - 1; i >= 0; i--) {
        if (metrics.get(i) instanceof org.apache.flink.metrics.Gauge<?> g
            && g.getValue() instanceof Number n) {
          return n.doubleValue();
        }
      }
      return Double.NaN;
    }

    double sumOfGauges() {
      double total = 0;
      for (Metric m : metrics) {
        if (m instanceof org.apache.flink.metrics.Gauge<?> g && g.getValue() instanceof Number n) {
          total += n.doubleValue();
        }
      }
      return total;
    }

    /** A quantile of the histograms in seconds (NaN: the maximum). */
    double quantile(double q) {
      List<LatencyHistogram> ours = new ArrayList<>();
      for (Metric m : metrics) {
        if (m instanceof HdrLatencyHistogram h) {
          ours.add(h.latency());
        }
      }
      if (!ours.isEmpty()) {
        LatencyHistogram.Snapshot s = LatencyHistogram.union(ours);
        return (Double.isNaN(q) ? s.maxMillis() : s.quantileMillis(q)) / 1000.0;
      }
      Histogram first = (Histogram) metrics.get(0);
      return Double.isNaN(q)
          ? first.getStatistics().getMax()
          : first.getStatistics().getQuantile(q);
    }
  }
}
