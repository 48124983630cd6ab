package io.streamlearn.features.flink;

import static io.streamlearn.features.stage.StageRecords.DAY;
import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.event;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.recordOf;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.RecordOutcome;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedLabel;
import io.streamlearn.ingest.core.LabelEvent;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

@SuppressWarnings(
    "try") // the test harnesses are closed by try-with-resources; close() declares Exception
class LabelJoinFunctionTest {

  private final FeatureStageSettings settings = FeatureStageSettings.defaults();
  private final FeatureStage stage = new FeatureStage(settings, FeatureTopics.DEFAULTS);
  private final long horizon = stage.plan().labelJoin().horizonMillis();

  private KeyedOneInputStreamOperatorTestHarness<String, StageMessage, StageMessage> harness()
      throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new LabelJoinFunction(StageConfig.of(settings, FeatureTopics.DEFAULTS))),
            StageMessage::transactionId,
            Types.STRING);
    harness.open();
    return harness;
  }

  private static StagedLabel staged(LabelEvent label) {
    return new StagedLabel(label, recordOf(label, 1));
  }

  private static List<DeadLetterRecord> deadLetters(
      KeyedOneInputStreamOperatorTestHarness<String, StageMessage, StageMessage> harness) {
    var side = harness.getSideOutput(SideOutputs.DEAD_LETTERS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void aLabelArrivingFirstWaitsAndIsRoutedToItsTerminalWhenTheTransactionComes() throws Exception {
    try (var harness = harness()) {
      StagedLabel label = staged(label("a", true, T0 + 7 * DAY));
      harness.processElement(new StreamRecord<>(label, label.time()));
      assertThat(harness.extractOutputValues()).isEmpty();

      StageMessage transaction = stage.stage(event(transaction("a", T0, "c1", "t1", 10), 0));
      harness.processElement(new StreamRecord<>(transaction, T0));

      assertThat(harness.extractOutputValues())
          .singleElement()
          .satisfies(
              out -> {
                RoutedOutcome outcome = (RoutedOutcome) out;
                assertThat(outcome.entityId()).isEqualTo("t1");
                assertThat(outcome.stage()).isEqualTo(1);
                assertThat(outcome.outcome().fraud()).isTrue();
                assertThat(outcome.labelRecord()).isEqualTo(label.original());
              });
      assertThat(deadLetters(harness)).isEmpty();
    }
  }

  @Test
  void theEntryAndItsTimerAreDeletedOnceTheWatermarkPassesTheHorizon() throws Exception {
    try (var harness = harness()) {
      StagedLabel label = staged(label("a", false, T0 + 40 * DAY));
      harness.processElement(new StreamRecord<>(label, label.time()));
      StageMessage transaction = stage.stage(event(transaction("a", T0, "c1", "t1", 10), 0));
      harness.processElement(new StreamRecord<>(transaction, T0));
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      harness.processWatermark(T0 + horizon);
      assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
      harness.processWatermark(T0 + horizon + 1);

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(deadLetters(harness))
          .singleElement()
          .satisfies(l -> assertThat(l.reason()).isEqualTo("LABEL_BEYOND_HORIZON"));
    }
  }

  @Test
  void aLabelWhoseTransactionNeverComesIsDeadLetteredWhenItExpires() throws Exception {
    try (var harness = harness()) {
      StagedLabel orphan = staged(label("ghost", true, T0));
      harness.processElement(new StreamRecord<>(orphan, T0));

      harness.processWatermark(T0 + horizon + 1);

      assertThat(deadLetters(harness))
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter.reason()).isEqualTo("LABEL_WITHOUT_TRANSACTION");
                assertThat(letter.outcome()).isEqualTo(RecordOutcome.EXPIRED);
                assertThat(letter.value()).isEqualTo(orphan.original().value());
              });
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  private static StagedLabel namingItsTransaction(String id, long transactionTime, long at) {
    return staged(new LabelEvent(id, true, at, OptionalLong.of(transactionTime)));
  }

  @Test
  void aLabelNamingItsTransactionTimeGetsTheTimerTheTransactionWillGiveTheEntry() throws Exception {
    try (var harness = harness()) {
      StagedLabel label = namingItsTransaction("a", T0, T0 + 2 * DAY);
      harness.processElement(new StreamRecord<>(label, label.time()));
      StageMessage transaction = stage.stage(event(transaction("a", T0, "c1", "t1", 10), 0));
      harness.processElement(new StreamRecord<>(transaction, T0));
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);
      assertThat(harness.extractOutputValues()).hasSize(1);

      harness.processWatermark(T0 + horizon);
      assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
      harness.processWatermark(T0 + horizon + 1);
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(deadLetters(harness)).isEmpty();
    }
  }

  @Test
  void aLabelNamingATransactionThatNeverComesWaitsUntilItsOwnExpiry() throws Exception {
    try (var harness = harness()) {
      long labelTime = T0 + 2 * DAY;
      StagedLabel orphan = namingItsTransaction("ghost", T0, labelTime);
      harness.processElement(new StreamRecord<>(orphan, labelTime));

      harness.processWatermark(T0 + horizon + 1); // the expected transaction's expiry
      assertThat(deadLetters(harness)).isEmpty();
      assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      harness.processWatermark(labelTime + horizon);
      assertThat(deadLetters(harness)).isEmpty();
      harness.processWatermark(labelTime + horizon + 1);
      assertThat(deadLetters(harness))
          .singleElement()
          .satisfies(letter -> assertThat(letter.reason()).isEqualTo("LABEL_WITHOUT_TRANSACTION"));
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }
}
