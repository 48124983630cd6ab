package io.streamlearn.monitoring.dashboard;

import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftAlertMapping;
import io.streamlearn.platform.serde.AvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code alerts} topic into a {@link TimeSeriesRecorder}, so the dashboard and the run
 * report show every alert whichever engine or process raised it. A daemon thread reads every
 * partition (no consumer group), from the beginning or from the end, and records each alert at the
 * wall-clock time it arrives. A record that is not an alert is logged and skipped: the feed only
 * watches the topic; the stages that write it own its dead letters.
 */
public final class AlertFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);

  private final KafkaConsumer<String, DriftAlert> consumer;
  private final TimeSeriesRecorder recorder;
  private final LongSupplier clockMillis;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long recorded;

  private AlertFeed(
      KafkaConsumer<String, DriftAlert> consumer,
      TimeSeriesRecorder recorder,
      LongSupplier clockMillis) {
    this.consumer = consumer;
    this.recorder = recorder;
    this.clockMillis = clockMillis;
    this.thread = new Thread(this::run, "streamlearn-alert-feed");
    this.thread.setDaemon(true);
  }

  /**
   * Starts following {@code topic}.
   *
   * @param clientProperties {@code bootstrap.servers}, {@code schema.registry.url} and any other
   *     client and serde properties
   * @param topic the alerts topic
   * @param recorder where the alerts go
   * @param fromBeginning read the alerts already in the topic (a run report), or only new ones
   */
  public static AlertFeed start(
      Map<String, ?> clientProperties,
      String topic,
      TimeSeriesRecorder recorder,
      boolean fromBeginning) {
    Objects.requireNonNull(recorder, "recorder");
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    KafkaConsumer<String, DriftAlert> consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroDeserializer.forSpecific(DriftAlert.class).configured(props, false));
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    AlertFeed feed = new AlertFeed(consumer, recorder, System::currentTimeMillis);
    feed.thread.start();
    return feed;
  }

  /** Alerts recorded so far. */
  public long recorded() {
    return recorded;
  }

  private void run() {
    try {
      while (running) {
        try {
          for (ConsumerRecord<String, DriftAlert> record : consumer.poll(Duration.ofMillis(500))) {
            record(record);
          }
        } catch (RecordDeserializationException e) {
          LOG.warn(
              "Skipping the record at {} offset {}: not an alert ({})",
              e.topicPartition(),
              e.offset(),
              e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void record(ConsumerRecord<String, DriftAlert> record) {
    if (record.value() == null) {
      return;
    }
    try {
      recorder.recordAlert(DriftAlertMapping.fromAvro(record.value()), clockMillis.getAsLong());
      recorded++;
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "Skipping the alert at {}-{} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  /** Stops following and waits (up to 10 s) for the consumer to close. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
