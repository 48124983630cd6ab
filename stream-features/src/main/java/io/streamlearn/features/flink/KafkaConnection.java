package io.streamlearn.features.flink;

import java.util.Map;
import java.util.Objects;

/**
 * Where the feature job's Kafka source and sinks connect.
 *
 * @param bootstrapServers the brokers
 * @param groupId the consumer group of the sources, also the prefix of the sinks' transactional ids
 * @param clientProperties further Kafka client properties (security, timeouts...), for the sources
 *     and the sinks
 * @param serdeConfig the Avro serde properties ({@code schema.registry.url}, credentials...)
 * @param bounded true to stop at the offsets that are the latest when the job starts (a backfill, a
 *     test or a benchmark); false to run until cancelled
 */
public record KafkaConnection(
    String bootstrapServers,
    String groupId,
    Map<String, String> clientProperties,
    Map<String, String> serdeConfig,
    boolean bounded) {

  /** The default consumer group and transactional-id prefix. */
  public static final String DEFAULT_GROUP_ID = "streamlearn-features";

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(groupId, "groupId");
    clientProperties = Map.copyOf(clientProperties);
    serdeConfig = Map.copyOf(serdeConfig);
    if (!serdeConfig.containsKey("schema.registry.url")) {
      throw new IllegalArgumentException("the serde properties need a schema.registry.url");
    }
  }

  /** An unbounded connection with the default group and no further properties. */
  public static KafkaConnection of(String bootstrapServers, String schemaRegistryUrl) {
    return new KafkaConnection(
        bootstrapServers,
        DEFAULT_GROUP_ID,
        Map.of(),
        Map.of("schema.registry.url", schemaRegistryUrl),
        false);
  }

  /** This connection with another consumer group. */
  public KafkaConnection withGroupId(String newGroupId) {
    return new KafkaConnection(
        bootstrapServers, newGroupId, clientProperties, serdeConfig, bounded);
  }

  /** This connection, stopping at the offsets that are the latest when the job starts. */
  public KafkaConnection boundedAtStart() {
    return new KafkaConnection(bootstrapServers, groupId, clientProperties, serdeConfig, true);
  }
}
