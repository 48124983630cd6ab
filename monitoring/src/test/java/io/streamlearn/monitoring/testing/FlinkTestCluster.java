package io.streamlearn.monitoring.testing;

import io.streamlearn.monitoring.flink.MicrometerBridgeReporterFactory;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster of the Flink integration tests: no restarts, the bridge reporter installed. */
public final class FlinkTestCluster {

  private FlinkTestCluster() {}

  public static MiniClusterExtension extension() {
    Configuration configuration =
        Configuration.fromMap(
            Map.of(
                "restart-strategy.type",
                "none",
                "metrics.reporter.streamlearn.factory.class",
                MicrometerBridgeReporterFactory.class.getName()));
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(configuration)
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());
  }
}
