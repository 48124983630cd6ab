package io.streamlearn.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft combined mode (broker and controller in one node), in this JVM: the
 * server class {@code kafka.Kafka} runs, {@link KafkaRaftServer}, started on storage formatted with
 * Kafka's own storage {@link Formatter} on first use. It binds to the loopback address only and
 * starts in a few seconds.
 *
 * <p>The defaults suit a single node: replication factor 1 and one partition for the internal
 * topics (offsets, transactions, share groups), so consumer groups and exactly-once transactions
 * work; no initial rebalance delay; a small log-cleaner buffer. Data in a configured directory
 * survives restarts; a temporary directory is deleted on close.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults())) {
 *   props.put("bootstrap.servers", broker.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final int BIND_ATTEMPTS = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final Path dataDirectory;
  private final boolean temporary;
  private final int port;
  private final String clusterId;
  private final Duration startupTime;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      Path dataDirectory,
      boolean temporary,
      int port,
      String clusterId,
      Duration startupTime) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.temporary = temporary;
    this.port = port;
    this.clusterId = clusterId;
    this.startupTime = startupTime;
  }

  /**
   * Formats the storage if needed, starts the broker and waits until it accepts clients.
   *
   * @throws EmbeddedStartException naming the directory, ports and cause when it cannot start
   */
  public static EmbeddedKafkaBroker start(BrokerSettings settings) {
    long begin = System.nanoTime();
    boolean temporary = settings.dataDirectory().isEmpty();
    Path directory;
    try {
      directory =
          temporary
              ? Files.createTempDirectory("streamlearn-kafka-")
              : Files.createDirectories(settings.dataDirectory().get());
    } catch (IOException e) {
      throw new EmbeddedStartException(
          "Cannot create the Kafka data directory "
              + settings.dataDirectory().map(Path::toString).orElse("(temporary)")
              + ": "
              + e.getMessage(),
          e);
    }
    Path logDirectory = directory.resolve("kafka-logs");
    for (int attempt = 1; ; attempt++) {
      int port = settings.port() != 0 ? settings.port() : LoopbackPorts.free();
      int controllerPort = settings.controllerPort();
      while (controllerPort == 0 || controllerPort == port) {
        controllerPort = LoopbackPorts.free();
      }
      KafkaRaftServer server = null;
      try {
        KafkaConfig config =
            new KafkaConfig(properties(settings, logDirectory, port, controllerPort), false);
        String clusterId = formatIfNeeded(logDirectory);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = LoopbackPorts.HOST + ":" + port;
        awaitReady(bootstrap);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info(
            "Embedded Kafka broker {} started in {} ms on {} (data in {})",
            clusterId,
            took.toMillis(),
            bootstrap,
            directory);
        return new EmbeddedKafkaBroker(server, directory, temporary, port, clusterId, took);
      } catch (RuntimeException | IOException e) {
        stopQuietly(server);
        boolean portTaken = causedBy(e, BindException.class);
        boolean fixedPortTaken =
            (settings.port() != 0 && mentions(e, ":" + settings.port()))
                || (settings.controllerPort() != 0 && mentions(e, ":" + settings.controllerPort()));
        boolean canRetry =
            portTaken
                && !fixedPortTaken
                && attempt < BIND_ATTEMPTS
                && (settings.port() == 0 || settings.controllerPort() == 0);
        if (canRetry) {
          LOG.info("A picked port was taken meanwhile; retrying with fresh ports");
          continue;
        }
        if (temporary) {
          deleteQuietly(directory);
        }
        throw new EmbeddedStartException(
            "Cannot start the embedded Kafka broker on "
                + LoopbackPorts.HOST
                + ":"
                + port
                + " (controller port "
                + controllerPort
                + ") with data in "
                + directory
                + ": "
                + rootMessage(e),
            e);
      }
    }
  }

  /** The {@code bootstrap.servers} value for clients: {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return LoopbackPorts.HOST + ":" + port;
  }

  /** The client listener port. */
  public int port() {
    return port;
  }

  /** Where the broker keeps its data. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The cluster id written by the formatter on first start. */
  public String clusterId() {
    return clusterId;
  }

  /** How long {@link #start} took, formatting included. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Shuts the broker down cleanly and deletes a temporary data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopQuietly(server);
    if (temporary) {
      deleteQuietly(dataDirectory);
    }
    LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers());
  }

  static Map<String, String> properties(
      BrokerSettings settings, Path logDirectory, int port, int controllerPort) {
    String host = LoopbackPorts.HOST;
    Map<String, String> props = new LinkedHashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDirectory.toString());
    // a single node: internal topics with one replica and one partition
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("share.coordinator.state.topic.num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // the cleaner's default 128 MiB buffer is sized for production brokers
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    // Simulated and replayed events carry their event time (2018 for the simulator's reference
    // world) as the record timestamp; with Kafka's default 7-day time retention, the first
    // retention check (every 5 minutes) would delete them. A development broker keeps everything;
    // its data directory is the bound (`--fresh` or a temporary directory starts over).
    props.put("log.retention.ms", "-1");
    props.put("log.retention.bytes", "-1");
    props.putAll(settings.overrides());
    return props;
  }

  private static String formatIfNeeded(Path logDirectory) throws IOException {
    Path meta = logDirectory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
    if (Files.exists(meta)) {
      java.util.Properties properties = new java.util.Properties();
      try (var in = Files.newInputStream(meta)) {
        properties.load(in);
      }
      return properties.getProperty("cluster.id", "unknown");
    }
    Files.createDirectories(logDirectory);
    String clusterId = Uuid.randomUuid().toString();
    try (PrintStream log = new PrintStream(new LogStream(), true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(log)
          .setNodeId(NODE_ID)
          .setClusterId(clusterId)
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(logDirectory.toString())
          .addDirectory(logDirectory.toString())
          .run();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("formatting " + logDirectory + " failed: " + e.getMessage(), e);
    }
    LOG.debug("Formatted {} for cluster {}", logDirectory, clusterId);
    return clusterId;
  }

  private static void awaitReady(String bootstrap) {
    Map<String, Object> props =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "streamlearn-embedded-readiness");
    try (Admin admin = Admin.create(props)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) READY_TIMEOUT.toMillis()))
          .nodes()
          .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "the broker did not answer clients within " + READY_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    }
  }

  private static void stopQuietly(KafkaRaftServer server) {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("The embedded Kafka broker did not shut down cleanly: {}", e.toString());
    }
  }

  private static void deleteQuietly(Path directory) {
    try {
      Directories.deleteRecursively(directory);
    } catch (IOException e) {
      LOG.warn("Cannot delete the temporary Kafka directory {}: {}", directory, e.toString());
    }
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        return false;
      }
    }
    return false;
  }

  private static boolean mentions(Throwable failure, String text) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return true;
      }
      if (t.getCause() == t) {
        return false;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String first = failure.getMessage();
    if (root == failure || first == null) {
      return message == null ? root.getClass().getSimpleName() : message;
    }
    return first + (message == null || first.contains(message) ? "" : " (" + message + ")");
  }

  /** Sends the formatter's console output to the debug log. */
  private static final class LogStream extends OutputStream {
    private final StringBuilder line = new StringBuilder();

    @Override
    public void write(int b) {
      if (b == '\n') {
        LOG.debug("format: {}", line);
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker[" + bootstrapServers() + ", data=" + dataDirectory + "]";
  }
}
