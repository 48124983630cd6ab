package io.streamlearn.platform.serde;

import io.streamlearn.platform.registry.SchemaRegistryClientConfig;
import io.streamlearn.platform.registry.SubjectNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of the Avro serdes, read from the same properties Confluent's serdes read, so that a
 * producer, consumer or Kafka Streams configuration written for Confluent works unchanged.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code schema.registry.url}</td><td>(required)</td>
 *       <td>registry URLs; {@code mock://scope} for an in-memory registry</td></tr>
 *   <tr><td>{@code basic.auth.user.info}</td><td></td><td>{@code user:password}</td></tr>
 *   <tr><td>{@code schema.registry.ssl.truststore.*}, {@code .keystore.*}</td><td>JVM default</td>
 *       <td>TLS for {@code https} registries</td></tr>
 *   <tr><td>{@code auto.register.schemas}</td><td>true</td>
 *       <td>serializer registers the record's schema under {@code <topic>-value}</td></tr>
 *   <tr><td>{@code use.latest.version}</td><td>false</td>
 *       <td>serializer writes with the subject's latest schema (the record is resolved to it)</td></tr>
 *   <tr><td>{@code specific.avro.reader}</td><td>false</td>
 *       <td>deserializer returns the generated class named by the writer schema</td></tr>
 *   <tr><td>{@code specific.avro.value.type}, {@code specific.avro.key.type}</td><td></td>
 *       <td>deserializer returns this generated class, its schema the reader schema</td></tr>
 * </table>
 *
 * @param registry how to reach the registry; empty when the serde was given a client
 * @param autoRegisterSchemas whether the serializer registers schemas
 * @param useLatestVersion whether the serializer writes with the subject's latest schema
 * @param specificReader whether the deserializer returns generated classes
 * @param specificKeyType the generated class for keys, if fixed
 * @param specificValueType the generated class for values, if fixed
 */
public record AvroSerdeConfig(
    Optional<SchemaRegistryClientConfig> registry,
    boolean autoRegisterSchemas,
    boolean useLatestVersion,
    boolean specificReader,
    Optional<Class<? extends SpecificRecord>> specificKeyType,
    Optional<Class<? extends SpecificRecord>> specificValueType) {

  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Every key the serdes read, the registry client's included. */
  public static final ConfigDef CONFIG_DEF =
      new ConfigDef(SchemaRegistryClientConfig.CONFIG_DEF)
          .define(
              AUTO_REGISTER_SCHEMAS,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              "Whether the serializer registers the record's schema under the topic's subject.")
          .define(
              USE_LATEST_VERSION,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "Whether the serializer writes with the subject's latest registered schema.")
          .define(
              SPECIFIC_AVRO_READER,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              "Whether the deserializer returns the generated class named by the writer schema.")
          .define(
              SPECIFIC_AVRO_KEY_TYPE,
              Type.CLASS,
              null,
              Importance.LOW,
              "Generated class the key deserializer returns.")
          .define(
              SPECIFIC_AVRO_VALUE_TYPE,
              Type.CLASS,
              null,
              Importance.LOW,
              "Generated class the value deserializer returns.")
          .define(
              KEY_SUBJECT_NAME_STRATEGY,
              Type.STRING,
              SubjectNames.CONFLUENT_TOPIC_NAME_STRATEGY,
              Importance.LOW,
              "Only TopicNameStrategy (<topic>-key) is supported.")
          .define(
              VALUE_SUBJECT_NAME_STRATEGY,
              Type.STRING,
              SubjectNames.CONFLUENT_TOPIC_NAME_STRATEGY,
              Importance.LOW,
              "Only TopicNameStrategy (<topic>-value) is supported.");

  public AvroSerdeConfig {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(specificKeyType, "specificKeyType");
    Objects.requireNonNull(specificValueType, "specificValueType");
  }

  /** The settings for a registry URL, with every other setting at its default. */
  public static AvroSerdeConfig forRegistry(String url) {
    return new AvroSerdeConfig(
        Optional.of(SchemaRegistryClientConfig.of(url)),
        true,
        false,
        false,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Reads the settings from properties; unknown keys are ignored.
   *
   * @param requireRegistry whether {@code schema.registry.url} must be present (it need not be when
   *     the serde was given a client)
   * @throws ConfigException with a one-sentence message when a value is missing or invalid
   */
  public static AvroSerdeConfig fromProperties(Map<String, ?> properties, boolean requireRegistry) {
    Map<String, Object> parsed = CONFIG_DEF.parse(properties);
    for (String key : List.of(KEY_SUBJECT_NAME_STRATEGY, VALUE_SUBJECT_NAME_STRATEGY)) {
      String strategy = (String) parsed.get(key);
      if (!strategy.equals(SubjectNames.CONFLUENT_TOPIC_NAME_STRATEGY)
          && !strategy.equals("TopicNameStrategy")) {
        throw new ConfigException(
            key,
            strategy,
            "streamlearn supports only TopicNameStrategy (<topic>-key, <topic>-value)");
      }
    }
    Object url = properties.get(SchemaRegistryClientConfig.URL);
    boolean hasUrl = url != null && !url.toString().isBlank();
    if (requireRegistry && !hasUrl) {
      throw new ConfigException(
          SchemaRegistryClientConfig.URL + " is required: set it to the Schema Registry URL");
    }
    return new AvroSerdeConfig(
        hasUrl
            ? Optional.of(SchemaRegistryClientConfig.fromProperties(properties))
            : Optional.empty(),
        (Boolean) parsed.get(AUTO_REGISTER_SCHEMAS),
        (Boolean) parsed.get(USE_LATEST_VERSION),
        (Boolean) parsed.get(SPECIFIC_AVRO_READER),
        specificClass(parsed, SPECIFIC_AVRO_KEY_TYPE),
        specificClass(parsed, SPECIFIC_AVRO_VALUE_TYPE));
  }

  private static Optional<Class<? extends SpecificRecord>> specificClass(
      Map<String, Object> parsed, String key) {
    Class<?> type = (Class<?>) parsed.get(key);
    if (type == null) {
      return Optional.empty();
    }
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new ConfigException(key, type.getName(), "is not an Avro generated (specific) class");
    }
    return Optional.of(type.asSubclass(SpecificRecord.class));
  }
}
