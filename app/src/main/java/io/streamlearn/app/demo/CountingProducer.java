package io.streamlearn.app.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A producer that counts the records handed to it, in order, with the timestamp of the last: the
 * simulator's position in its stream. {@link #checkpoint()} flushes, so every record it counts is
 * acknowledged by then (the producer is idempotent with {@code acks=all}).
 */
final class CountingProducer implements Producer<byte[], byte[]> {

  /** Records sent and acknowledged up to a point of the stream. */
  record Position(long records, long lastTimestampMillis) {}

  private final Producer<byte[], byte[]> delegate;
  private long sent;
  private long lastTimestamp = -1;

  CountingProducer(Producer<byte[], byte[]> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The records sent so far (not necessarily acknowledged yet). */
  synchronized Position sent() {
    return new Position(sent, lastTimestamp);
  }

  /**
   * Flushes, then returns the position reached before the flush: every record up to it has been
   * acknowledged (or has failed, which the publisher reports).
   */
  Position checkpoint() {
    Position position = sent();
    delegate.flush();
    return position;
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    return send(record, null);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    Future<RecordMetadata> future = delegate.send(record, callback);
    synchronized (this) {
      sent++;
      lastTimestamp = record.timestamp() == null ? lastTimestamp : record.timestamp();
    }
    return future;
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }

  @Override
  public void initTransactions() {
    delegate.initTransactions();
  }

  @Override
  public void beginTransaction() {
    delegate.beginTransaction();
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    delegate.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    delegate.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    delegate.abortTransaction();
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    delegate.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    delegate.unregisterMetricFromSubscription(metric);
  }
}
