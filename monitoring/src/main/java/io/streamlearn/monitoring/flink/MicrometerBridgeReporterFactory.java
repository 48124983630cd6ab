package io.streamlearn.monitoring.flink;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates the {@link MicrometerBridgeReporter} into Micrometer's global registry; found by Flink
 * through {@code META-INF/services} or named by {@code metrics.reporter.<name>.factory.class}.
 */
public final class MicrometerBridgeReporterFactory implements MetricReporterFactory {

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new MicrometerBridgeReporter();
  }
}
