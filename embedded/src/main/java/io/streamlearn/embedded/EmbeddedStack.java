package io.streamlearn.embedded;

import io.streamlearn.platform.registry.SchemaRegistryClient;
import java.util.Map;

/**
 * The local stack of {@code streamlearn demo}: a real Kafka broker (KRaft) and a Schema Registry,
 * both in this JVM and on the loopback address.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.defaults().withDataDirectory(dir))) {
 *   Map<String, Object> props = new HashMap<>(stack.clientProperties());
 *   // bootstrap.servers and schema.registry.url are set
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

  private final EmbeddedKafkaBroker broker;
  private final EmbeddedSchemaRegistry registry;

  private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
    this.broker = broker;
    this.registry = registry;
  }

  /**
   * Starts the broker, then the registry on it.
   *
   * @throws EmbeddedStartException when either cannot start (nothing is left running)
   */
  public static EmbeddedStack start(StackSettings settings) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings.broker());
    try {
      return new EmbeddedStack(
          broker, EmbeddedSchemaRegistry.start(broker.bootstrapServers(), settings.registry()));
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /** The broker. */
  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  /** The registry. */
  public EmbeddedSchemaRegistry registry() {
    return registry;
  }

  /** {@code bootstrap.servers} of the broker. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** {@code schema.registry.url} of the registry. */
  public String schemaRegistryUrl() {
    return registry.url();
  }

  /** A caching client of the registry. */
  public SchemaRegistryClient registryClient() {
    return registry.client();
  }

  /** The two properties every client of the stack needs: bootstrap servers and registry URL. */
  public Map<String, Object> clientProperties() {
    return Map.of(
        "bootstrap.servers", bootstrapServers(), "schema.registry.url", schemaRegistryUrl());
  }

  /** Stops the registry, then the broker. Idempotent. */
  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedStack[kafka=" + bootstrapServers() + ", registry=" + schemaRegistryUrl() + "]";
  }
}
