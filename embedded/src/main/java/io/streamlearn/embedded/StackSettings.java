package io.streamlearn.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded stack: a broker and a registry.
 *
 * @param broker the broker's settings
 * @param registry the registry's settings
 */
public record StackSettings(BrokerSettings broker, RegistrySettings registry) {

  public StackSettings {
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(registry, "registry");
  }

  /** A temporary stack on free loopback ports. */
  public static StackSettings defaults() {
    return new StackSettings(BrokerSettings.defaults(), RegistrySettings.defaults());
  }

  /** The same stack keeping its data (topics and schemas) in {@code directory} across restarts. */
  public StackSettings withDataDirectory(Path directory) {
    return new StackSettings(broker.withDataDirectory(directory), registry);
  }

  /** The same stack with the broker on a fixed port, e.g. 9092. */
  public StackSettings withKafkaPort(int port) {
    return new StackSettings(broker.withPort(port), registry);
  }

  /** The same stack with the registry on a fixed port, e.g. 8081. */
  public StackSettings withRegistryPort(int port) {
    return new StackSettings(broker, registry.withPort(port));
  }
}
