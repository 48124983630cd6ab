package io.streamlearn.app;

/**
 * Default ports and addresses, named once: the defaults of the commands' connection options, the
 * ports of {@code streamlearn stack}, and what {@code docker-compose.yml} publishes ({@code
 * ComposeFileTest} checks that they agree).
 */
public final class Endpoints {

  /** The Kafka port clients on the host use: the embedded stack's and the compose file's. */
  public static final int KAFKA_PORT = 9092;

  /** The Schema Registry port: the embedded stack's and the compose file's. */
  public static final int SCHEMA_REGISTRY_PORT = 8081;

  /** Default {@code bootstrap.servers}. */
  public static final String BOOTSTRAP_SERVERS = "localhost:" + KAFKA_PORT;

  /** Default {@code schema.registry.url}. */
  public static final String SCHEMA_REGISTRY_URL = "http://localhost:" + SCHEMA_REGISTRY_PORT;

  /**
   * The port on which a streamlearn service in the compose stack serves Prometheus metrics at
   * {@code /metrics}, scraped by Prometheus (deploy/prometheus/prometheus.yml): the default of
   * {@code run --metrics-port}.
   */
  public static final int METRICS_PORT = 9404;

  private Endpoints() {}
}
