package io.streamlearn.embedded;

import com.sun.net.httpserver.HttpServer;
import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClientConfig;
import io.streamlearn.platform.registry.SchemaRegistryClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry serving Confluent's REST API (see {@link SchemaRegistryHttpHandler} for the
 * endpoints) over the JDK's HTTP server, so that Confluent's and streamlearn's serdes and clients
 * work against it unchanged. Its state lives in a compacted Kafka topic ({@code _schemas}) in
 * Confluent's own JSON record layout, and is rebuilt from the topic on start, so schema ids survive
 * restarts. It binds to the loopback address by default.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry =
 *     EmbeddedSchemaRegistry.start(broker.bootstrapServers(), RegistrySettings.defaults())) {
 *   props.put("schema.registry.url", registry.url());
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final SchemasTopicStore store;
  private final String url;
  private boolean closed;

  private EmbeddedSchemaRegistry(
      HttpServer server, ExecutorService executor, SchemasTopicStore store, String url) {
    this.server = server;
    this.executor = executor;
    this.store = store;
    this.url = url;
  }

  /**
   * Prepares the {@code _schemas} topic on the cluster, reads it, and starts serving.
   *
   * @param bootstrapServers the Kafka cluster that holds the registry's topic
   * @throws EmbeddedStartException naming the address, topic and cause when it cannot start
   */
  public static EmbeddedSchemaRegistry start(String bootstrapServers, RegistrySettings settings) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    long begin = System.nanoTime();
    SchemasTopicStore store;
    InMemorySchemaRegistry state;
    int applied;
    try {
      store = new SchemasTopicStore(bootstrapServers, settings);
    } catch (RuntimeException e) {
      throw new EmbeddedStartException(
          "Cannot start the embedded Schema Registry: "
              + e.getMessage()
              + " (Kafka at "
              + bootstrapServers
              + ")",
          e);
    }
    try {
      state = new InMemorySchemaRegistry(store::append);
      applied = store.replay(state::replay);
    } catch (RuntimeException e) {
      store.close();
      throw new EmbeddedStartException(
          "Cannot start the embedded Schema Registry: reading the topic '"
              + settings.schemasTopic()
              + "' failed: "
              + e.getMessage(),
          e);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
    } catch (IOException e) {
      store.close();
      throw new EmbeddedStartException(
          "Cannot start the embedded Schema Registry on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", new SchemaRegistryHttpHandler(state));
    server.start();
    InetAddress bound = server.getAddress().getAddress();
    String host = bound.isAnyLocalAddress() ? LoopbackPorts.HOST : bound.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    String url = "http://" + host + ":" + server.getAddress().getPort();
    LOG.info(
        "Embedded Schema Registry serving {} ({} changes replayed from '{}') in {} ms",
        url,
        applied,
        settings.schemasTopic(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    return new EmbeddedSchemaRegistry(server, executor, store, url);
  }

  /** The registry's URL, for {@code schema.registry.url}. */
  public String url() {
    return url;
  }

  /** The HTTP port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** A caching REST client of this registry. */
  public SchemaRegistryClient client() {
    return SchemaRegistryClients.create(SchemaRegistryClientConfig.of(url));
  }

  /** Stops serving and closes the Kafka clients. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    store.close();
    LOG.info("Embedded Schema Registry at {} stopped", url);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public String toString() {
    return "EmbeddedSchemaRegistry[" + url + "]";
  }
}
