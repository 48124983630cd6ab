package io.streamlearn.app.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink session cluster in a JVM of its own for {@link RemoteFlinkSubmissionIT}: a MiniCluster
 * (one JobManager, one TaskManager of {@value #SLOTS} slots) with its REST endpoint on a free port
 * of localhost. It prints {@code rest-port <port>} on stdout once it accepts jobs and stops when
 * its stdin closes (the test ends, or dies). Only Flink and the JDK may be used here: the cluster's
 * classpath is what a Flink distribution provides, without streamlearn.
 */
public final class FlinkClusterMain {

  /** The TaskManager's task slots. */
  static final int SLOTS = 2;

  /** The line announcing the REST port. */
  static final String REST_PORT = "rest-port ";

  private FlinkClusterMain() {}

  public static void main(String[] args) throws Exception {
    Configuration configuration = new Configuration();
    configuration.set(RestOptions.ADDRESS, "localhost");
    configuration.set(RestOptions.BIND_ADDRESS, "localhost");
    configuration.set(RestOptions.BIND_PORT, "0");
    MiniClusterConfiguration cluster =
        new MiniClusterConfiguration.Builder()
            .setConfiguration(configuration)
            .setNumTaskManagers(1)
            .setNumSlotsPerTaskManager(SLOTS)
            .build();
    MiniCluster miniCluster = new MiniCluster(cluster);
    try {
      miniCluster.start();
      URI rest = miniCluster.getRestAddress().get();
      System.out.println(REST_PORT + rest.getPort());
      System.out.flush();
      awaitEndOfInput(System.in);
    } finally {
      miniCluster.closeAsync().get();
    }
  }

  private static void awaitEndOfInput(InputStream in) throws IOException {
    byte[] buffer = new byte[64];
    while (in.read(buffer) >= 0) {
      // the test writes nothing: wait for it to close the stream
    }
  }
}
