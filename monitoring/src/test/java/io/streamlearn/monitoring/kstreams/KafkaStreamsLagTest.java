package io.streamlearn.monitoring.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.monitoring.metrics.MetricNames;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class KafkaStreamsLagTest {

  private static Metric value(double v) {
    return new Metric() {
      @Override
      public MetricName metricName() {
        return null;
      }

      @Override
      public Object metricValue() {
        return v;
      }
    };
  }

  private static MetricName lag(String client, String partition) {
    Map<String, String> tags = new HashMap<>();
    tags.put("client-id", client);
    if (partition != null) {
      tags.put("topic", "features");
      tags.put("partition", partition);
    }
    return new MetricName("records-lag", "consumer-fetch-manager-metrics", "", tags);
  }

  @Test
  void sumsThePartitionLagsOfTheMainConsumersOnly() {
    Map<MetricName, Metric> metrics = new HashMap<>();
    metrics.put(lag("app-StreamThread-1-consumer", "0"), value(40));
    metrics.put(lag("app-StreamThread-2-consumer", "1"), value(2));
    metrics.put(lag("app-StreamThread-1-restore-consumer", "0"), value(1000));
    metrics.put(lag("app-StreamThread-1-consumer", null), value(500));
    metrics.put(lag("app-StreamThread-2-consumer", "2"), value(Double.NaN));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    KafkaStreamsLag.register(registry, "monitoring", () -> metrics);

    assertThat(registry.get(MetricNames.CONSUMER_LAG).tag("stage", "monitoring").gauge().value())
        .isEqualTo(42.0);
  }
}
