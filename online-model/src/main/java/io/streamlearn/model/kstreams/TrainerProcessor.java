package io.streamlearn.model.kstreams;

import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.core.serving.LogEntry;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.Publication;
import io.streamlearn.model.core.serving.Trainer;
import io.streamlearn.model.core.serving.TrainerEvent;
import io.streamlearn.model.core.serving.TrainerStep;
import io.streamlearn.model.metrics.ModelStageMetrics;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer of the model, fed the joined examples keyed by model name. Its state lives in two
 * stores with changelogs, written in the same transaction as the input offsets under exactly-once:
 * the latest checkpoint ({@link Trainer#checkpoint()}) and the log of what happened since (one
 * entry per example learned and per snapshot published). When the task starts, after Kafka Streams
 * restored the stores, the trainer is rebuilt from them: checkpoint, then the log replayed. So a
 * crash loses nothing, learns nothing twice, and the next snapshot continues the versions.
 *
 * <p>Snapshots are published every {@code everyUpdates} examples and, by a wall-clock punctuation,
 * every {@code every} when something was learned since the last one.
 */
final class TrainerProcessor implements Processor<String, byte[], String, TrainerOutput> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);

  private final ModelStageSettings settings;
  private final String checkpointStore;
  private final String logStore;
  private final ModelStageMetrics metrics;
  private ProcessorContext<String, TrainerOutput> context;
  private KeyValueStore<String, byte[]> checkpoints;
  private KeyValueStore<Bytes, byte[]> log;
  private Trainer trainer;
  private long checkpointBytes;

  TrainerProcessor(
      ModelStageSettings settings,
      String checkpointStore,
      String logStore,
      ModelStageMetrics metrics) {
    this.settings = settings;
    this.checkpointStore = checkpointStore;
    this.logStore = logStore;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, TrainerOutput> context) {
    this.context = context;
    this.checkpoints = context.getStateStore(checkpointStore);
    this.log = context.getStateStore(logStore);
    byte[] checkpoint = checkpoints.get(settings.name());
    List<byte[]> entries = logEntries();
    if (checkpoint != null || !entries.isEmpty()) {
      trainer = Trainer.restore(settings, checkpoint, entries);
      checkpointBytes = checkpoint == null ? 0 : checkpoint.length;
      LOG.info(
          "Restored the trainer of model '{}': {} examples learned, version {}, {} log entries"
              + " replayed",
          settings.name(),
          trainer.examplesSeen(),
          trainer.version(),
          entries.size());
    }
    if (!settings.snapshot().every().isZero()) {
      context.schedule(
          settings.snapshot().every(), PunctuationType.WALL_CLOCK_TIME, this::publishIfLearned);
    }
  }

  private List<byte[]> logEntries() {
    List<byte[]> entries = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = log.range(logKey(0), logKey(Long.MAX_VALUE))) {
      while (it.hasNext()) {
        entries.add(it.next().value);
      }
    }
    return entries;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (trainer == null) {
      trainer = Trainer.create(settings);
    }
    TrainerStep step = trainer.learn(record.value());
    append(step.logEntry());
    for (TrainerEvent event : step.events()) {
      metrics.event(event);
      context.forward(
          new Record<>(
              settings.name(),
              TrainerOutput.of(ModelAvroMapping.toAvro(event)),
              record.timestamp()));
    }
    for (AlertEvent alert : step.alerts()) {
      metrics.alert(alert);
      context.forward(
          new Record<>(
              alert.monitor(),
              TrainerOutput.of(ModelAvroMapping.toAvro(alert)),
              record.timestamp()));
    }
    if (step.snapshotDue()) {
      publish(context.currentSystemTimeMs());
    }
    checkpointIfDue();
  }

  private void publishIfLearned(long now) {
    if (trainer != null && trainer.updatesSinceSnapshot() > 0) {
      publish(now);
      checkpointIfDue();
    }
  }

  private void publish(long now) {
    Publication publication = trainer.publish();
    append(publication.logEntry());
    context.forward(
        new Record<>(
            settings.name(), TrainerOutput.of(ModelAvroMapping.toAvro(publication.model())), now));
    metrics.published(publication.model().version(), trainer.quality(), checkpointBytes);
  }

  private void checkpointIfDue() {
    if (!trainer.checkpointDue()) {
      return;
    }
    long oldStart = trainer.logStart();
    byte[] checkpoint = trainer.checkpoint();
    checkpoints.put(settings.name(), checkpoint);
    checkpointBytes = checkpoint.length;
    List<Bytes> obsolete = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        log.range(logKey(oldStart), logKey(trainer.logStart() - 1))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> entry = it.next();
        obsolete.add(entry.key);
      }
    }
    obsolete.forEach(log::delete);
  }

  private void append(LogEntry entry) {
    log.put(logKey(entry.sequence()), entry.bytes());
  }

  /** The model's name, a zero byte, then the sequence, big-endian (byte order = numeric order). */
  private Bytes logKey(long sequence) {
    byte[] name = settings.name().getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(name.length + 9).put(name).put((byte) 0).putLong(sequence).array());
  }
}
