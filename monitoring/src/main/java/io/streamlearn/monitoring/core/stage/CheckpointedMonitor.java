package io.streamlearn.monitoring.core.stage;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A {@link StageMonitor} whose state an engine keeps in its fault-tolerant store as a snapshot plus
 * a log: every input is appended to the log (a few dozen bytes), and every {@code snapshotEvery}
 * inputs the whole state is written and the log cleared. A monitor's state holds its reference
 * sample (tens of thousands of values) and is too large to rewrite per event; with the log, what
 * the store holds after any input is exactly the monitor after that input, so a restore (snapshot,
 * then the log replayed) continues where the monitor stood, on either engine, at whatever moment
 * the engine commits.
 *
 * <p>Log entries: {@code byte} 1 then {@link Observation#toBytes()} for an observation; {@code
 * byte} 2 then the {@code long} watermark for an {@link #advanceTo} that closed a window. Replayed
 * inputs raise no alerts: theirs were emitted before.
 */
public final class CheckpointedMonitor {

  /** Where an engine keeps one monitor's snapshot and log. */
  public interface Store {
    /** The last snapshot, or null when none was written. */
    byte[] snapshot();

    /** The log since the snapshot, oldest first. */
    Iterable<byte[]> log();

    void saveSnapshot(byte[] state);

    void appendLog(byte[] entry);

    void clearLog();
  }

  /**
   * What one input did.
   *
   * @param alerts the alerts raised
   * @param statistics the monitor's statistics when they changed, else empty
   * @param lateEvents observations found late (0 or 1)
   * @param snapshotBytes the size of the snapshot written, or -1 when none was
   */
  public record Outcome(
      List<AlertEvent> alerts,
      Map<String, Double> statistics,
      long lateEvents,
      int snapshotBytes) {}

  private static final byte OBSERVATION = 1;
  private static final byte WATERMARK = 2;

  private final StageMonitor monitor;
  private final int snapshotEvery;
  private int logged;

  private CheckpointedMonitor(StageMonitor monitor, int snapshotEvery) {
    this.monitor = monitor;
    this.snapshotEvery = snapshotEvery;
  }

  /**
   * The monitor {@code name} of {@code plan} as {@code store} holds it: fresh when the store is
   * empty, else its snapshot with the log replayed.
   *
   * @throws IllegalStateException when the stored state cannot be read (another monitor's, a newer
   *     layout, corrupt bytes): the store must be rebuilt by replaying the input
   */
  public static CheckpointedMonitor restore(MonitoringPlan plan, String name, Store store) {
    StageMonitor monitor = plan.newMonitor(name);
    CheckpointedMonitor restored =
        new CheckpointedMonitor(monitor, plan.settings().snapshotEvery());
    byte[] snapshot = store.snapshot();
    try {
      if (snapshot != null) {
        monitor.readState(new DataInputStream(new ByteArrayInputStream(snapshot)));
      }
      for (byte[] entry : store.log()) {
        restored.replay(entry);
        restored.logged++;
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot restore monitor '" + name + "' from its stored state: " + e.getMessage(), e);
    }
    return restored;
  }

  public StageMonitor monitor() {
    return monitor;
  }

  /** Feeds an observation, logs it, and snapshots when the log is long enough. */
  public Outcome observe(Observation observation, Store store) {
    long late = monitor.lateEvents();
    List<AlertEvent> alerts = monitor.observe(observation);
    byte[] payload = observation.toBytes();
    byte[] entry = new byte[payload.length + 1];
    entry[0] = OBSERVATION;
    System.arraycopy(payload, 0, entry, 1, payload.length);
    int snapshot = log(entry, store);
    return new Outcome(
        alerts, monitor.takeChangedStatistics(), monitor.lateEvents() - late, snapshot);
  }

  /**
   * Advances event time; when that closes a window, logs it (and snapshots when the log is long
   * enough).
   */
  public Outcome advanceTo(long watermarkMillis, Store store) {
    OptionalLong before = monitor.openWindowEndMillis();
    List<AlertEvent> alerts = monitor.advanceTo(watermarkMillis);
    if (before.equals(monitor.openWindowEndMillis())) {
      return new Outcome(alerts, Map.of(), 0, -1);
    }
    byte[] entry = ByteBuffer.allocate(9).put(WATERMARK).putLong(watermarkMillis).array();
    int snapshot = log(entry, store);
    return new Outcome(alerts, monitor.takeChangedStatistics(), 0, snapshot);
  }

  /** Writes a snapshot now and clears the log; returns its size. */
  public int snapshot(Store store) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      monitor.writeState(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] state = bytes.toByteArray();
    store.saveSnapshot(state);
    store.clearLog();
    logged = 0;
    return state.length;
  }

  /** Inputs logged since the last snapshot. */
  public int logged() {
    return logged;
  }

  private int log(byte[] entry, Store store) {
    Objects.requireNonNull(store, "store");
    if (logged + 1 >= snapshotEvery) {
      return snapshot(store);
    }
    store.appendLog(entry);
    logged++;
    return -1;
  }

  private void replay(byte[] entry) {
    if (entry.length == 0) {
      throw new IllegalArgumentException("empty log entry");
    }
    if (entry[0] == OBSERVATION) {
      byte[] payload = new byte[entry.length - 1];
      System.arraycopy(entry, 1, payload, 0, payload.length);
      monitor.observe(Observation.fromBytes(monitor.name(), payload));
    } else if (entry[0] == WATERMARK && entry.length == 9) {
      monitor.advanceTo(ByteBuffer.wrap(entry, 1, 8).getLong());
    } else {
      throw new IllegalArgumentException("unknown log entry of type " + entry[0]);
    }
  }
}
