package io.streamlearn.monitoring.core.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckpointedMonitorTest {

  private static final long HOUR = 3_600_000L;

  /** A store kept in memory, as an engine's store would hold it. */
  private static final class MemoryStore implements CheckpointedMonitor.Store {
    byte[] snapshot;
    final List<byte[]> log = new ArrayList<>();
    int snapshots;

    @Override
    public byte[] snapshot() {
      return snapshot;
    }

    @Override
    public Iterable<byte[]> log() {
      return new ArrayList<>(log);
    }

    @Override
    public void saveSnapshot(byte[] state) {
      snapshot = state;
      snapshots++;
    }

    @Override
    public void appendLog(byte[] entry) {
      log.add(entry);
    }

    @Override
    public void clearLog() {
      log.clear();
    }
  }

  private static final MonitoringPlan PLAN =
      new MonitoringPlan(
          MonitoringStageSettings.fromMap(
              Map.of(
                  "snapshotEvery",
                  100,
                  "monitors",
                  List.of(
                      Map.of(
                          "name", "score",
                          "type", "prediction-drift",
                          "reference", Map.of("size", 300),
                          "window", "1h",
                          "warmup", "0s",
                          "cooldown", "0s")))));

  private static List<Observation> scores() {
    Random random = new Random(4);
    List<Observation> stream = new ArrayList<>();
    for (long t = 0; t < 12 * HOUR; t += 15_000) {
      double mean = t >= 7 * HOUR ? 0.4 : 0.1;
      stream.addAll(PLAN.observePrediction(t, mean + 0.05 * random.nextGaussian()));
    }
    return stream;
  }

  @Test
  void logsEachInputAndSnapshotsEveryHundredSoTheLogStaysShort() {
    MemoryStore store = new MemoryStore();
    CheckpointedMonitor monitor = CheckpointedMonitor.restore(PLAN, "score", store);
    List<Observation> stream = scores();

    for (Observation o : stream) {
      monitor.observe(o, store);
    }

    assertThat(store.snapshots).isEqualTo(stream.size() / 100);
    assertThat(store.log).hasSize(stream.size() % 100);
    assertThat(monitor.logged()).isEqualTo(store.log.size());
  }

  @Test
  void aMonitorRestoredFromItsStoreAtAnyPointRaisesTheSameAlerts() {
    List<Observation> stream = scores();
    MemoryStore reference = new MemoryStore();
    CheckpointedMonitor uninterrupted = CheckpointedMonitor.restore(PLAN, "score", reference);
    List<AlertEvent> expected = new ArrayList<>();
    for (Observation o : stream) {
      expected.addAll(uninterrupted.observe(o, reference).alerts());
    }
    assertThat(expected).isNotEmpty();

    for (int crash : new int[] {1, 99, 100, 101, 1234, stream.size() - 1}) {
      MemoryStore store = new MemoryStore();
      CheckpointedMonitor monitor = CheckpointedMonitor.restore(PLAN, "score", store);
      List<AlertEvent> alerts = new ArrayList<>();
      for (int i = 0; i < stream.size(); i++) {
        if (i == crash) {
          monitor = CheckpointedMonitor.restore(PLAN, "score", store);
        }
        alerts.addAll(monitor.observe(stream.get(i), store).alerts());
      }
      assertThat(alerts).as("restored before input %d", crash).isEqualTo(expected);
    }
  }

  @Test
  void aWindowClosedByTheWatermarkIsReplayedFromTheLog() {
    List<Observation> stream = scores();
    MemoryStore store = new MemoryStore();
    CheckpointedMonitor monitor = CheckpointedMonitor.restore(PLAN, "score", store);
    int i = 0;
    while (stream.get(i).eventTimeMillis() < 8 * HOUR - 60_000) {
      monitor.observe(stream.get(i++), store);
    }
    CheckpointedMonitor.Outcome closed = monitor.advanceTo(8 * HOUR, store);
    assertThat(closed.alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.windowStartMillis()).isEqualTo(7 * HOUR));
    assertThat(monitor.advanceTo(8 * HOUR + 1, store).alerts()).isEmpty();

    CheckpointedMonitor restored = CheckpointedMonitor.restore(PLAN, "score", store);

    assertThat(restored.monitor().openWindowEndMillis()).isEmpty();
    assertThat(restored.monitor().statistics()).isEqualTo(monitor.monitor().statistics());
    Observation late = new Observation("score", 8 * HOUR - 1, new double[] {0.5}, new String[0]);
    assertThat(restored.observe(late, store).lateEvents()).as("its window is closed").isEqualTo(1);
  }

  @Test
  void refusesAStoreItCannotRead() {
    MemoryStore store = new MemoryStore();
    store.snapshot = new byte[] {1, 2, 3};

    assertThatThrownBy(() -> CheckpointedMonitor.restore(PLAN, "score", store))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot restore monitor 'score'");
  }
}
