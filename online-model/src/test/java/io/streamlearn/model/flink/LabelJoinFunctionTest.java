package io.streamlearn.model.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.TestEvents;
import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.ExampleFeatures;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.NameBlocksTesting;
import io.streamlearn.model.core.serving.ScoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabelJoinFunctionTest {

  private static final Duration TTL = Duration.ofDays(1);
  private static final long T = TestEvents.START;

  private KeyedTwoInputStreamOperatorTestHarness<
          String, Tuple2<String, byte[]>, Label, Tuple2<String, byte[]>>
      harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new LabelJoinFunction(ModelStageSettings.defaults("fraud").withLabelJoinTtl(TTL)),
            s -> s.f0,
            Label::getTransactionId,
            Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static ScoredEvent scored(String id) {
    return ScoredEvent.of(
        id,
        T,
        Map.of("customerId", "C1"),
        // names long enough for the local form to hold them by reference
        ExampleFeatures.of(
            Map.of("CUSTOMER_ID_NB_TX_1DAY_WINDOW", 1.0, "TERMINAL_ID_RISK_7DAY_WINDOW", 0.5),
            List.of()),
        0.7,
        4);
  }

  private void score(String id) throws Exception {
    harness.processElement1(Tuple2.of(id, ExampleCodec.encode(scored(id))), T);
  }

  private List<JoinedExample> joined() {
    return harness.extractOutputValues().stream()
        .map(t -> ExampleCodec.decodeJoined(t.f1))
        .toList();
  }

  @Test
  void shouldJoinTheLabelToTheScoredFeaturesAndKeyTheExampleByModel() throws Exception {
    score("tx-1");
    harness.processElement2(TestEvents.label("tx-1", true, T + 1_000), T + 1_000);

    assertThat(harness.extractOutputValues()).extracting(t -> t.f0).containsExactly("fraud");
    assertThat(joined()).containsExactly(new JoinedExample(scored("tx-1"), true, T + 1_000));
  }

  @Test
  void shouldLetALabelThatArrivesFirstWaitForItsFeatures() throws Exception {
    harness.processElement2(TestEvents.label("tx-2", false, T + 1_000), T + 1_000);
    assertThat(harness.extractOutputValues()).isEmpty();
    score("tx-2");

    assertThat(joined()).containsExactly(new JoinedExample(scored("tx-2"), false, T + 1_000));
  }

  @Test
  void shouldClearTheStateAndItsTimerOnceTheWatermarkPassesTheTtl() throws Exception {
    score("tx-3");
    harness.processElement2(TestEvents.label("tx-3", true, T + 1_000), T + 1_000);
    score("tx-4");
    harness.processElement2(TestEvents.label("tx-5", true, T), T);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    assertThat(harness.numEventTimeTimers()).isEqualTo(3);

    harness.processBothWatermarks(new Watermark(T + TTL.toMillis() - 1));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    harness.processBothWatermarks(new Watermark(T + TTL.toMillis() + 1));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(joined()).hasSize(1);
  }

  @Test
  void shouldMoveTheTimerWhenALabelFirstJoinsShortensTheWait() throws Exception {
    harness.processElement2(TestEvents.label("tx-6", true, T + 5_000), T + 5_000);
    score("tx-6");

    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    harness.processBothWatermarks(new Watermark(T + TTL.toMillis() + 1));
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldNeverJoinADuplicateLabel() throws Exception {
    score("tx-7");
    harness.processElement2(TestEvents.label("tx-7", true, T + 1), T + 1);
    harness.processElement2(TestEvents.label("tx-7", false, T + 2), T + 2);

    assertThat(joined()).hasSize(1);
  }

  @Test
  void shouldJoinFeaturesScoredBeforeARestoreToTheirLabelAfterIt() throws Exception {
    score("tx-8");
    score("tx-9");
    harness.processElement2(TestEvents.label("tx-9", false, T + 1), T + 1);
    OperatorSubtaskState snapshot = harness.snapshot(1, T + 2);
    harness.close();
    // as a new process: the state holds the names by reference, the snapshot carries them
    int blocks = NameBlocksTesting.count(); // every block of the process is saved
    NameBlocksTesting.forgetAll();

    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(
                new LabelJoinFunction(ModelStageSettings.defaults("fraud").withLabelJoinTtl(TTL))),
            s -> s.f0,
            Label::getTransactionId,
            Types.STRING);
    harness.initializeState(snapshot);
    harness.open();
    harness.processElement2(TestEvents.label("tx-8", true, T + 3), T + 3);
    harness.processElement2(TestEvents.label("tx-9", true, T + 4), T + 4);

    assertThat(joined()).containsExactly(new JoinedExample(scored("tx-8"), true, T + 3));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    assertThat(NameBlocksTesting.count()).isEqualTo(blocks);
  }
}
