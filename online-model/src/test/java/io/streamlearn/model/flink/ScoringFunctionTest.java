package io.streamlearn.model.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.model.ScoringSnapshots;
import io.streamlearn.model.TestEvents;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.ServingModel;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScoringFunctionTest {

  private static final ModelStageSettings SETTINGS = ModelStageSettings.defaults("fraud");

  private BroadcastOperatorTestHarness<
          io.streamlearn.features.avro.FeatureVector, ModelSnapshot, Prediction>
      harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        Harnesses.broadcast(
            new ScoringFunction(SETTINGS), Prediction.class, ScoringFunction.SNAPSHOTS);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static ModelSnapshot snapshot(int n, long version) {
    return ScoringSnapshots.trained(SETTINGS, n, version);
  }

  @Test
  void shouldScoreWithTheUntrainedModelBeforeAnySnapshot() throws Exception {
    TestEvents.Event e = TestEvents.stream(1, 1, -1).get(0);
    harness.processElement(e.features(), 10L);

    Prediction p = harness.extractOutputValues().get(0);
    assertThat(p.getModelVersion()).isZero();
    assertThat(p.getTransactionId()).isEqualTo(e.id());
    assertThat(p.getScore())
        .isEqualTo(
            ServingModel.untrained(SETTINGS).score(e.features().getFeatures()).probability());
  }

  @Test
  void shouldServeTheBroadcastSnapshotFromTheNextVector() throws Exception {
    ModelSnapshot snapshot = snapshot(200, 3);
    TestEvents.Event e = TestEvents.stream(2, 1, -1).get(0);
    harness.processBroadcastElement(snapshot, 1L);
    harness.processElement(e.features(), 10L);

    Prediction p = harness.extractOutputValues().get(0);
    assertThat(p.getModelVersion()).isEqualTo(3);
    assertThat(p.getScore())
        .isEqualTo(
            ServingModel.of(SETTINGS, ModelAvroMapping.fromAvro(snapshot))
                .score(e.features().getFeatures())
                .probability());
  }

  @Test
  void shouldKeepTheNewestSnapshotWhenAnOlderOneArrivesLater() throws Exception {
    harness.processBroadcastElement(snapshot(200, 5), 1L);
    harness.processBroadcastElement(snapshot(100, 4), 2L);

    assertThat(harness.getBroadcastState(ScoringFunction.SNAPSHOTS).get("fraud").getVersion())
        .isEqualTo(5);
    harness.processElement(TestEvents.stream(3, 1, -1).get(0).features(), 10L);
    assertThat(harness.extractOutputValues().get(0).getModelVersion()).isEqualTo(5);
  }

  @Test
  void shouldEmitTheScoredEventForTheLabelJoinWithTheImputedFeatures() throws Exception {
    harness.processBroadcastElement(snapshot(200, 2), 1L);
    Map<String, Double> x = new HashMap<>(Map.of("a", 0.3, "c", 0.5));
    x.put("b", Double.NaN);
    harness.processElement(TestEvents.features("tx-9", 1_000L, "C3", x), 1_000L);

    List<StreamRecord<Tuple2<String, byte[]>>> scored =
        List.copyOf(harness.getSideOutput(ScoringFunction.SCORED));
    ScoredEvent event = ExampleCodec.decodeScored(scored.get(0).getValue().f1);
    assertThat(scored.get(0).getValue().f0).isEqualTo("tx-9");
    assertThat(scored.get(0).getTimestamp()).isEqualTo(1_000L);
    assertThat(event.features().imputed()).containsExactly("b");
    assertThat(event.modelVersion()).isEqualTo(2);
    assertThat(event.entityIds()).containsEntry("customerId", "C3");
    assertThat(harness.extractOutputValues().get(0).getImputedFeatures()).isEqualTo(1);
  }

  @Test
  void shouldKeepServingTheCurrentModelWhenASnapshotCannotBeRead() throws Exception {
    harness.processBroadcastElement(snapshot(200, 2), 1L);
    harness.processElement(TestEvents.stream(4, 1, -1).get(0).features(), 10L);
    ModelSnapshot corrupt =
        ModelSnapshot.newBuilder(snapshot(200, 3))
            .setState(ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .build();
    harness.processBroadcastElement(corrupt, 11L);
    harness.processElement(TestEvents.stream(5, 1, -1).get(0).features(), 12L);

    assertThat(harness.extractOutputValues())
        .extracting(Prediction::getModelVersion)
        .containsExactly(2L, 2L);
  }
}
