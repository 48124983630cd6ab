package io.streamlearn.embedded;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the embedded Schema Registry.
 *
 * @param host the address to bind; the loopback address by default
 * @param port the HTTP port; 0 picks a free one
 * @param schemasTopic the compacted topic holding the registry's state ({@code _schemas}, as
 *     Confluent's registry names it)
 * @param kafkaTimeout how long a write to or a read of the topic may take
 * @param kafkaProperties extra client properties for reaching the Kafka cluster (e.g. security
 *     settings of an external cluster)
 */
public record RegistrySettings(
    String host,
    int port,
    String schemasTopic,
    Duration kafkaTimeout,
    Map<String, String> kafkaProperties) {

  /** Confluent's default name of the registry's topic. */
  public static final String DEFAULT_SCHEMAS_TOPIC = "_schemas";

  public RegistrySettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the registry host must be a non-empty address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the registry port must be in [0, 65535], got " + port);
    }
    if (schemasTopic == null || schemasTopic.isBlank()) {
      throw new IllegalArgumentException("the schemas topic must be a non-empty name");
    }
    Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
    if (kafkaTimeout.isNegative() || kafkaTimeout.isZero()) {
      throw new IllegalArgumentException("kafkaTimeout must be positive, got " + kafkaTimeout);
    }
    kafkaProperties = Map.copyOf(Objects.requireNonNull(kafkaProperties, "kafkaProperties"));
  }

  /** On the loopback address, a free port, topic {@code _schemas}, 30 s Kafka timeout. */
  public static RegistrySettings defaults() {
    return new RegistrySettings(
        LoopbackPorts.HOST, 0, DEFAULT_SCHEMAS_TOPIC, Duration.ofSeconds(30), Map.of());
  }

  /** The same settings on another address, e.g. {@code 0.0.0.0} to serve other machines. */
  public RegistrySettings withHost(String newHost) {
    return new RegistrySettings(newHost, port, schemasTopic, kafkaTimeout, kafkaProperties);
  }

  /** The same settings on a fixed port (0 for a free one). */
  public RegistrySettings withPort(int newPort) {
    return new RegistrySettings(host, newPort, schemasTopic, kafkaTimeout, kafkaProperties);
  }

  /** The same settings with another topic. */
  public RegistrySettings withSchemasTopic(String topic) {
    return new RegistrySettings(host, port, topic, kafkaTimeout, kafkaProperties);
  }

  /** The same settings with one more Kafka client property. */
  public RegistrySettings withKafkaProperty(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(kafkaProperties);
    more.put(key, value);
    return new RegistrySettings(host, port, schemasTopic, kafkaTimeout, more);
  }
}
