package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.app.CommandRunner.Result;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The part of the compose stack that runs today, on the compose file's images: {@code streamlearn
 * simulate} produces transactions and labels to Kafka through Confluent's Schema Registry, and
 * {@code streamlearn tail} reads them back. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class SimulateAndTailContainerIT {

  private static final Network NETWORK = Network.newNetwork();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PRODUCED =
      Pattern.compile("([\\d,]+) transactions to (\\S+), ([\\d,]+) labels to (\\S+)");

  @Container
  static final KafkaContainer KAFKA =
      new KafkaContainer(ContainerImages.kafka())
          .withNetwork(NETWORK)
          .withNetworkAliases("kafka")
          .withListener("kafka:19092");

  @Container
  static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(ContainerImages.schemaRegistry())
          .withNetwork(NETWORK)
          .dependsOn(KAFKA)
          .withExposedPorts(Endpoints.SCHEMA_REGISTRY_PORT)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + Endpoints.SCHEMA_REGISTRY_PORT)
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200))
          .withStartupTimeout(Duration.ofMinutes(3));

  private static String registryUrl() {
    return "http://"
        + REGISTRY.getHost()
        + ":"
        + REGISTRY.getMappedPort(Endpoints.SCHEMA_REGISTRY_PORT);
  }

  private static long count(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  @Test
  void shouldTailWhatTheSimulatorProducedThroughConfluentsRegistry() throws Exception {
    Result simulate =
        CommandRunner.run(
            "simulate",
            "-b",
            KAFKA.getBootstrapServers(),
            "-r",
            registryUrl(),
            "--days",
            "3",
            "--customers",
            "30",
            "--terminals",
            "60",
            "--progress",
            "never");
    assertThat(simulate.exitCode()).as(simulate.err()).isZero();
    Matcher produced = PRODUCED.matcher(simulate.out());
    assertThat(produced.find()).as(simulate.out()).isTrue();
    long transactions = count(produced.group(1));
    long labels = count(produced.group(3));
    assertThat(produced.group(2)).isEqualTo(Topics.TRANSACTIONS);
    assertThat(produced.group(4)).isEqualTo(Topics.LABELS);
    assertThat(transactions).isPositive();

    Result tailTransactions = tail(Topics.TRANSACTIONS, transactions);
    Result tailLabels = tail(Topics.LABELS, labels);

    assertThat(tailTransactions.outLines()).hasSize((int) transactions);
    assertThat(tailLabels.outLines()).hasSize((int) labels);
    Set<String> ids = new HashSet<>();
    for (String line : tailTransactions.outLines()) {
      JsonNode value = JSON.readTree(line).get("value");
      assertThat(value.get("amount").asDouble()).isNotNegative();
      assertThat(value.get("eventTime").asText()).endsWith("Z");
      assertThat(JSON.readTree(line).get("key").asText())
          .isEqualTo(value.get("transactionId").asText());
      ids.add(value.get("transactionId").asText());
    }
    assertThat(ids).hasSize((int) transactions);
    for (String line : tailLabels.outLines()) {
      assertThat(ids).contains(JSON.readTree(line).get("value").get("transactionId").asText());
    }
  }

  private static Result tail(String topic, long records) {
    Result result =
        CommandRunner.run(
            List.of(
                    "tail",
                    topic,
                    "-b",
                    KAFKA.getBootstrapServers(),
                    "-r",
                    registryUrl(),
                    "--from-beginning",
                    "--key",
                    "--max",
                    Long.toString(records),
                    "--timeout",
                    "60s")
                .toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }
}
