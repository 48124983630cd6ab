package io.streamlearn.monitoring.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.monitoring.core.stage.MonitoringPlan;
import io.streamlearn.monitoring.core.stage.Observation;
import io.streamlearn.monitoring.core.stage.StageInput;
import io.streamlearn.monitoring.testing.StageScenario;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ObserveFunctionTest {

  @Test
  void turnsAFeatureVectorIntoOneObservationPerDataDriftMonitorAtItsEventTime() throws Exception {
    FeatureVector vector = StageScenario.events().get(3).features();
    OneInputStreamOperatorTestHarness<
            Either<FeatureVector, DeadLetterRecord>, Tuple2<String, byte[]>>
        harness =
            ProcessFunctionTestHarnesses.forProcessFunction(
                new ObserveFunction<FeatureVector>(StageScenario.settings(), StageInput.FEATURES));
    try {

      harness.processElement(Either.Left(vector), vector.getEventTime().toEpochMilli());

      assertThat(harness.extractOutputStreamRecords())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getTimestamp()).isEqualTo(vector.getEventTime().toEpochMilli());
                assertThat(r.getValue().f0).isEqualTo("amount");
                assertThat(Observation.fromBytes("amount", r.getValue().f1))
                    .isEqualTo(
                        new MonitoringPlan(StageScenario.settings())
                            .observeFeatures(
                                vector.getEventTime().toEpochMilli(), vector.getFeatures())
                            .get(0));
              });
      assertThat(harness.getSideOutput(ObserveFunction.DEAD_LETTERS)).isNull();
    } finally {
      harness.close();
    }
  }

  @Test
  void sendsDeadLettersToTheSideOutputUntouched() throws Exception {
    DeadLetterRecord letter =
        DeadLetterRecord.of(
            new ProducerRecord<>(
                "labels.dlq", null, 5L, "k".getBytes(StandardCharsets.UTF_8), new byte[] {9}));
    OneInputStreamOperatorTestHarness<Either<Object, DeadLetterRecord>, Tuple2<String, byte[]>>
        harness =
            ProcessFunctionTestHarnesses.forProcessFunction(
                new ObserveFunction<Object>(StageScenario.settings(), StageInput.LABELS));
    try {

      harness.processElement(new StreamRecord<>(Either.Right(letter), 5L));

      assertThat(harness.extractOutputStreamRecords()).isEmpty();
      assertThat(harness.getSideOutput(ObserveFunction.DEAD_LETTERS))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getValue().topic).isEqualTo("labels.dlq");
                assertThat(r.getValue().value).containsExactly(9);
                assertThat(r.getValue().key).isEqualTo(letter.key);
                assertThat(r.getValue().timestamp).isEqualTo(5L);
              });
    } finally {
      harness.close();
    }
  }
}
