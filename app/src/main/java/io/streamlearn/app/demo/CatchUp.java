package io.streamlearn.app.demo;

import io.streamlearn.ingest.kafka.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the stages have processed every record of their inputs, from what the broker knows rather
 * than from the stages' meters: each stage's consumer group's committed offsets against the end
 * offsets of its input partitions.
 *
 * <p>The demo's meters cannot say it: a consumer's lag metric is unknown (NaN, or no metric at all)
 * for a partition it has not fetched lately, so a stage stalled for a few seconds (a collection, a
 * loaded machine, a rebalance) reads as "no lag and no activity", the same as a stage that is done.
 * Committed offsets only move when a stage has processed (and, exactly once, committed) its
 * records, so they cannot look ahead of the stage.
 *
 * <p>A partition is caught up when its group committed an offset at or past its end, or when no
 * committed record lies between the committed offset and the end: a transactional writer leaves a
 * commit marker after its last record, so the end offset is one past the last record, and a reader
 * that commits the next record's offset (Flink's Kafka source) stays one short of it forever. That
 * gap is read with a {@code read_committed} consumer, which skips markers and aborted records.
 */
final class CatchUp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);

  /** How long one check may take: a check that cannot finish says "behind". */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  /** What the broker says of one input partition of one stage's group. */
  record PartitionProgress(
      String group, TopicPartition partition, Long committed, long end, Long next) {
    /**
     * @param committed the group's committed offset, or null when it committed none
     * @param end the partition's end offset (the next offset to be written)
     * @param next the offset of the first committed record at or after {@code committed} (the
     *     partition's beginning when none), {@code end} when there is none (only markers or aborted
     *     records in between), null when not read (or not readable in time)
     */
    PartitionProgress {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(partition, "partition");
    }

    /** This progress with {@code next} read. */
    PartitionProgress withNext(Long read) {
      return new PartitionProgress(group, partition, committed, end, read);
    }

    /** True when the group has processed every committed record of the partition. */
    boolean caughtUp() {
      if (end == 0) {
        return true; // nothing was ever written: nothing to read, nothing to commit
      }
      return (committed != null && committed >= end) || (next != null && next >= end);
    }

    @Override
    public String toString() {
      return group
          + " "
          + partition
          + ": committed "
          + (committed == null ? "none" : committed)
          + ", end "
          + end;
    }
  }

  /**
   * The partitions some stage has not processed to their end, empty when every stage has caught up.
   * An empty {@code progress} is not "caught up": there is nothing to tell.
   */
  static List<PartitionProgress> behind(Collection<PartitionProgress> progress) {
    if (progress.isEmpty()) {
      throw new IllegalArgumentException("no input partition to check");
    }
    return progress.stream().filter(p -> !p.caughtUp()).toList();
  }

  private final Map<String, Set<String>> inputs;
  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> reader;

  /**
   * @param kafka the client settings of the cluster
   * @param inputs each stage's consumer group and the topics it must have read: the group's other
   *     committed topics (e.g. Kafka Streams' repartition topics) are checked too
   */
  CatchUp(Map<String, Object> kafka, Map<String, Set<String>> inputs) {
    this.inputs = Map.copyOf(inputs);
    Map<String, Object> adminSettings =
        KafkaCluster.adminSettings(kafka, "streamlearn-demo-catch-up", CHECK_TIMEOUT);
    Map<String, Object> readerSettings = new HashMap<>(kafka);
    readerSettings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    readerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    readerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    readerSettings.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamlearn-demo-catch-up");
    readerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    readerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.admin = Admin.create(adminSettings);
    try {
      this.reader =
          new KafkaConsumer<>(
              readerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  /**
   * The partitions some stage has not processed to their end (empty: every stage caught up).
   * Anything the broker cannot tell in {@link #CHECK_TIMEOUT} counts as behind.
   */
  List<String> check() throws InterruptedException {
    try {
      List<PartitionProgress> behind = behind(progress());
      if (!behind.isEmpty()) {
        LOG.debug("not caught up: {}", behind);
      }
      return behind.stream().map(PartitionProgress::toString).toList();
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      return List.of("the offsets are unknown: " + e);
    }
  }

  private List<PartitionProgress> progress()
      throws InterruptedException, ExecutionException, TimeoutException {
    long timeoutMs = CHECK_TIMEOUT.toMillis();
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
    Map<String, Set<String>> topics = new HashMap<>();
    Set<String> allTopics = new LinkedHashSet<>();
    for (Map.Entry<String, Set<String>> stage : inputs.entrySet()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(stage.getKey())
              .partitionsToOffsetAndMetadata()
              .get(timeoutMs, TimeUnit.MILLISECONDS);
      committed.put(stage.getKey(), offsets);
      Set<String> read = new LinkedHashSet<>(stage.getValue());
      offsets.keySet().forEach(tp -> read.add(tp.topic()));
      topics.put(stage.getKey(), read);
      allTopics.addAll(read);
    }
    Map<String, TopicDescription> described =
        admin.describeTopics(allTopics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    described
        .values()
        .forEach(
            d ->
                d.partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<PartitionProgress> progress = new ArrayList<>();
    Map<TopicPartition, Long> gaps = new HashMap<>();
    for (Map.Entry<String, Set<String>> stage : topics.entrySet()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(stage.getKey());
      for (String topic : stage.getValue()) {
        for (var p : described.get(topic).partitions()) {
          TopicPartition tp = new TopicPartition(topic, p.partition());
          OffsetAndMetadata offset = offsets.get(tp);
          Long at = offset == null ? null : offset.offset();
          long end = ends.get(tp).offset();
          progress.add(new PartitionProgress(stage.getKey(), tp, at, end, null));
          if (at == null || at < end) {
            gaps.merge(tp, at == null ? 0L : at, Math::min);
          }
        }
      }
    }
    if (gaps.isEmpty()) {
      return progress;
    }
    Map<TopicPartition, Long> next = nextRecords(gaps, ends);
    return progress.stream().map(p -> p.withNext(nextAfterCommitted(p, gaps, next))).toList();
  }

  /**
   * The first committed record at or after {@code p}'s committed offset, when the partition was
   * read from there ({@code gaps} holds, per partition, the smallest committed offset of the groups
   * behind, where the read started); else null.
   */
  private static Long nextAfterCommitted(
      PartitionProgress p, Map<TopicPartition, Long> gaps, Map<TopicPartition, Long> next) {
    Long readFrom = gaps.get(p.partition());
    long committed = p.committed() == null ? 0L : p.committed();
    return readFrom != null && readFrom == committed ? next.get(p.partition()) : null;
  }

  /**
   * For each partition, the offset of the first committed record at or after {@code from} (the end
   * offset when there is none); a partition not read to a record or its end in time is left out.
   */
  private Map<TopicPartition, Long> nextRecords(
      Map<TopicPartition, Long> from,
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) {
    reader.assign(from.keySet());
    from.forEach(reader::seek);
    Map<TopicPartition, Long> next = new HashMap<>();
    long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
    while (next.size() < from.size() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
        next.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
      }
      for (TopicPartition tp : from.keySet()) {
        if (!next.containsKey(tp) && reader.position(tp) >= ends.get(tp).offset()) {
          next.put(tp, ends.get(tp).offset());
        }
      }
      reader.pause(next.keySet());
    }
    reader.unsubscribe();
    return next;
  }

  @Override
  public void close() {
    try {
      reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
