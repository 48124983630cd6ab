package io.streamlearn.features.flink;

import static io.streamlearn.features.stage.StageRecords.DAY;
import static io.streamlearn.features.stage.StageRecords.HOUR;
import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.event;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorMapping;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.SimulatedInputs;
import io.streamlearn.features.stage.SingleTaskStage;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The single-task plan's Flink operator is the {@link SingleTaskStage} and nothing else: the same
 * vectors, the dead letters on {@link SideOutputs#DEAD_LETTERS}, a checkpoint restored into a new
 * operator continues identically (also when the operator went on before the checkpoint's
 * asynchronous part wrote it), a checkpoint of earlier builds is read, and watermarks delete the
 * states.
 */
@SuppressWarnings(
    "try") // the test harnesses are closed by try-with-resources; close() declares Exception
class SingleTaskOperatorTest {

  private static final FeatureStageSettings DEFAULTS = FeatureStageSettings.defaults();

  private static SimulatedInputs simulated;

  @BeforeAll
  static void simulate() {
    simulated = SimulatedInputs.of(80, 15, 5L);
  }

  private static OneInputStreamOperatorTestHarness<SourceEvent, FeatureVector> harness(
      FeatureStageSettings settings, OperatorSubtaskState restored) throws Exception {
    var harness =
        new OneInputStreamOperatorTestHarness<>(
            new SingleTaskOperator(StageConfig.of(settings, FeatureTopics.DEFAULTS)));
    harness.setup(
        SpecificAvroTypeInfo.forClass(FeatureVector.class)
            .createSerializer(harness.getExecutionConfig().getSerializerConfig()));
    if (restored != null) {
      harness.initializeState(restored);
    }
    harness.open();
    return harness;
  }

  /** The operator's stage, to count what it holds (the operator does not expose it). */
  private static SingleTaskStage stageOf(
      OneInputStreamOperatorTestHarness<SourceEvent, FeatureVector> harness) throws Exception {
    Field field = SingleTaskOperator.class.getDeclaredField("stage");
    field.setAccessible(true);
    return (SingleTaskStage) field.get(harness.getOperator());
  }

  private static List<DeadLetterRecord> letters(
      OneInputStreamOperatorTestHarness<SourceEvent, FeatureVector> harness) {
    Queue<StreamRecord<DeadLetterRecord>> side = harness.getSideOutput(SideOutputs.DEAD_LETTERS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private static SourceEvent sourceEvent(FeatureInput input, long offset) {
    return input instanceof FeatureInput.Transaction transaction
        ? event(transaction.event(), offset)
        : event(((FeatureInput.Label) input).event(), offset);
  }

  private static SourceEvent undecodable(long offset) {
    return SourceEvent.failed(
        new OriginalRecord(
            "transactions", 0, offset, T0, "k".getBytes(), new byte[] {0x7b}, List.of()),
        SourceEvent.Kind.TRANSACTION,
        new SourceEvent.Failure(
            "UNKNOWN_MAGIC_BYTE",
            "io.streamlearn.platform.serde.AvroSerdeException",
            "unknown magic byte 0x7b",
            FeatureStage.DESERIALIZE_STAGE));
  }

  /** What the stage alone emits: vectors as the operator writes them, and dead letters. */
  private static final class Expected implements SingleTaskStage.Output {
    final List<FeatureVector> vectors = new ArrayList<>();
    final List<DeadLetterRecord> letters = new ArrayList<>();

    @Override
    public void vector(TransactionFeatures features, long ingestTimeMillis) {
      vectors.add(FeatureVectorMapping.toAvro(features, ingestTimeMillis));
    }

    @Override
    public void deadLetter(DeadLetterRecord letter) {
      letters.add(letter);
    }

    @Override
    public void outcomeApplied() {}
  }

  /**
   * The inputs as the source gives them, each followed by the watermark of the bounded
   * out-of-orderness strategy, to the operator and (when given) to a stage alone.
   */
  private static final class Feed {
    private final OneInputStreamOperatorTestHarness<SourceEvent, FeatureVector> harness;
    private final SingleTaskStage alone;
    private final Expected expected;
    private final long lateness;
    private long newest = Long.MIN_VALUE;
    private long offset;

    Feed(
        OneInputStreamOperatorTestHarness<SourceEvent, FeatureVector> harness,
        FeatureStageSettings settings,
        long firstOffset,
        Expected expected) {
      this.harness = harness;
      this.expected = expected;
      this.alone =
          expected == null
              ? null
              : new SingleTaskStage(new FeatureStage(settings, FeatureTopics.DEFAULTS));
      this.lateness = settings.allowedLateness().toMillis();
      this.offset = firstOffset;
    }

    void event(SourceEvent event) throws Exception {
      offset++;
      harness.processElement(new StreamRecord<>(event, Math.max(0, event.eventTimeOrMin())));
      if (alone != null) {
        alone.accept(event, expected);
      }
      newest = Math.max(newest, event.eventTimeOrMin());
      if (newest != Long.MIN_VALUE) { // an invalid record has no time
        watermark(newest - lateness - 1);
      }
    }

    void accept(List<FeatureInput> inputs) throws Exception {
      for (FeatureInput input : inputs) {
        event(sourceEvent(input, offset));
      }
    }

    void watermark(long watermark) throws Exception {
      harness.processWatermark(new Watermark(watermark));
      if (alone != null) {
        alone.advanceWatermark(watermark, expected);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void theOperatorEmitsWhatTheStageEmits(EmitMode mode) throws Exception {
    FeatureStageSettings settings = DEFAULTS.withEmitMode(mode);
    List<FeatureInput> inputs = simulated.inStreamOrder();
    int middle = inputs.size() / 2;
    Expected expected = new Expected();
    try (var harness = harness(settings, null)) {
      Feed feed = new Feed(harness, settings, 0, expected);
      feed.accept(inputs.subList(0, middle));
      feed.event(undecodable(middle));
      feed.accept(inputs.subList(middle, inputs.size()));
      feed.watermark(Long.MAX_VALUE);

      assertThat(expected.vectors).hasSizeGreaterThan(1000);
      assertThat(harness.extractOutputValues()).isEqualTo(expected.vectors);
      assertThat(expected.letters).hasSize(1);
      assertThat(letters(harness)).isEqualTo(expected.letters);
      assertThat(harness.getOutput()).contains(new Watermark(Long.MAX_VALUE));
    }
  }

  @Test
  void deadLettersGoToTheSideOutput() throws Exception {
    long horizon =
        new FeatureStage(DEFAULTS, FeatureTopics.DEFAULTS).plan().labelJoin().horizonMillis();
    try (var harness = harness(DEFAULTS, null)) {
      Feed feed = new Feed(harness, DEFAULTS, 0, null);
      feed.event(undecodable(0));
      feed.event(event(label("ghost", true, T0 + DAY), 1));
      feed.event(event(transaction("a", T0 + 5 * HOUR, "c1", "t1", 10), 2));
      feed.event(event(transaction("b", T0, "c1", "t2", 10), 3));

      System.err.println(
          "DEBUG out " + harness.extractOutputValues() + " letters " + letters(harness));
      assertThat(letters(harness))
          .extracting(DeadLetterRecord::topic, DeadLetterRecord::reason)
          .containsExactly(
              tuple("transactions.dlq", "UNKNOWN_MAGIC_BYTE"),
              tuple("late-events", FeatureStage.LATE_EVENT));
      feed.watermark(T0 + DAY + horizon);
      assertThat(letters(harness)).hasSize(2);

      feed.watermark(T0 + DAY + horizon + DAY);
      assertThat(letters(harness)).hasSize(3);
      assertThat(letters(harness).get(2).reason()).isEqualTo("LABEL_WITHOUT_TRANSACTION");
      assertThat(letters(harness).get(2).topic()).isEqualTo("labels.dlq");
      assertThat(harness.extractOutputValues())
          .extracting(FeatureVector::getTransactionId)
          .containsExactly("a");
    }
  }

  @ParameterizedTest
  @EnumSource(EmitMode.class)
  void aCheckpointRestoredIntoANewOperatorContinuesIdentically(EmitMode mode) throws Exception {
    FeatureStageSettings settings = DEFAULTS.withEmitMode(mode);
    List<FeatureInput> inputs = simulated.inStreamOrder();
    int cut = inputs.size() * 2 / 3;
    List<FeatureVector> uninterruptedVectors;
    List<DeadLetterRecord> uninterruptedLetters;
    try (var harness = harness(settings, null)) {
      Feed feed = new Feed(harness, settings, 0, null);
      feed.accept(inputs);
      feed.watermark(Long.MAX_VALUE);
      uninterruptedVectors = harness.extractOutputValues();
      uninterruptedLetters = letters(harness);
    }

    List<FeatureVector> vectors = new ArrayList<>();
    List<DeadLetterRecord> deadLetters = new ArrayList<>();
    OperatorSubtaskState checkpoint;
    try (var harness = harness(settings, null)) {
      new Feed(harness, settings, 0, null).accept(inputs.subList(0, cut));
      vectors.addAll(harness.extractOutputValues());
      deadLetters.addAll(letters(harness));
      OperatorSnapshotFutures pending =
          harness
              .getOperator()
              .snapshotState(
                  1L,
                  1L,
                  CheckpointOptions.forCheckpointWithDefaultLocation(),
                  new MemCheckpointStreamFactory(Integer.MAX_VALUE));
      // the operator goes on before Flink's asynchronous part writes the checkpoint
      new Feed(harness, settings, cut, null).accept(inputs.subList(cut, inputs.size()));
      checkpoint = OperatorSnapshotFinalizer.create(pending).getJobManagerOwnedState();
    }
    try (var harness = harness(settings, checkpoint)) {
      SingleTaskStage restored = stageOf(harness);
      assertThat(restored.entityStateCount()).isPositive();
      assertThat(restored.joinEntryCount()).isPositive();
      if (mode == EmitMode.ON_WATERMARK) {
        assertThat(restored.waitingCount()).as("inputs waiting at the checkpoint").isPositive();
      }
      Feed feed = new Feed(harness, settings, cut, null);
      feed.accept(inputs.subList(cut, inputs.size()));
      feed.watermark(Long.MAX_VALUE);
      vectors.addAll(harness.extractOutputValues());
      deadLetters.addAll(letters(harness));
    }

    assertThat(vectors).hasSizeGreaterThan(1000);
    assertThat(vectors).isEqualTo(uninterruptedVectors);
    assertThat(deadLetters).isEqualTo(uninterruptedLetters);
  }

  /** The operator as builds before the asynchronous checkpoint wrote its state. */
  private static final class LegacyOperator extends AbstractStreamOperator<FeatureVector>
      implements OneInputStreamOperator<SourceEvent, FeatureVector> {
    private static final long serialVersionUID = 1L;
    private transient SingleTaskStage stage;
    private transient ListState<byte[]> checkpointed;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
      super.initializeState(context);
      checkpointed =
          context
              .getOperatorStateStore()
              .getListState(
                  new ListStateDescriptor<>(
                      SingleTaskOperator.LEGACY_STATE_NAME,
                      PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
      stage = new SingleTaskStage(new FeatureStage(DEFAULTS, FeatureTopics.DEFAULTS));
    }

    @Override
    public void processElement(StreamRecord<SourceEvent> element) {
      stage.accept(element.getValue(), new Expected());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
      super.snapshotState(context);
      List<byte[]> chunks = new ArrayList<>();
      stage.snapshot(chunks::add);
      checkpointed.update(chunks);
    }
  }

  @Test
  void aCheckpointOfTheEarlierByteArrayStateIsRestoredAndNotCarriedOn() throws Exception {
    List<FeatureInput> inputs = simulated.inStreamOrder();
    OperatorSubtaskState legacy;
    List<byte[]> expected = new ArrayList<>();
    try (var harness = new OneInputStreamOperatorTestHarness<>(new LegacyOperator())) {
      harness.open();
      long offset = 0;
      for (FeatureInput input : inputs) {
        harness.processElement(new StreamRecord<>(sourceEvent(input, offset++), input.time()));
      }
      legacy = harness.snapshot(1L, 1L);
      ((LegacyOperator) harness.getOperator()).stage.snapshot(expected::add);
    }
    OperatorSubtaskState next;
    try (var harness = harness(DEFAULTS, legacy)) {
      SingleTaskStage restored = stageOf(harness);
      assertThat(restored.entityStateCount()).isPositive();
      assertThat(restored.joinEntryCount()).isPositive();
      List<byte[]> chunks = new ArrayList<>();
      restored.snapshot(chunks::add);
      assertThat(chunks).containsExactlyElementsOf(expected);
      next = harness.snapshot(2L, 2L);
    }
    try (var harness = harness(DEFAULTS, next)) {
      List<byte[]> chunks = new ArrayList<>();
      stageOf(harness).snapshot(chunks::add);
      assertThat(chunks).as("restored once, not twice").containsExactlyElementsOf(expected);
    }
  }

  @Test
  void watermarksDeleteTheStatesAndTheirCheckpointHoldsNone() throws Exception {
    OperatorSubtaskState checkpoint;
    try (var harness = harness(DEFAULTS, null)) {
      new Feed(harness, DEFAULTS, 0, null).accept(simulated.inStreamOrder());
      SingleTaskStage stage = stageOf(harness);
      assertThat(stage.entityStateCount()).isPositive();
      assertThat(stage.joinEntryCount()).isPositive();

      harness.processWatermark(new Watermark(Long.MAX_VALUE));

      assertThat(stage.entityStateCount()).isZero();
      assertThat(stage.joinEntryCount()).isZero();
      checkpoint = harness.snapshot(2L, 2L);
    }
    try (var harness = harness(DEFAULTS, checkpoint)) {
      SingleTaskStage restored = stageOf(harness);
      assertThat(restored.entityStateCount()).isZero();
      assertThat(restored.joinEntryCount()).isZero();
      assertThat(restored.waitingCount()).isZero();
    }
  }
}
