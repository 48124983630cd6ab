package io.streamlearn.app.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records written to the predictions topic from now on, and notes when the first
 * arrives: the demo's "first prediction after ..." figure. Reads every partition without a consumer
 * group, bytes only (nothing is decoded), on a daemon thread.
 */
final class PredictionWatch implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final long startNanos;
  private final Thread thread;
  private final AtomicLong count = new AtomicLong();
  private volatile long firstNanos = -1;
  private volatile boolean running = true;

  private PredictionWatch(KafkaConsumer<byte[], byte[]> consumer, long startNanos) {
    this.consumer = consumer;
    this.startNanos = startNanos;
    this.thread = new Thread(this::run, "streamlearn-demo-predictions");
    this.thread.setDaemon(true);
  }

  /**
   * Starts at the current end of {@code topic} (which must exist).
   *
   * @param startNanos {@link System#nanoTime()} at the start of the command
   */
  static PredictionWatch start(Map<String, Object> kafka, String topic, long startNanos) {
    Objects.requireNonNull(topic, "topic");
    Map<String, Object> props = new HashMap<>(kafka);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamlearn-demo-predictions");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fix the start now
    PredictionWatch watch = new PredictionWatch(consumer, startNanos);
    watch.thread.start();
    return watch;
  }

  /** Predictions seen so far. */
  long count() {
    return count.get();
  }

  /** Seconds from the start of the command to the first prediction, or NaN before it. */
  double secondsToFirst() {
    long first = firstNanos;
    return first < 0 ? Double.NaN : (first - startNanos) / 1e9;
  }

  private void run() {
    try {
      while (running) {
        int n = consumer.poll(Duration.ofMillis(200)).count();
        if (n > 0) {
          if (firstNanos < 0) {
            firstNanos = System.nanoTime();
          }
          count.addAndGet(n);
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

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
