package io.streamlearn.ingest.kafka;

import io.streamlearn.ingest.IngestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The checks an ingest run makes before producing: the cluster answers within a timeout, and the
 * topics exist (missing ones are created with the broker's default partitions and replication,
 * unless told otherwise). Each failure stops the run with one sentence.
 */
public final class KafkaCluster implements AutoCloseable {

  private final Admin admin;
  private final String bootstrapServers;
  private final Duration timeout;

  /**
   * The settings of an {@link Admin} client from a Kafka client's settings: the keys an admin
   * client knows (the others would be logged as unknown), the client id, and {@code timeout} for
   * each request and API call.
   */
  public static Map<String, Object> adminSettings(
      Map<String, ?> kafkaSettings, String clientId, Duration timeout) {
    Map<String, Object> settings = new HashMap<>();
    Set<String> adminKeys = AdminClientConfig.configNames();
    kafkaSettings.forEach(
        (key, value) -> {
          if (adminKeys.contains(key)) {
            settings.put(key, value);
          }
        });
    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    return settings;
  }

  private KafkaCluster(Admin admin, String bootstrapServers, Duration timeout) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /**
   * Connects and waits until the cluster answers.
   *
   * @throws IngestException when it does not answer within {@code timeout}, or refuses us
   */
  public static KafkaCluster connect(Map<String, Object> kafkaSettings, Duration timeout) {
    Map<String, Object> adminSettings =
        adminSettings(kafkaSettings, "streamlearn-ingest-admin", timeout);
    String servers = String.valueOf(kafkaSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    Admin admin;
    try {
      admin = Admin.create(adminSettings);
    } catch (RuntimeException e) {
      throw new IngestException(
          "cannot set up a Kafka client for " + servers + ": " + rootMessage(e), e);
    }
    KafkaCluster cluster = new KafkaCluster(admin, servers, timeout);
    try {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cluster.close();
      throw new IngestException(
          "cannot reach Kafka at " + servers + " within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      cluster.close();
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new IngestException(
            "cannot reach Kafka at " + servers + " within " + timeout.toSeconds() + " s");
      }
      throw new IngestException(
          "Kafka at " + servers + " refused the connection: " + rootMessage(e), e);
    } catch (InterruptedException e) {
      cluster.close();
      Thread.currentThread().interrupt();
      throw new IngestException("interrupted while connecting to Kafka at " + servers, e);
    }
    return cluster;
  }

  /**
   * Creates the topics that do not exist yet.
   *
   * @param partitions partitions of new topics, or empty for the broker's default
   * @return the topics created
   */
  public List<String> ensureTopics(Collection<String> topics, Optional<Integer> partitions) {
    try {
      Set<String> existing =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, partitions, Optional.empty()));
        }
      }
      List<String> created = new ArrayList<>();
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          created.add(topic.name());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IngestException(
                "cannot create topic "
                    + topic.name()
                    + " on "
                    + bootstrapServers
                    + ": "
                    + rootMessage(e),
                e);
          }
        }
      }
      return created;
    } catch (TimeoutException e) {
      throw new IngestException(
          "Kafka at "
              + bootstrapServers
              + " did not list its topics within "
              + timeout.toSeconds()
              + " s");
    } catch (ExecutionException e) {
      throw new IngestException(
          "cannot list the topics of " + bootstrapServers + ": " + rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestException("interrupted while preparing topics", e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
