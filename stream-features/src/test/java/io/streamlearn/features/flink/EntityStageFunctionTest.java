package io.streamlearn.features.flink;

import static io.streamlearn.features.stage.StageRecords.DAY;
import static io.streamlearn.features.stage.StageRecords.HOUR;
import static io.streamlearn.features.stage.StageRecords.MINUTE;
import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.event;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.recordOf;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.core.LabelOutcome;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedTransaction;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

@SuppressWarnings(
    "try") // the test harnesses are closed by try-with-resources; close() declares Exception
class EntityStageFunctionTest {

  private static final int TERMINAL = 1;

  private final FeatureStageSettings settings = FeatureStageSettings.defaults();
  private final FeatureStage stage = new FeatureStage(settings, FeatureTopics.DEFAULTS);

  private KeyedOneInputStreamOperatorTestHarness<String, StageMessage, StageMessage> harness(
      FeatureStageSettings settings) throws Exception {
    StageConfig config = StageConfig.of(settings, FeatureTopics.DEFAULTS);
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new EntityStageFunction(config, TERMINAL)),
            new FeatureJob.EntityKey(config, TERMINAL),
            Types.STRING);
    harness.open();
    return harness;
  }

  private StagedTransaction staged(TransactionEvent transaction, long offset) {
    return (StagedTransaction) stage.stage(event(transaction, offset));
  }

  private RoutedOutcome outcome(String id, long transactionTime, long labelTime, boolean fraud) {
    return new RoutedOutcome(
        new LabelOutcome(id, transactionTime, labelTime, fraud, Map.of("terminalId", "t1")),
        TERMINAL,
        "t1",
        recordOf(label(id, fraud, labelTime), 0));
  }

  /** What the core computes for the same inputs in the same order: the engine adds nothing. */
  private double[] coreTerminalPart(List<StageMessage> inputs, String transactionId) {
    EntityState state = stage.entity(TERMINAL).newState();
    double[] part = null;
    for (StageMessage input : inputs) {
      if (input instanceof StagedTransaction staged) {
        var update = state.onTransaction(staged.transaction());
        if (staged.transactionId().equals(transactionId)) {
          part = update.partial().values();
        }
      } else {
        state.onOutcome(((RoutedOutcome) input).outcome());
      }
    }
    return part;
  }

  @Test
  void eachTransactionLeavesWithItsTerminalsPartComputedFromTheStateAsItArrived() throws Exception {
    try (var harness = harness(settings)) {
      StagedTransaction first = staged(transaction("a", T0 + 8 * DAY, "c1", "t1", 10), 0);
      RoutedOutcome fraud = outcome("x", T0 + DAY, T0 + 8 * DAY + MINUTE, true);
      StagedTransaction second = staged(transaction("b", T0 + 8 * DAY + HOUR, "c2", "t1", 20), 1);

      harness.processElement(new StreamRecord<>(first, first.time()));
      harness.processElement(new StreamRecord<>(fraud, fraud.time()));
      harness.processElement(new StreamRecord<>(second, second.time()));

      List<StageMessage> out = harness.extractOutputValues();
      assertThat(out).hasSize(2);
      StagedTransaction b = (StagedTransaction) out.get(1);
      assertThat(b.transactionId()).isEqualTo("b");
      assertThat(b.partValues(TERMINAL + 1))
          .containsExactly(coreTerminalPart(List.of(first, fraud, second), "b"));
      assertThat(harness.getSideOutput(SideOutputs.DEAD_LETTERS)).isNull();
    }
  }

  @Test
  void theStateAndItsTimerAreDeletedOnceTheWatermarkPassesTheExpiry() throws Exception {
    try (var harness = harness(settings)) {
      StagedTransaction transaction = staged(transaction("a", T0, "c1", "t1", 10), 0);
      harness.processElement(new StreamRecord<>(transaction, T0));
      long expiresAt = T0 + settings.keyTtl().toMillis();
      StagedTransaction later = staged(transaction("b", T0 + DAY, "c1", "t1", 10), 1);
      harness.processElement(new StreamRecord<>(later, later.time()));

      harness.processWatermark(expiresAt + 1);
      assertThat(harness.numKeyedStateEntries()).isPositive();
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      harness.processWatermark(expiresAt + DAY);
      assertThat(harness.numKeyedStateEntries()).isPositive();
      harness.processWatermark(expiresAt + DAY + 1);
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aLabelOlderThanTheLatenessGoesToTheLateEvents() throws Exception {
    try (var harness = harness(settings)) {
      StagedTransaction transaction = staged(transaction("a", T0 + 10 * DAY, "c1", "t1", 10), 0);
      harness.processElement(new StreamRecord<>(transaction, transaction.time()));
      RoutedOutcome late = outcome("old", T0, T0 + 9 * DAY, true);

      harness.processElement(new StreamRecord<>(late, late.time()));

      List<DeadLetterRecord> letters =
          harness.getSideOutput(SideOutputs.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(letters)
          .singleElement()
          .satisfies(l -> assertThat(l.reason()).isEqualTo("LATE_EVENT"));
      assertThat(letters.get(0).topic()).isEqualTo("late-events");
    }
  }

  @Test
  void onWatermarkInputsWaitAndAreAppliedInTheCanonicalOrder() throws Exception {
    FeatureStageSettings onWatermark = settings.withEmitMode(EmitMode.ON_WATERMARK);
    try (var harness = harness(onWatermark)) {
      long base = T0 + 8 * DAY;
      StagedTransaction b = staged(transaction("b", base + 60 * MINUTE, "c1", "t1", 20), 0);
      RoutedOutcome fraud = outcome("x", T0 + DAY, base + 30 * MINUTE, true);
      StagedTransaction a = staged(transaction("a", base, "c2", "t1", 10), 1);
      StagedTransaction tie = staged(transaction("c", base + 30 * MINUTE, "c3", "t1", 5), 2);
      for (StageMessage message : List.of(b, tie, fraud, a)) {
        harness.processElement(new StreamRecord<>(message, message.time()));
      }

      harness.processWatermark(base - 1);
      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.numEventTimeTimers()).isEqualTo(3);

      harness.processWatermark(base + 60 * MINUTE);
      List<StageMessage> out = harness.extractOutputValues();
      assertThat(out.stream().map(StageMessage::transactionId)).containsExactly("a", "c", "b");
      List<StageMessage> canonical = List.of(a, fraud, tie, b);
      assertThat(((StagedTransaction) out.get(1)).partValues(TERMINAL + 1))
          .containsExactly(coreTerminalPart(canonical, "c"));
      assertThat(((StagedTransaction) out.get(2)).partValues(TERMINAL + 1))
          .containsExactly(coreTerminalPart(canonical, "b"));

      harness.processWatermark(base + 60 * MINUTE + settings.keyTtl().toMillis() + 1);
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aTransactionAnEarlierEntityRejectedIsStillCountedAndCarriesItsRejection() throws Exception {
    try (var harness = harness(settings)) {
      StagedTransaction transaction = staged(transaction("a", T0, "c1", "t1", 10), 0);
      StagedTransaction rejected =
          transaction.withRejection(stage.entity(0).missingKey(transaction.transaction()));

      harness.processElement(new StreamRecord<>(rejected, T0));

      StagedTransaction out = (StagedTransaction) harness.extractOutputValues().get(0);
      assertThat(out.rejections()).hasSize(1);
      assertThat(out.hasPart(TERMINAL + 1)).isTrue();
    }
  }
}
