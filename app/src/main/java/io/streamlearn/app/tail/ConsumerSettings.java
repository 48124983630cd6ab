package io.streamlearn.app.tail;

import io.streamlearn.app.Endpoints;
import io.streamlearn.app.cli.CommandFailure;
import io.streamlearn.platform.registry.SchemaRegistryClientConfig;
import io.streamlearn.platform.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer (and Schema Registry client) configuration of {@code tail}: our defaults, then the
 * connection options, then a properties file, then single {@code key=value} settings, later ones
 * winning. Settings for SASL/SSL clusters ({@code security.protocol}, {@code sasl.jaas.config},
 * {@code ssl.truststore.*}...) and for the registry ({@code basic.auth.user.info}, {@code
 * schema.registry.ssl.*}) pass through unchanged; no value is ever printed.
 *
 * <p>{@code tail} reads without a consumer group (it assigns the partitions itself), never commits
 * and never creates a topic: it needs read access to the topic only. It reads committed records
 * only ({@code isolation.level=read_committed}), as the exactly-once jobs downstream do.
 */
final class ConsumerSettings {

  /** Our defaults, applied before any user setting. */
  static final Map<String, String> DEFAULTS =
      Map.of(
          ConsumerConfig.CLIENT_ID_CONFIG, "streamlearn-tail",
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");

  private final Map<String, String> all;

  private ConsumerSettings(Map<String, String> all) {
    this.all = Map.copyOf(all);
  }

  /**
   * Assembles the settings.
   *
   * @param registryUrl the registry URL, or null to take it from the file, else the default
   * @throws IllegalArgumentException when a setting is not {@code key=value}
   * @throws CommandFailure when the file is missing or unreadable
   */
  static ConsumerSettings of(
      String bootstrapServers, String registryUrl, Path configFile, List<String> settings) {
    Map<String, String> all = new TreeMap<>(DEFAULTS);
    all.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    if (registryUrl != null) {
      all.put(SchemaRegistryClientConfig.URL, registryUrl);
    }
    if (configFile != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
        file.load(reader);
      } catch (NoSuchFileException e) {
        throw new CommandFailure("the consumer config file " + configFile + " does not exist");
      } catch (IOException | IllegalArgumentException e) {
        throw new CommandFailure(
            "the consumer config file " + configFile + " cannot be read: " + e.getMessage(), e);
      }
      file.stringPropertyNames().forEach(name -> all.put(name, file.getProperty(name).trim()));
    }
    for (String setting : settings) {
      int equals = setting.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "a consumer setting must have the form key=value, but one has "
                + (equals == 0 ? "no key" : "no '='"));
      }
      all.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
    }
    all.putIfAbsent(SchemaRegistryClientConfig.URL, Endpoints.SCHEMA_REGISTRY_URL);
    all.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    all.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    all.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // reading a topic that does not exist must not create it on brokers that auto-create topics
    all.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    all.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new ConsumerSettings(all);
  }

  /** The settings of the Kafka consumer and admin client (without the registry's keys). */
  Map<String, Object> kafka() {
    Set<String> registryKeys = new HashSet<>(SchemaRegistryClientConfig.CONFIG_DEF.names());
    registryKeys.addAll(AvroSerdeConfig.CONFIG_DEF.names());
    Map<String, Object> kafka = new TreeMap<>();
    all.forEach(
        (key, value) -> {
          if (!registryKeys.contains(key) && !key.startsWith("schema.registry.")) {
            kafka.put(key, value);
          }
        });
    return kafka;
  }

  /** The settings of the Schema Registry client. */
  Map<String, Object> registry() {
    return Map.copyOf(all);
  }

  /** The registry URL. */
  String registryUrl() {
    return all.get(SchemaRegistryClientConfig.URL);
  }

  /** The bootstrap servers. */
  String bootstrapServers() {
    return all.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
  }
}
