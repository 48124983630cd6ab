package io.streamlearn.embedded;

import io.streamlearn.platform.registry.RegistryChange;
import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable log: a compacted, single-partition Kafka topic, as Confluent's registry
 * keeps it. Changes are written synchronously (acknowledged by all in-sync replicas) before they
 * take effect; on start the whole topic is read back.
 */
final class SchemasTopicStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemasTopicStore.class);

  private final String topic;
  private final Duration timeout;
  private final Map<String, Object> clientProperties;
  private final KafkaProducer<byte[], byte[]> producer;

  SchemasTopicStore(String bootstrapServers, RegistrySettings settings) {
    this.topic = settings.schemasTopic();
    this.timeout = settings.kafkaTimeout();
    this.clientProperties = new HashMap<>(settings.kafkaProperties());
    clientProperties.put("bootstrap.servers", bootstrapServers);
    ensureTopic();
    Map<String, Object> producerProps = new HashMap<>(clientProperties);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "streamlearn-schema-registry");
    producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    producerProps.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads the topic from its beginning to its current end, handing each change to {@code sink}. */
  int replay(Consumer<RegistryChange> sink) {
    Map<String, Object> consumerProps = new HashMap<>(clientProperties);
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamlearn-schema-registry-reader");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    int applied = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      long end = consumer.endOffsets(Set.of(partition), timeout).get(partition);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (consumer.position(partition, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw new SchemaRegistryUnavailableException(
              "Reading the registry topic '"
                  + topic
                  + "' took longer than "
                  + timeout.toSeconds()
                  + " s",
              null);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Optional<RegistryChange> change;
          try {
            change = SchemasTopicFormat.decode(record.key(), record.value());
          } catch (IOException | RuntimeException e) {
            LOG.warn(
                "Skipping the unreadable record at offset {} of '{}': {}",
                record.offset(),
                topic,
                e.getMessage());
            continue;
          }
          if (change.isPresent()) {
            sink.accept(change.get());
            applied++;
          }
        }
      }
    }
    return applied;
  }

  /** Writes a change and waits for its acknowledgement. */
  void append(RegistryChange change) {
    SchemasTopicFormat.Encoded encoded = SchemasTopicFormat.encode(change);
    try {
      producer
          .send(new ProducerRecord<>(topic, 0, encoded.key(), encoded.value()))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new SchemaRegistryUnavailableException(
          500,
          50001,
          "Error while writing to the registry topic '" + topic + "': " + cause,
          "Error while writing to the registry topic '" + topic + "': " + cause,
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryUnavailableException(
          500, 50001, "Interrupted while writing to the registry topic", "Interrupted", e);
    }
  }

  private void ensureTopic() {
    try (Admin admin = Admin.create(clientProperties)) {
      int brokers =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      short replication = (short) Math.max(1, Math.min(3, brokers));
      NewTopic schemas =
          new NewTopic(topic, 1, replication)
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      try {
        admin.createTopics(List.of(schemas)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Created the registry topic '{}'", topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config =
            admin
                .describeConfigs(List.of(resource))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
        ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
          throw new IllegalStateException(
              "the registry topic '"
                  + topic
                  + "' exists but is not compacted (cleanup.policy="
                  + (policy == null ? "?" : policy.value())
                  + "); old schemas would be deleted");
        }
        int partitions =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic)
                .partitions()
                .size();
        if (partitions != 1) {
          throw new IllegalStateException(
              "the registry topic '" + topic + "' has " + partitions + " partitions; it needs 1");
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot create or check the registry topic '" + topic + "': " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the registry topic", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
