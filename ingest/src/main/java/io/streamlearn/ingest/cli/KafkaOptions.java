package io.streamlearn.ingest.cli;

import io.streamlearn.ingest.kafka.ProducerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every producing command shares: where Kafka and the registry are, and how to talk.
 */
public final class KafkaOptions {

  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = "Kafka brokers to connect to (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = {"-r", "--schema-registry-url"},
      paramLabel = "URL",
      description =
          "Schema Registry URL (default: http://localhost:8081, unless the producer config sets"
              + " schema.registry.url); mock://NAME selects an in-memory registry.")
  String schemaRegistryUrl;

  @Option(
      names = "--producer-config",
      paramLabel = "FILE",
      description =
          "Properties file of producer and registry settings, e.g. security.protocol,"
              + " sasl.jaas.config, ssl.truststore.location, basic.auth.user.info. Applied over our"
              + " defaults (idempotence, acks=all, lz4, linger.ms=20, batch.size=524288).")
  Path producerConfig;

  @Option(
      names = {"-X", "--producer-property"},
      paramLabel = "KEY=VALUE",
      description = "One producer or registry setting, applied last; repeatable.")
  List<String> producerProperties = List.of();

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description =
          "How long to wait for Kafka to answer before giving up (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Partitions of topics this command creates (default: the broker's default).")
  Integer partitions;

  @Option(
      names = "--progress",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Show a progress bar: auto (when the terminal is interactive), always or never"
              + " (default: ${DEFAULT-VALUE}).")
  String progress;

  @Option(
      names = "--show-config",
      description = "Print the effective producer and registry settings (secrets masked) first.")
  boolean showConfig;

  /** Prints the settings when {@code --show-config} was given; secrets are masked. */
  void printSettings(ProducerSettings settings, java.io.PrintWriter err) {
    if (showConfig) {
      err.print(settings.describe());
      err.flush();
    }
  }

  /** The settings these options give. */
  ProducerSettings settings() {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String property : producerProperties) {
      Map.Entry<String, String> entry = ProducerSettings.parseOverride(property);
      overrides.put(entry.getKey(), entry.getValue());
    }
    ProducerSettings settings =
        ProducerSettings.of(bootstrapServers, schemaRegistryUrl, producerConfig, overrides);
    if (settings.registryUrl() == null) {
      settings =
          ProducerSettings.of(bootstrapServers, "http://localhost:8081", producerConfig, overrides);
    }
    return settings;
  }

  Optional<Integer> partitions() {
    return Optional.ofNullable(partitions);
  }

  /** True when a progress bar should be drawn. */
  boolean showProgress() {
    return switch (progress) {
      case "always" -> true;
      case "never" -> false;
      case "auto" -> System.console() != null;
      default ->
          throw new IllegalArgumentException(
              "--progress must be auto, always or never but was '" + progress + "'");
    };
  }
}
