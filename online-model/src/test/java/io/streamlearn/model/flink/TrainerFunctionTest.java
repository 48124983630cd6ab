package io.streamlearn.model.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.model.TestEvents;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelEvent;
import io.streamlearn.model.avro.ModelEventType;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.Publication;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.ServingModel;
import io.streamlearn.model.core.serving.Trainer;
import io.streamlearn.model.core.serving.TrainerStep;
import io.streamlearn.monitoring.avro.DriftAlert;
import java.time.Duration;
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
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class TrainerFunctionTest {

  private static final ModelStageSettings SETTINGS =
      ModelStageSettings.defaults("fraud")
          .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(10));

  private static KeyedOneInputStreamOperatorTestHarness<
          String, Tuple2<String, byte[]>, ModelSnapshot>
      harness(ModelStageSettings settings, OperatorSubtaskState restored) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, byte[]>, ModelSnapshot> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new TrainerFunction(settings)), t -> t.f0, Types.STRING);
    h.setup(Harnesses.avro(ModelSnapshot.class));
    if (restored != null) {
      h.initializeState(restored);
    }
    h.open();
    return h;
  }

  /** Joined examples, scored by the untrained model, as the label join emits them. */
  static List<Tuple2<String, byte[]>> examples(long seed, int n, int switchAt) {
    List<Tuple2<String, byte[]>> out = new ArrayList<>();
    for (TestEvents.Event e : TestEvents.stream(seed, n, switchAt)) {
      ServingModel.Score s = ServingModel.untrained(SETTINGS).score(e.features().getFeatures());
      JoinedExample example =
          new JoinedExample(
              ScoredEvent.of(
                  e.id(),
                  e.features().getEventTime().toEpochMilli(),
                  e.features().getEntityIds(),
                  s.features(),
                  s.probability(),
                  0),
              e.label().getIsFraud(),
              e.label().getLabelTime().toEpochMilli());
      out.add(Tuple2.of("fraud", ExampleCodec.encode(example)));
    }
    return out;
  }

  @Test
  void shouldPublishASnapshotEveryNUpdates() throws Exception {
    var h = harness(SETTINGS, null);
    for (Tuple2<String, byte[]> e : examples(1, 25, -1)) {
      h.processElement(e, 0L);
    }

    assertThat(h.extractOutputValues())
        .extracting(ModelSnapshot::getVersion, ModelSnapshot::getExamplesSeen)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 10L),
            org.assertj.core.groups.Tuple.tuple(2L, 20L));
    h.close();
  }

  @Test
  void shouldRestoreFromAFlinkCheckpointWithoutLosingOrRepeatingAnExample() throws Exception {
    List<Tuple2<String, byte[]>> stream = examples(2, 1_000, -1);
    var uninterrupted = harness(SETTINGS, null);
    for (Tuple2<String, byte[]> e : stream) {
      uninterrupted.processElement(e, 0L);
    }

    var first = harness(SETTINGS, null);
    for (Tuple2<String, byte[]> e : stream.subList(0, 437)) {
      first.processElement(e, 0L);
    }
    OperatorSubtaskState checkpoint = first.snapshot(1L, 1L);
    List<ModelSnapshot> published = new ArrayList<>(first.extractOutputValues());
    for (Tuple2<String, byte[]> e : stream.subList(437, 500)) {
      first.processElement(e, 0L); // processed after the checkpoint, then lost in the crash
    }
    first.close();
    var restored = harness(SETTINGS, checkpoint);
    for (Tuple2<String, byte[]> e : stream.subList(437, 1_000)) {
      restored.processElement(e, 0L);
    }
    published.addAll(restored.extractOutputValues());

    assertThat(published).hasSize(100).isEqualTo(uninterrupted.extractOutputValues());
    assertThat(published.get(99).getExamplesSeen()).isEqualTo(1_000);
    uninterrupted.close();
    restored.close();
  }

  /**
   * The trainer's keyed state as the function kept it before its checkpoint was kept in chunks: the
   * checkpoint as one array ({@code trainer-checkpoint}) and the log ({@code trainer-log}).
   */
  private static final class WholeCheckpointTrainer
      extends KeyedProcessFunction<String, Tuple2<String, byte[]>, ModelSnapshot> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<byte[]> checkpoint;
    private transient ListState<byte[]> log;
    private transient Trainer trainer;

    @Override
    public void open(OpenContext context) {
      checkpoint =
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>(
                      "trainer-checkpoint", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
      log =
          getRuntimeContext()
              .getListState(
                  new ListStateDescriptor<>(
                      "trainer-log", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
      trainer = Trainer.create(SETTINGS);
    }

    @Override
    public void processElement(
        Tuple2<String, byte[]> joined, Context ctx, Collector<ModelSnapshot> out) throws Exception {
      TrainerStep step = trainer.learn(joined.f1);
      log.add(step.logEntry().bytes());
      if (step.snapshotDue()) {
        Publication publication = trainer.publish();
        log.add(publication.logEntry().bytes());
        out.collect(ModelAvroMapping.toAvro(publication.model()));
      }
      if (trainer.checkpointDue()) {
        checkpoint.update(trainer.checkpoint());
        log.clear();
      }
    }
  }

  @Test
  void shouldRestoreACheckpointKeptWholeByTheEarlierVersionAndGoOn() throws Exception {
    List<Tuple2<String, byte[]>> stream = examples(4, 1_000, -1);
    var uninterrupted = harness(SETTINGS, null);
    for (Tuple2<String, byte[]> e : stream) {
      uninterrupted.processElement(e, 0L);
    }
    KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, byte[]>, ModelSnapshot> earlier =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new WholeCheckpointTrainer()), t -> t.f0, Types.STRING);
    earlier.setup(Harnesses.avro(ModelSnapshot.class));
    earlier.open();
    for (Tuple2<String, byte[]> e : stream.subList(0, 437)) {
      earlier.processElement(e, 0L);
    }
    OperatorSubtaskState saved = earlier.snapshot(1L, 1L);
    List<ModelSnapshot> published = new ArrayList<>(earlier.extractOutputValues());
    earlier.close();

    var upgraded = harness(SETTINGS, saved);
    for (Tuple2<String, byte[]> e : stream.subList(437, 1_000)) {
      upgraded.processElement(e, 0L);
    }
    published.addAll(upgraded.extractOutputValues());
    OperatorSubtaskState again = upgraded.snapshot(2L, 2L);
    upgraded.close();
    var restoredAgain = harness(SETTINGS, again);
    restoredAgain.processElement(stream.get(999), 0L); // restores from the chunks it kept

    assertThat(published).hasSize(100).isEqualTo(uninterrupted.extractOutputValues());
    assertThat(published.get(99).getExamplesSeen()).isEqualTo(1_000);
    uninterrupted.close();
    restoredAgain.close();
  }

  @Test
  void shouldPublishOnProcessingTimeWhatItLearnedSinceTheLastSnapshot() throws Exception {
    var h =
        harness(
            SETTINGS.withSnapshot(
                new ModelStageSettings.SnapshotCadence(1_000, Duration.ofSeconds(10))),
            null);
    h.setProcessingTime(0);
    for (Tuple2<String, byte[]> e : examples(3, 7, -1)) {
      h.processElement(e, 0L);
    }
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(10_000);
    assertThat(h.extractOutputValues())
        .extracting(ModelSnapshot::getExamplesSeen)
        .containsExactly(7L);
    h.setProcessingTime(30_000);

    assertThat(h.extractOutputValues()).hasSize(1);
    assertThat(h.numProcessingTimeTimers()).isZero();
    h.close();
  }

  @Test
  void shouldEmitTheDriftAlertAndTheResponseItCaused() throws Exception {
    var h =
        harness(
            SETTINGS
                .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(1_000))
                .withConceptDrift(
                    new ModelStageSettings.ConceptDrift(
                        ModelStageSettings.ConceptDrift.Detector.ADWIN,
                        0.002,
                        0.01,
                        ModelStageSettings.ConceptDrift.Response.PROMOTE_BACKGROUND,
                        Duration.ofHours(1),
                        Duration.ZERO)),
            null);
    for (Tuple2<String, byte[]> e : examples(9, 3_000, 1_500)) {
      h.processElement(e, 0L);
    }

    List<DriftAlert> alerts =
        h.getSideOutput(TrainerFunction.ALERTS).stream().map(StreamRecord::getValue).toList();
    List<ModelEvent> events =
        h.getSideOutput(TrainerFunction.EVENTS).stream().map(StreamRecord::getValue).toList();
    assertThat(alerts).isNotEmpty();
    assertThat(events)
        .extracting(ModelEvent::getType)
        .contains(
            ModelEventType.WARNING,
            ModelEventType.BACKGROUND_STARTED,
            ModelEventType.BACKGROUND_PROMOTED);
    assertThat(
            events.stream()
                .filter(e -> e.getType() == ModelEventType.BACKGROUND_PROMOTED)
                .map(ModelEvent::getAlertId)
                .toList())
        .isSubsetOf(alerts.stream().map(DriftAlert::getAlertId).toList());
    h.close();
  }
}
