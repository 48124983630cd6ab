package io.streamlearn.monitoring.metrics;

import java.util.Objects;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Event-to-prediction latencies in milliseconds over a sliding window of processing time, in
 * HdrHistogram (three significant digits at any magnitude, constant cost per value): the window is
 * cut into {@value #SLOTS} interval histograms that rotate, and percentiles are read from their
 * union. Recording is wait-free and may come from several threads.
 */
public final class LatencyHistogram {

  /** Interval histograms per window. */
  public static final int SLOTS = 6;

  private final Recorder recorder = new Recorder(3);
  private final Histogram[] slots = new Histogram[SLOTS];
  private final long slotMillis;
  private final LongSupplier clockMillis;
  private volatile long nextRotationMillis;
  private int current;
  private Histogram recycled;
  private long totalCount;

  /**
   * A histogram over the last {@code windowMillis} (about: the oldest slot drops out whole).
   *
   * @param windowMillis the window, at least {@value #SLOTS} ms
   * @param clockMillis processing time in milliseconds (e.g. {@code System::currentTimeMillis})
   */
  public LatencyHistogram(long windowMillis, LongSupplier clockMillis) {
    if (windowMillis < SLOTS) {
      throw new IllegalArgumentException("windowMillis must be >= " + SLOTS + ": " + windowMillis);
    }
    this.slotMillis = windowMillis / SLOTS;
    this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new Histogram(3);
    }
    this.nextRotationMillis = clockMillis.getAsLong() + slotMillis;
  }

  /** Records one latency; a negative one (clocks out of step) counts as 0. */
  public void recordMillis(long latencyMillis) {
    if (clockMillis.getAsLong() >= nextRotationMillis) {
      rotate();
    }
    recorder.recordValue(Math.max(0, latencyMillis));
  }

  /** The percentiles of the window now. */
  public synchronized Snapshot snapshot() {
    rotateLocked();
    Histogram union = new Histogram(3);
    for (Histogram slot : slots) {
      union.add(slot);
    }
    recycled = recorder.getIntervalHistogram(recycled);
    slots[current].add(recycled);
    totalCount += recycled.getTotalCount();
    union.add(recycled);
    return new Snapshot(union, totalCount);
  }

  /**
   * The percentiles of several histograms' windows together, e.g. of the parallel instances of an
   * operator.
   */
  public static Snapshot union(Iterable<LatencyHistogram> histograms) {
    Histogram union = new Histogram(3);
    long total = 0;
    for (LatencyHistogram h : histograms) {
      Snapshot s = h.snapshot();
      union.add(s.histogram);
      total += s.totalCount;
    }
    return new Snapshot(union, total);
  }

  private synchronized void rotate() {
    rotateLocked();
  }

  private void rotateLocked() {
    long now = clockMillis.getAsLong();
    if (now < nextRotationMillis) {
      return;
    }
    recycled = recorder.getIntervalHistogram(recycled);
    slots[current].add(recycled);
    totalCount += recycled.getTotalCount();
    long elapsedSlots = (now - nextRotationMillis) / slotMillis + 1;
    for (long i = 0; i < Math.min(elapsedSlots, SLOTS); i++) {
      current = (current + 1) % SLOTS;
      slots[current].reset();
    }
    nextRotationMillis += elapsedSlots * slotMillis;
  }

  /** The latencies of a window: its values and all-time count. */
  public static final class Snapshot {
    private final Histogram histogram;
    private final long totalCount;

    Snapshot(Histogram histogram, long totalCount) {
      this.histogram = histogram;
      this.totalCount = totalCount;
    }

    /** Values in the window. */
    public long count() {
      return histogram.getTotalCount();
    }

    /** Values recorded since the start, in or out of the window. */
    public long totalCount() {
      return totalCount;
    }

    /** The {@code q}-quantile in milliseconds, q in [0, 1]; NaN when the window is empty. */
    public double quantileMillis(double q) {
      if (histogram.getTotalCount() == 0) {
        return Double.NaN;
      }
      return histogram.getValueAtPercentile(q * 100.0);
    }

    /** The largest value in milliseconds; NaN when empty. */
    public double maxMillis() {
      return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue();
    }

    /** The smallest value in milliseconds; NaN when empty. */
    public double minMillis() {
      return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMinValue();
    }

    /** The mean in milliseconds; NaN when empty. */
    public double meanMillis() {
      return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMean();
    }

    /** The standard deviation in milliseconds; NaN when empty. */
    public double stdDevMillis() {
      return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getStdDeviation();
    }

    /** Every value in the window at the histogram's precision, one per count, ascending. */
    public long[] values() {
      long n = histogram.getTotalCount();
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("too many values to list: " + n);
      }
      long[] values = new long[(int) n];
      int i = 0;
      for (var v : histogram.recordedValues()) {
        long value = histogram.highestEquivalentValue(v.getValueIteratedTo());
        for (long c = 0; c < v.getCountAtValueIteratedTo(); c++) {
          values[i++] = value;
        }
      }
      return values;
    }
  }
}
