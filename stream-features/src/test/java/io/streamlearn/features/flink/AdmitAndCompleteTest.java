package io.streamlearn.features.flink;

import static io.streamlearn.features.stage.StageRecords.HOUR;
import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.event;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedLabel;
import io.streamlearn.features.stage.StagedTransaction;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

@SuppressWarnings(
    "try") // the test harnesses are closed by try-with-resources; close() declares Exception
class AdmitAndCompleteTest {

  private final FeatureStageSettings settings = FeatureStageSettings.defaults();
  private final StageConfig config = StageConfig.of(settings, FeatureTopics.DEFAULTS);
  private final FeatureStage stage = config.compile();

  private static <T> List<T> values(Collection<StreamRecord<T>> records) {
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void admissionStagesTransactionsSendsEverythingToTheJoinAndDeadLettersTheRest() throws Exception {
    try (var harness =
        new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new AdmitInputs(config)))) {
      harness.open();
      SourceEvent bad =
          SourceEvent.failed(
              new OriginalRecord("labels", 0, 3, T0, null, new byte[] {1}, List.of()),
              SourceEvent.Kind.LABEL,
              new SourceEvent.Failure("TRUNCATED", null, "too short", "features.deserialize"));

      harness.processElement(new StreamRecord<>(event(transaction("a", T0, "c1", "t1", 10), 0)));
      harness.processElement(new StreamRecord<>(event(label("a", false, T0 + HOUR), 1)));
      harness.processElement(new StreamRecord<>(bad));

      assertThat(harness.extractOutputValues())
          .singleElement()
          .satisfies(m -> assertThat(((StagedTransaction) m).hasPart(0)).isTrue());
      assertThat(values(harness.getSideOutput(SideOutputs.TO_LABEL_JOIN)))
          .hasSize(2)
          .last()
          .isInstanceOf(StagedLabel.class);
      assertThat(values(harness.getSideOutput(SideOutputs.DEAD_LETTERS)))
          .singleElement()
          .satisfies(
              letter -> {
                assertThat(letter.topic()).isEqualTo("labels.dlq");
                assertThat(letter.reason()).isEqualTo("TRUNCATED");
              });
    }
  }

  @Test
  void completionWritesTheVectorOfAnAcceptedTransactionAndTheLateEventOfARejectedOne()
      throws Exception {
    try (var harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new CompleteVectors(config)))) {
      harness.setup(
          SpecificAvroTypeInfo.forClass(FeatureVector.class)
              .createSerializer(new SerializerConfigImpl()));
      harness.open();
      StagedTransaction accepted =
          (StagedTransaction) stage.stage(event(transaction("a", T0, "c1", "t1", 10), 0));
      for (int index = 0; index < stage.entityStages(); index++) {
        EntityState state = stage.entity(index).newState();
        accepted = stage.applyTransaction(index, state, accepted);
      }
      EntityState busy = stage.entity(0).newState();
      busy.onTransaction(transaction("z", T0 + 5 * HOUR, "c1", "t1", 1));
      StagedTransaction late =
          stage.applyTransaction(
              0,
              busy,
              (StagedTransaction) stage.stage(event(transaction("b", T0, "c1", "t1", 10), 1)));

      harness.processElement(new StreamRecord<StageMessage>(accepted));
      harness.processElement(new StreamRecord<StageMessage>(late));

      List<FeatureVector> vectors = harness.extractOutputValues();
      assertThat(vectors).singleElement();
      assertThat(vectors.get(0).getTransactionId()).isEqualTo("a");
      assertThat(vectors.get(0).getFeatures())
          .containsKeys("TX_AMOUNT", "TERMINAL_ID_RISK_30DAY_WINDOW");
      List<DeadLetterRecord> letters = values(harness.getSideOutput(SideOutputs.DEAD_LETTERS));
      assertThat(letters).singleElement();
      assertThat(letters.get(0).topic()).isEqualTo("late-events");
    }
  }
}
