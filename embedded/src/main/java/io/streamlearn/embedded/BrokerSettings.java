package io.streamlearn.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the embedded Kafka broker. The broker always binds to the loopback address.
 *
 * @param dataDirectory where the broker keeps its logs and metadata; kept across restarts. Empty
 *     means a fresh temporary directory, deleted on close
 * @param port the client listener port; 0 picks a free one
 * @param controllerPort the KRaft controller listener port; 0 picks a free one
 * @param overrides broker properties applied over the defaults, e.g. {@code log.retention.hours}
 */
public record BrokerSettings(
    Optional<Path> dataDirectory, int port, int controllerPort, Map<String, String> overrides) {

  /** Properties the embedded broker decides itself; overriding them would break it. */
  static final Set<String> RESERVED =
      Set.of(
          "process.roles",
          "node.id",
          "listeners",
          "advertised.listeners",
          "controller.listener.names",
          "controller.quorum.voters",
          "listener.security.protocol.map",
          "inter.broker.listener.name",
          "log.dirs",
          "log.dir",
          "metadata.log.dir");

  public BrokerSettings {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    checkPort(port, "port");
    checkPort(controllerPort, "controllerPort");
    if (port != 0 && port == controllerPort) {
      throw new IllegalArgumentException(
          "the broker and controller ports must differ, both are " + port);
    }
    Objects.requireNonNull(overrides, "overrides");
    for (String key : overrides.keySet()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(
            "the embedded broker sets '" + key + "' itself; it cannot be overridden");
      }
    }
    overrides = Map.copyOf(overrides);
  }

  /** A broker in a temporary directory on free ports, with the single-node defaults. */
  public static BrokerSettings defaults() {
    return new BrokerSettings(Optional.empty(), 0, 0, Map.of());
  }

  /** The same settings with a data directory kept across restarts. */
  public BrokerSettings withDataDirectory(Path directory) {
    return new BrokerSettings(Optional.of(directory), port, controllerPort, overrides);
  }

  /** The same settings with a fixed client port (0 for a free one). */
  public BrokerSettings withPort(int newPort) {
    return new BrokerSettings(dataDirectory, newPort, controllerPort, overrides);
  }

  /** The same settings with a fixed controller port (0 for a free one). */
  public BrokerSettings withControllerPort(int newPort) {
    return new BrokerSettings(dataDirectory, port, newPort, overrides);
  }

  /** The same settings with one more broker property. */
  public BrokerSettings withOverride(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(overrides);
    more.put(key, value);
    return new BrokerSettings(dataDirectory, port, controllerPort, more);
  }

  private static void checkPort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be in [0, 65535], got " + port);
    }
  }
}
