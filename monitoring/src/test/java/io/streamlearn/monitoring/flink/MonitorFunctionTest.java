package io.streamlearn.monitoring.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftAlertMapping;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.core.stage.MonitoringPlan;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.Observation;
import io.streamlearn.monitoring.testing.StageScenario;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MonitorFunctionTest {

  private final MonitoringStageSettings settings = StageScenario.settings();
  private final MonitoringPlan plan = new MonitoringPlan(settings);

  private KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, byte[]>, DriftAlert>
      harness() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, byte[]>, DriftAlert> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new MonitorFunction(settings)), t -> t.f0, Types.STRING);
    harness.setup(
        SpecificAvroTypeInfo.forClass(DriftAlert.class)
            .createSerializer(new SerializerConfigImpl()));
    return harness;
  }

  /** The scenario's observations in order, each with its event time. */
  private List<Observation> observations() {
    List<Observation> observations = new ArrayList<>();
    for (StageScenario.Event e : StageScenario.events()) {
      long t = e.eventTimeMillis();
      observations.addAll(plan.observeFeatures(t, e.features().getFeatures()));
      observations.addAll(plan.observePrediction(t, (Double) e.prediction().get("score")));
      observations.addAll(plan.observeLabel(t, e.label().getIsFraud()));
    }
    return observations;
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, byte[]>, DriftAlert> harness,
      Observation o)
      throws Exception {
    harness.processElement(
        new StreamRecord<>(Tuple2.of(o.monitor(), o.toBytes()), o.eventTimeMillis()));
  }

  private static List<AlertEvent> alerts(
      KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, byte[]>, DriftAlert> harness) {
    List<AlertEvent> alerts = new ArrayList<>();
    for (DriftAlert a : harness.extractOutputValues()) {
      alerts.add(DriftAlertMapping.fromAvro(a));
    }
    alerts.sort(Comparator.comparing(AlertEvent::alertId));
    return alerts;
  }

  @Test
  void raisesTheAlertsOfTheEngineFreeStage() throws Exception {
    var harness = harness();
    try {
      harness.open();
      for (Observation o : observations()) {
        feed(harness, o);
      }

      assertThat(alerts(harness)).isEqualTo(StageScenario.expectedAlerts(settings));
    } finally {
      harness.close();
    }
  }

  @Test
  void theWatermarkClosesTheOpenWindowAndLeavesNoTimerBehind() throws Exception {
    long hour = 3_600_000L;
    long shiftEnd = StageScenario.START.toEpochMilli() + (StageScenario.SHIFT_HOUR + 1) * hour;
    var harness = harness();
    try {
      harness.open();
      for (Observation o : observations()) {
        if (o.monitor().equals("amount") && o.eventTimeMillis() < shiftEnd) {
          feed(harness, o);
        }
      }
      assertThat(harness.numEventTimeTimers())
          .as("one timer: the end of the open window; the closed windows' timers were deleted")
          .isEqualTo(1);
      assertThat(harness.extractOutputValues()).isEmpty();

      harness.processWatermark(shiftEnd - 1);
      assertThat(harness.extractOutputValues()).isEmpty();
      harness.processWatermark(shiftEnd);

      assertThat(harness.extractOutputValues())
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.getWindowEnd().toEpochMilli()).isEqualTo(shiftEnd));
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(logLength(harness, "amount"))
          .as("the log holds only what came after the last snapshot")
          .isLessThan(settings.snapshotEvery());
    } finally {
      harness.close();
    }
  }

  private static int logLength(
      KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, byte[]>, DriftAlert> harness,
      String monitor)
      throws Exception {
    KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(monitor);
    ListState<byte[]> log =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new ListStateDescriptor<>(
                "monitor-log", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    int n = 0;
    for (byte[] ignored : log.get()) {
      n++;
    }
    return n;
  }

  @Test
  void aJobRestoredFromACheckpointRaisesTheSameAlertsAsOneThatRanThrough() throws Exception {
    List<Observation> observations = observations();
    int cut = observations.size() / 2 + 17;
    OperatorSubtaskState checkpoint;
    List<DriftAlert> before;
    var harness = harness();
    try {
      harness.open();
      for (Observation o : observations.subList(0, cut)) {
        feed(harness, o);
      }
      checkpoint = harness.snapshot(1L, 1L);
      before = new ArrayList<>(harness.extractOutputValues());
    } finally {
      harness.close();
    }
    var restored = harness();
    try {
      restored.initializeState(checkpoint);
      restored.open();
      for (Observation o : observations.subList(cut, observations.size())) {
        feed(restored, o);
      }
      List<AlertEvent> all = new ArrayList<>();
      before.forEach(a -> all.add(DriftAlertMapping.fromAvro(a)));
      all.addAll(alerts(restored));
      all.sort(Comparator.comparing(AlertEvent::alertId));

      assertThat(all).isEqualTo(StageScenario.expectedAlerts(settings));
    } finally {
      restored.close();
    }
  }
}
