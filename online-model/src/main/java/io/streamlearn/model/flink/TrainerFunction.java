package io.streamlearn.model.flink;

import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelEvent;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.Publication;
import io.streamlearn.model.core.serving.Trainer;
import io.streamlearn.model.core.serving.TrainerEvent;
import io.streamlearn.model.core.serving.TrainerStep;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer of the model, keyed by model name. Its keyed state, checkpointed by Flink, is the
 * trainer's latest checkpoint ({@link Trainer#checkpointChunks()}: chunks of 256 KB, never one
 * array of megabytes; a checkpoint kept whole by an earlier version is read, then replaced) and the
 * log of what happened since (one entry per example learned and per snapshot published): the same
 * design as on Kafka Streams, so that a learner of megabytes is not copied into state at every
 * example. After a restore the trainer is rebuilt from that state on the first element or timer:
 * checkpoint, then the log replayed. Snapshots are emitted every {@code everyUpdates} examples and,
 * by a processing-time timer, every {@code every} when something was learned since the last one;
 * model events and concept-drift alerts go to {@link #EVENTS} and {@link #ALERTS}.
 */
public final class TrainerFunction
    extends KeyedProcessFunction<String, Tuple2<String, byte[]>, ModelSnapshot> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TrainerFunction.class);

  /** Warnings and drift responses. */
  public static final OutputTag<ModelEvent> EVENTS =
      new OutputTag<>("model-events", SpecificAvroTypeInfo.forClass(ModelEvent.class));

  /** Concept-drift alerts. */
  public static final OutputTag<DriftAlert> ALERTS =
      new OutputTag<>("concept-drift-alerts", SpecificAvroTypeInfo.forClass(DriftAlert.class));

  private final SettingsCarrier settings;
  private transient ListState<byte[]> checkpoint;

  /**
   * Where the checkpoint was kept, as one array, before it was kept in chunks; read, then cleared.
   */
  private transient ValueState<byte[]> wholeCheckpoint;

  private transient ListState<byte[]> log;
  private transient ValueState<Long> nextTimer;
  private transient Trainer trainer;
  private transient long checkpointBytes;
  private transient FlinkModelStageMetrics metrics;

  public TrainerFunction(ModelStageSettings settings) {
    this.settings = new SettingsCarrier(settings);
  }

  @Override
  public void open(OpenContext context) {
    checkpoint =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    "trainer-checkpoint-chunks",
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    wholeCheckpoint =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "trainer-checkpoint", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    log =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    "trainer-log", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    nextTimer =
        getRuntimeContext().getState(new ValueStateDescriptor<>("trainer-timer", Types.LONG));
    metrics =
        new FlinkModelStageMetrics(
            getRuntimeContext().getMetricGroup(), settings.settings().name());
  }

  private Trainer trainer() throws Exception {
    if (trainer == null) {
      ModelStageSettings s = settings.settings();
      List<byte[]> saved = new ArrayList<>();
      Iterable<byte[]> chunks = checkpoint.get();
      if (chunks != null) {
        chunks.forEach(saved::add);
      }
      byte[] whole = wholeCheckpoint.value();
      if (saved.isEmpty() && whole != null) {
        saved.add(whole); // kept by an earlier version, in one array
      }
      List<byte[]> entries = new ArrayList<>();
      Iterable<byte[]> stored = log.get();
      if (stored != null) {
        stored.forEach(entries::add);
      }
      trainer = Trainer.restoreFromChunks(s, saved.isEmpty() ? null : saved, entries);
      checkpointBytes = size(saved);
      if (!saved.isEmpty() || !entries.isEmpty()) {
        LOG.info(
            "Restored the trainer of model '{}': {} examples learned, version {}, {} log entries"
                + " replayed",
            s.name(),
            trainer.examplesSeen(),
            trainer.version(),
            entries.size());
      }
    }
    return trainer;
  }

  @Override
  public void processElement(
      Tuple2<String, byte[]> joined, Context ctx, Collector<ModelSnapshot> out) throws Exception {
    Trainer t = trainer();
    TrainerStep step = t.learn(joined.f1);
    log.add(step.logEntry().bytes());
    for (TrainerEvent event : step.events()) {
      metrics.event(event);
      ctx.output(EVENTS, ModelAvroMapping.toAvro(event));
    }
    for (AlertEvent alert : step.alerts()) {
      metrics.alert(alert);
      ctx.output(ALERTS, ModelAvroMapping.toAvro(alert));
    }
    if (step.snapshotDue()) {
      publish(t, out);
    }
    checkpointIfDue(t);
    scheduleTimer(ctx.timerService().currentProcessingTime(), ctx.timerService());
  }

  private void scheduleTimer(long now, org.apache.flink.streaming.api.TimerService timers)
      throws Exception {
    long every = settings.settings().snapshot().every().toMillis();
    if (every > 0 && nextTimer.value() == null) {
      long at = now + every;
      timers.registerProcessingTimeTimer(at);
      nextTimer.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelSnapshot> out)
      throws Exception {
    nextTimer.clear();
    Trainer t = trainer();
    if (t.updatesSinceSnapshot() > 0) {
      publish(t, out);
      checkpointIfDue(t);
      scheduleTimer(timestamp, ctx.timerService());
    }
  }

  private void publish(Trainer t, Collector<ModelSnapshot> out) throws Exception {
    Publication publication = t.publish();
    log.add(publication.logEntry().bytes());
    out.collect(ModelAvroMapping.toAvro(publication.model()));
    metrics.published(publication.model().version(), t.quality(), checkpointBytes);
  }

  private static long size(List<byte[]> chunks) {
    return chunks.stream().mapToLong(c -> c.length).sum();
  }

  private void checkpointIfDue(Trainer t) throws Exception {
    if (t.checkpointDue()) {
      List<byte[]> chunks = t.checkpointChunks();
      checkpoint.update(chunks);
      wholeCheckpoint.clear();
      checkpointBytes = size(chunks);
      log.clear(); // every entry is before the new checkpoint
    }
  }
}
