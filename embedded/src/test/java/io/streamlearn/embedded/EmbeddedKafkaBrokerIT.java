package io.streamlearn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.embedded.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker of its own (not the shared fixture): restarts, data directories, binding. */
class EmbeddedKafkaBrokerIT {

  @TempDir Path temp;

  @Test
  void shouldKeepTopicsAndRecordsAcrossARestartOnTheSameDirectory() throws Exception {
    Path data = temp.resolve("kafka");
    String clusterId;
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(BrokerSettings.defaults().withDataDirectory(data))) {
      clusterId = broker.clusterId();
      System.out.println("Embedded broker started in " + broker.startupTime().toMillis() + " ms");
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(broker)) {
        producer.send(new ProducerRecord<>("kept", "k", "before restart")).get();
      }
    }

    try (EmbeddedKafkaBroker again =
        EmbeddedKafkaBroker.start(BrokerSettings.defaults().withDataDirectory(data))) {
      System.out.println("Embedded broker restarted in " + again.startupTime().toMillis() + " ms");
      assertThat(again.clusterId()).isEqualTo(clusterId);
      assertThat(readAll(again, "kept", 1)).containsExactly("before restart");
    }
    assertThat(Files.exists(data.resolve("kafka-logs/meta.properties"))).isTrue();
  }

  @Test
  void shouldKeepRecordsWithHistoricTimestampsThroughRetentionChecks() throws Exception {
    long april2018 = 1_522_540_800_000L;
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            BrokerSettings.defaults()
                .withOverride("log.initial.task.delay.ms", "0")
                .withOverride("log.retention.check.interval.ms", "200")
                .withOverride("log.segment.bytes", "1048576")
                .withOverride("log.roll.ms", "100"))) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        // a control topic with Kafka's default time retention: once its log start moves, the
        // broker's retention checks have run over every log, the historic topic's included
        admin
            .createTopics(
                List.of(
                    new NewTopic("historic", 1, (short) 1),
                    new NewTopic("expiring", 1, (short) 1)
                        .configs(Map.of("retention.ms", Long.toString(7 * 24 * 3_600_000L)))))
            .all()
            .get();
        try (KafkaProducer<String, String> producer = producer(broker)) {
          for (String topic : List.of("historic", "expiring")) {
            producer.send(new ProducerRecord<>(topic, null, april2018, "k", "first")).get();
            producer.send(new ProducerRecord<>(topic, null, april2018, "k", "second")).get();
          }
        }
        Await.value(
            Duration.ofSeconds(60),
            Duration.ofMillis(100),
            () -> logStart(admin, "expiring"),
            start -> start > 0,
            "retention to delete the control topic's records (its log start offset)");
        assertThat(logStart(admin, "historic"))
            .as("log start offset after retention checks")
            .isZero();
      }
      assertThat(readAll(broker, "historic", 2)).containsExactly("first", "second");
    }
  }

  @Test
  void shouldDeleteATemporaryDirectoryOnClose() {
    Path directory;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults())) {
      directory = broker.dataDirectory();
      assertThat(directory).exists();
    }
    assertThat(directory).doesNotExist();
  }

  @Test
  void shouldListenOnLoopbackOnly() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults())) {
      assertThat(broker.bootstrapServers())
          .startsWith(InetAddress.getLoopbackAddress().getHostAddress());
      for (InetAddress address : nonLoopbackAddresses()) {
        try (Socket socket = new Socket()) {
          assertThatThrownBy(
                  () -> socket.connect(new InetSocketAddress(address, broker.port()), 1000))
              .as("connecting through %s", address)
              .isInstanceOf(java.io.IOException.class);
        }
      }
    }
  }

  @Test
  void shouldRefuseToOverrideTheListeners() {
    assertThatThrownBy(
            () -> BrokerSettings.defaults().withOverride("listeners", "PLAINTEXT://0.0.0.0:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the embedded broker sets 'listeners' itself; it cannot be overridden");
  }

  @Test
  void shouldExplainWhyItCannotStartOnAPortInUse() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  EmbeddedKafkaBroker.start(
                      BrokerSettings.defaults().withPort(taken.getLocalPort())))
          .isInstanceOf(EmbeddedStartException.class)
          .hasMessageStartingWith(
              "Cannot start the embedded Kafka broker on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws Exception {
    List<InetAddress> addresses = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
          addresses.add(address);
        }
      }
    }
    return addresses;
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }

  private static long logStart(Admin admin, String topic) throws Exception {
    TopicPartition partition = new TopicPartition(topic, 0);
    return admin
        .listOffsets(Map.of(partition, OffsetSpec.earliest()))
        .all()
        .get()
        .get(partition)
        .offset();
  }

  private static List<String> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      return values;
    }
  }
}
