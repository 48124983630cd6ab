package io.streamlearn.monitoring.kstreams;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.monitoring.metrics.MetricNames;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The {@code streamlearn.consumer.lag{stage}} gauge of a Kafka Streams application: the records of
 * its input partitions not yet read, summed over its main consumers' per-partition {@code
 * records-lag} (restore consumers left out). The application registers it for the {@code
 * KafkaStreams} it runs.
 */
public final class KafkaStreamsLag {

  private KafkaStreamsLag() {}

  /** Registers the gauge of {@code streams} for {@code stage}. */
  public static Gauge register(MeterRegistry registry, String stage, KafkaStreams streams) {
    return register(registry, stage, streams::metrics);
  }

  static Gauge register(
      MeterRegistry registry, String stage, Supplier<Map<MetricName, ? extends Metric>> metrics) {
    return Gauge.builder(MetricNames.CONSUMER_LAG, metrics, m -> lag(m.get()))
        .tag(MetricNames.TAG_STAGE, stage)
        .strongReference(true)
        .register(registry);
  }

  static double lag(Map<MetricName, ? extends Metric> metrics) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName name = e.getKey();
      String client = name.tags().getOrDefault("client-id", "");
      if (name.name().equals("records-lag")
          && name.group().equals("consumer-fetch-manager-metrics")
          && name.tags().containsKey("partition")
          && !client.endsWith("restore-consumer")
          && e.getValue().metricValue() instanceof Number n
          && Double.isFinite(n.doubleValue())) {
        total += n.doubleValue();
      }
    }
    return total;
  }
}
