package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.platform.registry.CompatibilityLevel;
import io.streamlearn.platform.registry.IncompatibleSchemaException;
import io.streamlearn.platform.registry.RestSchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaNotFoundException;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClientConfig;
import io.streamlearn.platform.registry.SubjectNotFoundException;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The platform's registry client and serdes against Confluent's own Schema Registry image on a real
 * Kafka container: the interoperability the embedded registry imitates. Skipped where there is no
 * Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentSchemaRegistryContainerIT {

  static final DockerImageName KAFKA_IMAGE = ContainerImages.kafka();
  static final DockerImageName REGISTRY_IMAGE = ContainerImages.schemaRegistry();

  static final Network NETWORK = Network.newNetwork();

  @Container
  static final KafkaContainer KAFKA =
      new KafkaContainer(KAFKA_IMAGE)
          .withNetwork(NETWORK)
          .withNetworkAliases("kafka")
          .withListener("kafka:19092");

  @Container
  static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(REGISTRY_IMAGE)
          .withNetwork(NETWORK)
          .dependsOn(KAFKA)
          .withExposedPorts(8081)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200))
          .withStartupTimeout(Duration.ofMinutes(3));

  private static String registryUrl() {
    return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
  }

  @Test
  void shouldRegisterFetchAndCheckCompatibilityAgainstConfluentsRegistry() {
    SchemaRegistryClient client =
        new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(registryUrl()));
    String subject = "contract-" + UUID.randomUUID() + "-value";
    Schema v1 =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    Schema breaking =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":\"int\"}]}");

    int id = client.register(subject, v1);

    assertThat(client.register(subject, v1)).isEqualTo(id);
    assertThat(client.schemaById(id)).isEqualTo(v1);
    assertThat(client.latestVersion(subject).version()).isEqualTo(1);
    assertThat(client.lookup(subject, v1).id()).isEqualTo(id);
    assertThat(client.checkCompatibility(subject, breaking).compatible()).isFalse();
    assertThatThrownBy(() -> client.register(subject, breaking))
        .isInstanceOf(IncompatibleSchemaException.class);
    assertThatThrownBy(() -> client.latestVersion("missing-" + subject))
        .isInstanceOf(SubjectNotFoundException.class);
    assertThatThrownBy(() -> client.schemaById(Integer.MAX_VALUE))
        .isInstanceOf(SchemaNotFoundException.class);
    assertThat(client.subjectCompatibility(subject)).isEmpty();
    assertThat(client.setSubjectCompatibility(subject, CompatibilityLevel.FULL))
        .isEqualTo(CompatibilityLevel.FULL);
    assertThat(client.subjectCompatibility(subject)).contains(CompatibilityLevel.FULL);
  }

  @Test
  void shouldRoundTripTransactionsThroughConfluentsRegistryAndKafka() {
    String topic = "transactions-" + UUID.randomUUID();
    Map<String, Object> serde = Map.of("schema.registry.url", registryUrl());
    Transaction transaction = EventContracts.transaction();

    try (KafkaProducer<String, Transaction> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.getBootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<Transaction>().configured(serde, false))) {
      producer.send(new ProducerRecord<>(topic, "tx-1", transaction));
      producer.flush();
    }
    List<Transaction> read = new ArrayList<>();
    try (KafkaConsumer<String, Transaction> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                KAFKA.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            AvroDeserializer.forSpecific(Transaction.class).configured(serde, false))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> read.add(r.value()));
      }
    }

    assertThat(read).containsExactly(transaction);
    assertThat(
            new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(registryUrl()))
                .latestVersion(topic + "-value")
                .schema())
        .isEqualTo(Transaction.getClassSchema());
  }
}
