package io.streamlearn.ingest.kafka;

import io.streamlearn.ingest.IngestException;
import io.streamlearn.platform.registry.SchemaRegistryClientConfig;
import io.streamlearn.platform.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer (and Schema Registry client) configuration of an ingest run: our defaults, then a
 * properties file, then single {@code key=value} overrides, later ones winning. The defaults are
 * tuned for throughput without giving up safety: idempotence, {@code acks=all}, lz4, {@code
 * linger.ms=20}, {@code batch.size=524288}.
 *
 * <p>Settings for SASL/SSL clusters ({@code security.protocol}, {@code sasl.jaas.config}, {@code
 * ssl.truststore.*}...) and for the registry ({@code basic.auth.user.info}, {@code
 * schema.registry.ssl.*}) pass through unchanged. {@link #describe()} masks every secret.
 */
public final class ProducerSettings {

  /** Our producer defaults, applied before any user setting. */
  public static final Map<String, String> DEFAULTS =
      Map.of(
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
          ProducerConfig.LINGER_MS_CONFIG, "20",
          ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024),
          ProducerConfig.CLIENT_ID_CONFIG, "streamlearn-ingest");

  private static final Pattern SECRET =
      Pattern.compile(
          ".*(password|secret|jaas|token|user\\.info|credentials|\\.key$|keystore\\.key).*");

  private final Map<String, String> all;

  private ProducerSettings(Map<String, String> all) {
    this.all = Map.copyOf(all);
  }

  /**
   * Assembles the settings.
   *
   * @param bootstrapServers the brokers
   * @param registryUrl the Schema Registry URL ({@code mock://scope} for an in-memory one), or null
   *     when the properties file gives it
   * @param configFile a properties file, or null
   * @param overrides single settings, applied last
   * @throws IngestException when the file is missing or unreadable
   */
  public static ProducerSettings of(
      String bootstrapServers, String registryUrl, Path configFile, Map<String, String> overrides) {
    Map<String, String> all = new TreeMap<>(DEFAULTS);
    all.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    if (registryUrl != null) {
      all.put(SchemaRegistryClientConfig.URL, registryUrl);
    }
    if (configFile != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
        file.load(reader);
      } catch (NoSuchFileException e) {
        throw new IngestException("producer config file " + configFile + " does not exist");
      } catch (IOException | IllegalArgumentException e) {
        throw new IngestException(
            "producer config file " + configFile + " cannot be read: " + e.getMessage());
      }
      file.stringPropertyNames().forEach(name -> all.put(name, file.getProperty(name).trim()));
    }
    all.putAll(overrides);
    all.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    all.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new ProducerSettings(all);
  }

  /**
   * Parses {@code key=value}.
   *
   * @throws IllegalArgumentException when there is no {@code =} or the key is empty
   */
  public static Map.Entry<String, String> parseOverride(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException(
          "a setting must have the form key=value, but one has "
              + (equals == 0 ? "no key" : "no '='"));
    }
    return Map.entry(text.substring(0, equals).trim(), text.substring(equals + 1).trim());
  }

  /** The settings for the Kafka producer and admin client (without the registry's keys). */
  public Map<String, Object> kafka() {
    Set<String> registryKeys = registryKeys();
    Map<String, Object> kafka = new TreeMap<>();
    all.forEach(
        (key, value) -> {
          if (!registryKeys.contains(key) && !key.startsWith("schema.registry.")) {
            kafka.put(key, value);
          }
        });
    return kafka;
  }

  /** The settings for the Schema Registry client and the serdes. */
  public Map<String, Object> registry() {
    return Map.copyOf(all);
  }

  /** The registry URL, or null when none was given. */
  public String registryUrl() {
    return all.get(SchemaRegistryClientConfig.URL);
  }

  /** The bootstrap servers. */
  public String bootstrapServers() {
    return all.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** Every setting as {@code key=value}, one per line, sorted, with secrets masked. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(all)
        .forEach(
            (key, value) ->
                text.append(key)
                    .append('=')
                    .append(isSecret(key) ? "[hidden]" : value)
                    .append('\n'));
    return text.toString();
  }

  /** True for a key whose value must never be shown. */
  public static boolean isSecret(String key) {
    return SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  private static Set<String> registryKeys() {
    Set<String> keys = new java.util.HashSet<>(SchemaRegistryClientConfig.CONFIG_DEF.names());
    keys.addAll(AvroSerdeConfig.CONFIG_DEF.names());
    return keys;
  }
}
