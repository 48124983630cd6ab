package io.streamlearn.model.kstreams;

import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.platform.deadletter.DeadLetterDeserializationExceptionHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams model stage in a JVM of its own, for {@link TrainerRestartIT} to kill with
 * {@code destroyForcibly()} (SIGKILL: no shutdown hook, no clean close). Prints {@code RUNNING}
 * once the application runs.
 *
 * <p>Arguments: bootstrap servers, registry URL, application id, state directory, then the six
 * topics of {@link ModelTopics} in order.
 */
public final class ModelStageProcess {

  private ModelStageProcess() {}

  /** The settings both the process and the test use. */
  static ModelStageSettings settings() {
    return ModelStageSettings.defaults("fraud-restart")
        .withSnapshot(new ModelStageSettings.SnapshotCadence(25, Duration.ofSeconds(1)));
  }

  public static void main(String[] args) throws InterruptedException {
    ModelTopics topics = new ModelTopics(args[4], args[5], args[6], args[7], args[8], args[9]);
    Map<String, Object> serde = Map.of("schema.registry.url", args[1]);
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[2]);
    props.put(StreamsConfig.STATE_DIR_CONFIG, args[3]);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationExceptionHandler.class);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
    // keep the trainer's input topic, so the test can replay exactly what was learned
    props.put(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, Long.MAX_VALUE);
    KafkaStreams streams =
        new KafkaStreams(ModelTopology.build(settings(), topics, ModelSerdes.avro(serde)), props);
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
        });
    streams.start();
    running.await();
    System.out.println("RUNNING");
    System.out.flush();
    Thread.currentThread().join();
  }
}
