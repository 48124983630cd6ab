package io.streamlearn.app.pipeline;

import io.streamlearn.app.cli.Redaction;
import io.streamlearn.ingest.IngestException;
import io.streamlearn.ingest.kafka.KafkaCluster;
import io.streamlearn.ingest.kafka.ProducerSettings;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClientConfig;
import io.streamlearn.platform.registry.SchemaRegistryClients;
import io.streamlearn.platform.registry.SchemaRegistryException;
import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import io.streamlearn.platform.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a pipeline runs: the Kafka brokers, the Schema Registry, and further client settings passed
 * through unchanged to every Kafka client (SASL/SSL: {@code security.protocol}, {@code
 * sasl.jaas.config}, {@code ssl.truststore.*}...) and to the registry client ({@code
 * basic.auth.credentials.source}, {@code basic.auth.user.info}, {@code schema.registry.ssl.*}).
 * Secret values never appear in {@link #toString()} or {@link #describe()}.
 *
 * @param bootstrapServers the brokers, {@code host:port[,...]}
 * @param schemaRegistryUrl the registry URL (credentials in it are never shown)
 * @param properties further client and registry settings, neither {@code bootstrap.servers} nor
 *     {@code schema.registry.url}
 */
public record ClusterConnection(
    String bootstrapServers, String schemaRegistryUrl, Map<String, String> properties) {

  private static final String BOOTSTRAP = "bootstrap.servers";

  public ClusterConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("the bootstrap servers must not be empty");
    }
    if (schemaRegistryUrl == null || schemaRegistryUrl.isBlank()) {
      throw new IllegalArgumentException("the Schema Registry URL must not be empty");
    }
    bootstrapServers = bootstrapServers.trim();
    schemaRegistryUrl = schemaRegistryUrl.trim();
    properties = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(properties)));
    if (properties.containsKey(BOOTSTRAP)) {
      throw new IllegalArgumentException(
          "give the brokers with --bootstrap-servers, not the property " + BOOTSTRAP);
    }
    if (properties.containsKey(SchemaRegistryClientConfig.URL)) {
      throw new IllegalArgumentException(
          "give the registry with --schema-registry-url, not the property "
              + SchemaRegistryClientConfig.URL);
    }
  }

  /** A connection without further settings. */
  public static ClusterConnection of(String bootstrapServers, String schemaRegistryUrl) {
    return new ClusterConnection(bootstrapServers, schemaRegistryUrl, Map.of());
  }

  /**
   * The connection of the command-line options: a properties file, then {@code key=value} settings,
   * later ones winning.
   *
   * @param propertiesFile a properties file, or null
   * @param settings {@code key=value} settings
   * @throws IllegalArgumentException when a setting is not {@code key=value}, the file is missing
   *     or unreadable, or a setting names the brokers or the registry
   */
  public static ClusterConnection fromOptions(
      String bootstrapServers,
      String schemaRegistryUrl,
      Path propertiesFile,
      List<String> settings) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (propertiesFile != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
        file.load(reader);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException(
            "the Kafka config file " + propertiesFile + " does not exist", e);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the Kafka config file " + propertiesFile + " cannot be read: " + e.getMessage(), e);
      }
      file.stringPropertyNames().forEach(key -> properties.put(key, file.getProperty(key).trim()));
    }
    for (String setting : settings) {
      int equals = setting.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "a Kafka property must have the form key=value, but '"
                + (equals == 0 || ProducerSettings.isSecret(setting) ? "..." : setting)
                + "' has "
                + (equals == 0 ? "no key" : "no '='"));
      }
      properties.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
    }
    return new ClusterConnection(bootstrapServers, schemaRegistryUrl, properties);
  }

  /** The settings of Kafka clients: the brokers and every setting that is not the registry's. */
  public Map<String, Object> kafkaProperties() {
    Set<String> registryKeys = registryKeys();
    Map<String, Object> kafka = new TreeMap<>();
    properties.forEach(
        (key, value) -> {
          if (!registryKeys.contains(key) && !key.startsWith("schema.registry.")) {
            kafka.put(key, value);
          }
        });
    kafka.put(BOOTSTRAP, bootstrapServers);
    return kafka;
  }

  /**
   * The settings of the Avro serdes and the registry client: the registry URL and every setting
   * that is the registry's or the serdes'.
   */
  public Map<String, Object> serdeConfig() {
    Set<String> registryKeys = registryKeys();
    Map<String, Object> serde = new TreeMap<>();
    properties.forEach(
        (key, value) -> {
          if (registryKeys.contains(key) || key.startsWith("schema.registry.")) {
            serde.put(key, value);
          }
        });
    serde.put(SchemaRegistryClientConfig.URL, schemaRegistryUrl);
    return serde;
  }

  /** The same as {@link #serdeConfig()}, as strings (for Flink jobs, whose settings travel). */
  public Map<String, String> serdeStrings() {
    Map<String, String> strings = new TreeMap<>();
    serdeConfig().forEach((key, value) -> strings.put(key, String.valueOf(value)));
    return strings;
  }

  /** The further settings that are Kafka clients', as strings. */
  public Map<String, String> kafkaClientStrings() {
    Map<String, String> strings = new TreeMap<>();
    kafkaProperties().forEach((key, value) -> strings.put(key, String.valueOf(value)));
    strings.remove(BOOTSTRAP);
    return strings;
  }

  private static Set<String> registryKeys() {
    Set<String> keys = new HashSet<>(SchemaRegistryClientConfig.CONFIG_DEF.names());
    keys.addAll(AvroSerdeConfig.CONFIG_DEF.names());
    return keys;
  }

  /**
   * Checks that Kafka and the registry answer within {@code timeout} and accept our credentials.
   *
   * @throws PipelineFailure saying, in one sentence, which does not
   */
  public void verify(Duration timeout) {
    Map<String, Object> kafka = kafkaProperties();
    try {
      KafkaCluster.connect(kafka, timeout).close();
    } catch (IngestException e) {
      throw new PipelineFailure(e.getMessage(), e);
    }
    String shown = Redaction.urls(schemaRegistryUrl);
    Map<String, Object> registrySettings = new TreeMap<>(serdeConfig());
    String millis = Long.toString(Math.max(1, timeout.toMillis()));
    registrySettings.putIfAbsent(SchemaRegistryClientConfig.CONNECT_TIMEOUT_MS, millis);
    registrySettings.putIfAbsent(SchemaRegistryClientConfig.READ_TIMEOUT_MS, millis);
    SchemaRegistryClient registry;
    try {
      registry = SchemaRegistryClients.create(registrySettings);
    } catch (RuntimeException e) {
      throw new PipelineFailure(
          "the Schema Registry settings are invalid: " + PipelineFailure.rootMessage(e), e);
    }
    try {
      registry.globalCompatibility();
    } catch (SchemaRegistryUnavailableException e) {
      throw new PipelineFailure(
          "cannot reach the Schema Registry at " + shown + " within " + timeout.toSeconds() + "s",
          e);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() == 401) {
        throw new PipelineFailure(
            "the Schema Registry at " + shown + " refused our credentials (HTTP 401)", e);
      }
      // reachable: a registry that only forbids reading its configuration still serves schemas
    }
  }

  /** Every setting as {@code key=value}, one per line, sorted, with secrets masked. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append(BOOTSTRAP).append('=').append(bootstrapServers).append('\n');
    text.append(SchemaRegistryClientConfig.URL)
        .append('=')
        .append(Redaction.urls(schemaRegistryUrl))
        .append('\n');
    properties.forEach(
        (key, value) ->
            text.append(key)
                .append('=')
                .append(ProducerSettings.isSecret(key) ? "[hidden]" : value)
                .append('\n'));
    return text.toString();
  }

  @Override
  public String toString() {
    return "ClusterConnection[" + describe().strip().replace('\n', ' ') + "]";
  }
}
