package io.streamlearn.monitoring.core.monitor;

import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which detections become alerts, so a lasting change raises one alert, not a storm. A
 * logical monitor is a (monitor, subject) pair, e.g. the data-drift monitor on feature {@code
 * amount}. For each pair:
 *
 * <ul>
 *   <li>at most one alert per window (identified by the caller, e.g. the window's start);
 *   <li>no alert until {@code cooldownMillis} of event time have passed since the previous one.
 * </ul>
 *
 * Suppressed detections are counted ({@link #suppressed()}), not lost silently. Event time only;
 * the policy never reads the clock.
 */
public final class AlertPolicy implements Stateful {

  private static final String KIND = "alert-policy";
  private static final int VERSION = 1;

  private final long cooldownMillis;
  private final TreeMap<String, long[]> last = new TreeMap<>(); // key -> {window, alert time}
  private long suppressed;

  /** A policy with the given cooldown in event-time milliseconds (&ge; 0). */
  public AlertPolicy(long cooldownMillis) {
    if (cooldownMillis < 0) {
      throw new IllegalArgumentException("cooldownMillis must be >= 0, got " + cooldownMillis);
    }
    this.cooldownMillis = cooldownMillis;
  }

  /**
   * Whether a detection by {@code monitor} on {@code subject} in window {@code windowId} at {@code
   * eventTimeMillis} becomes an alert; if it does, it is recorded.
   */
  public boolean admit(String monitor, String subject, long windowId, long eventTimeMillis) {
    String key = monitor + '\u0000' + subject;
    long[] previous = last.get(key);
    if (previous != null
        && (previous[0] == windowId || eventTimeMillis - previous[1] < cooldownMillis)) {
      suppressed++;
      return false;
    }
    last.put(key, new long[] {windowId, eventTimeMillis});
    return true;
  }

  public long cooldownMillis() {
    return cooldownMillis;
  }

  /** Detections not turned into alerts. */
  public long suppressed() {
    return suppressed;
  }

  public void reset() {
    last.clear();
    suppressed = 0;
  }

  /**
   * Layout, version 1, after the header {@code ("alert-policy", 1)}: {@code long} suppressed,
   * {@code int} entries, then per entry in key order: {@code UTF} monitor, {@code UTF} subject,
   * {@code long} window, {@code long} alert time.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeLong(suppressed);
    out.writeInt(last.size());
    for (Map.Entry<String, long[]> e : last.entrySet()) {
      int split = e.getKey().indexOf('\u0000');
      out.writeUTF(e.getKey().substring(0, split));
      out.writeUTF(e.getKey().substring(split + 1));
      out.writeLong(e.getValue()[0]);
      out.writeLong(e.getValue()[1]);
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    long newSuppressed = in.readLong();
    int n = in.readInt();
    StateFormat.check(n >= 0 && newSuppressed >= 0, KIND, "negative count");
    TreeMap<String, long[]> restored = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String monitor = in.readUTF();
      String subject = in.readUTF();
      restored.put(monitor + '\u0000' + subject, new long[] {in.readLong(), in.readLong()});
    }
    last.clear();
    last.putAll(restored);
    suppressed = newSuppressed;
  }
}
