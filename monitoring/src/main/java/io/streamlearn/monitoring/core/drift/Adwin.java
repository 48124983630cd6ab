package io.streamlearn.monitoring.core.drift;

import io.streamlearn.monitoring.core.state.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * ADWIN, the ADaptive WINdowing change detector and mean estimator: A. Bifet and R. Gavaldà,
 * "Learning from Time-Changing Data with Adaptive Windowing", SIAM International Conference on Data
 * Mining (SDM), 2007.
 *
 * <p>ADWIN keeps a window of recent values, compressed into an exponential histogram: row {@code r}
 * holds up to {@code maxBuckets} buckets of {@code 2^r} values each (one more transiently, then the
 * two oldest merge into the next row), so the window of width {@code W} costs {@code O(M log W)}
 * memory. Every {@code clock} updates, while the window is wider than {@code minWidthToCheck}, each
 * split of the window at a bucket boundary into an older part {@code W0} and a newer part {@code
 * W1}, both longer than {@code minSubWindowLength + 1}, is tested; when the means differ by more
 * than
 *
 * <pre>
 *   eps = sqrt(2 m v dd) + 2/3 dd m,  m = 1/(n0 - L + 1) + 1/(n1 - L + 1),  dd = ln(2 ln W / delta)
 * </pre>
 *
 * (v the window variance, L the minimum sub-window length), the oldest bucket is dropped, a change
 * is flagged and the scan restarts. This is the variant of MOA's {@code ADWIN} (the January 2008
 * bound): on the same input it cuts its window at the same updates as MOA 2024.07.0's {@code ADWIN}
 * (same bucket rows, same check period, same order of floating-point operations), and with {@code
 * increasesOnly} it reports drifts at the same updates as MOA's {@code ADWINChangeDetector}. Unlike
 * MOA it does its size arithmetic in {@code long}, so windows wider than about 2<sup>16</sup>
 * values whose oldest bucket is dropped do not hit MOA's {@code int} overflow.
 *
 * <p>By default a change in either direction is a drift, as in the paper, River and MOA's {@code
 * ADWIN} class (which MOA's Hoeffding Adaptive Tree uses). With {@code increasesOnly} only a cut
 * that raises the estimated mean is reported, as MOA's {@code ADWINChangeDetector} does (what MOA's
 * Adaptive Random Forest uses, and what suits an error stream); {@link #windowShrunk()} still tells
 * of every cut.
 *
 * <p>Besides the change flag it exposes its estimate of the current mean ({@link #estimation()}),
 * the window width and variance. Not thread-safe.
 */
public final class Adwin implements ChangeDetector {

  /** MOA's default confidence: 0.002. */
  public static final double DEFAULT_DELTA = 0.002;

  /** MOA's default check period: the window is tested every 32 updates. */
  public static final int DEFAULT_CLOCK = 32;

  /** MOA's default number of buckets per row of the exponential histogram, M = 5. */
  public static final int DEFAULT_MAX_BUCKETS = 5;

  /** MOA's minimum sub-window length L = 5: each side of a split needs more than L + 1 values. */
  public static final int DEFAULT_MIN_SUB_WINDOW_LENGTH = 5;

  /** MOA's minimum width before any test: the window must hold more than 10 values. */
  public static final int DEFAULT_MIN_WIDTH_TO_CHECK = 10;

  private static final String KIND = "adwin";
  private static final int VERSION = 1;
  private static final double TWO_THIRDS = (double) 2 / 3;

  private final double delta;
  private final int clock;
  private final int maxBuckets;
  private final int minSubWindowLength;
  private final int minWidthToCheck;
  private final int slotsPerRow;
  private final boolean increasesOnly;

  // Row r occupies slots [r * slotsPerRow, r * slotsPerRow + counts[r]), oldest bucket first.
  private double[] totals;
  private double[] variances;
  private int[] counts;
  private int rows;
  private long time;
  private long width;
  private double total;
  private double variance;
  private long detections;
  private boolean shrunk;
  private boolean drift;
  private long cutOlderWidth;
  private double cutOlderMean = Double.NaN;
  private long cutRecentWidth;
  private double cutRecentMean = Double.NaN;

  /** ADWIN with MOA's defaults (delta 0.002, clock 32, M 5, L 5, minimum width 10). */
  public Adwin() {
    this(DEFAULT_DELTA);
  }

  /**
   * ADWIN that reports only increases of the mean, with the given confidence and MOA's other
   * defaults: MOA's {@code ADWINChangeDetector}.
   */
  public static Adwin increasesOnly(double delta) {
    return new Adwin(
        delta,
        DEFAULT_CLOCK,
        DEFAULT_MAX_BUCKETS,
        DEFAULT_MIN_SUB_WINDOW_LENGTH,
        DEFAULT_MIN_WIDTH_TO_CHECK,
        true);
  }

  /** ADWIN with the given confidence and MOA's other defaults. */
  public Adwin(double delta) {
    this(
        delta,
        DEFAULT_CLOCK,
        DEFAULT_MAX_BUCKETS,
        DEFAULT_MIN_SUB_WINDOW_LENGTH,
        DEFAULT_MIN_WIDTH_TO_CHECK);
  }

  /** Two-sided ADWIN with every other hyper-parameter given; see the six-argument constructor. */
  public Adwin(
      double delta, int clock, int maxBuckets, int minSubWindowLength, int minWidthToCheck) {
    this(delta, clock, maxBuckets, minSubWindowLength, minWidthToCheck, false);
  }

  /**
   * ADWIN with every hyper-parameter given.
   *
   * @param delta confidence in (0, 1): smaller means fewer false alarms and later detections
   * @param clock test the window every {@code clock} updates (&ge; 1)
   * @param maxBuckets buckets per row of the exponential histogram (&ge; 2)
   * @param minSubWindowLength L: both sides of a tested split must hold more than L + 1 values
   *     (&ge; 0)
   * @param minWidthToCheck no test while the window holds at most this many values (&ge; 0)
   * @param increasesOnly report only the cuts that raise the estimated mean
   */
  public Adwin(
      double delta,
      int clock,
      int maxBuckets,
      int minSubWindowLength,
      int minWidthToCheck,
      boolean increasesOnly) {
    StringBuilder errors = new StringBuilder();
    if (!(delta > 0 && delta < 1)) {
      errors.append(" delta must be in (0, 1), got ").append(delta).append(';');
    }
    if (clock < 1) {
      errors.append(" clock must be >= 1, got ").append(clock).append(';');
    }
    if (maxBuckets < 2) {
      errors.append(" maxBuckets must be >= 2, got ").append(maxBuckets).append(';');
    }
    if (minSubWindowLength < 0) {
      errors
          .append(" minSubWindowLength must be >= 0, got ")
          .append(minSubWindowLength)
          .append(';');
    }
    if (minWidthToCheck < 0) {
      errors.append(" minWidthToCheck must be >= 0, got ").append(minWidthToCheck).append(';');
    }
    if (errors.length() > 0) {
      throw new IllegalArgumentException("invalid ADWIN settings:" + errors);
    }
    this.delta = delta;
    this.clock = clock;
    this.maxBuckets = maxBuckets;
    this.minSubWindowLength = minSubWindowLength;
    this.minWidthToCheck = minWidthToCheck;
    this.slotsPerRow = maxBuckets + 1;
    this.increasesOnly = increasesOnly;
    reset();
  }

  @Override
  public void update(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("ADWIN takes finite values, got " + value);
    }
    double before = total / width;
    time++;
    insert(value);
    shrunk = false;
    cutOlderWidth = 0;
    cutRecentWidth = 0;
    cutOlderMean = Double.NaN;
    cutRecentMean = Double.NaN;
    if (time % clock == 0 && width > minWidthToCheck) {
      boolean cut = true;
      while (cut) {
        cut = scanAndDropOldest();
        if (cut) {
          shrunk = true;
        }
      }
    }
    drift = shrunk && (!increasesOnly || total / width > before);
    if (drift) {
      detections++;
    }
  }

  /**
   * Whether the latest update detected a change: the window was cut, and, if this detector reports
   * only increases, the estimated mean rose.
   */
  @Override
  public boolean driftDetected() {
    return drift;
  }

  /** Whether the latest update cut the window, whichever way the mean moved. */
  public boolean windowShrunk() {
    return shrunk;
  }

  @Override
  public void reset() {
    totals = new double[4 * slotsPerRow];
    variances = new double[4 * slotsPerRow];
    counts = new int[4];
    rows = 1;
    time = 0;
    width = 0;
    total = 0;
    variance = 0;
    detections = 0;
    shrunk = false;
    drift = false;
    cutOlderWidth = 0;
    cutRecentWidth = 0;
    cutOlderMean = Double.NaN;
    cutRecentMean = Double.NaN;
  }

  /** The mean of the values in the window; {@code NaN} while the window is empty. */
  public double estimation() {
    return total / width;
  }

  /** The number of values in the window. */
  public long width() {
    return width;
  }

  /** The (population) variance of the values in the window; {@code NaN} while it is empty. */
  public double variance() {
    return variance / width;
  }

  /** The sum of the values in the window. */
  public double total() {
    return total;
  }

  /**
   * When the latest update cut the window: the mean of the newer side of the split (of the window
   * before the cut) where the two sides differ most relative to ADWIN's bound, the best estimate of
   * the mean after the change; NaN if the latest update cut nothing.
   */
  public double cutRecentMean() {
    return cutRecentMean;
  }

  /** The length of the newer side of that split; 0 if the latest update cut nothing. */
  public long cutRecentWidth() {
    return cutRecentWidth;
  }

  /** The mean of the older side of that split (before the change); NaN if nothing was cut. */
  public double cutOlderMean() {
    return cutOlderMean;
  }

  /** The length of the older side of that split; 0 if nothing was cut. */
  public long cutOlderWidth() {
    return cutOlderWidth;
  }

  /** The number of updates at which a drift was reported since construction or reset. */
  public long detections() {
    return detections;
  }

  /** The number of buckets in the exponential histogram (memory is proportional to it). */
  public int bucketCount() {
    int n = 0;
    for (int r = 0; r < rows; r++) {
      n += counts[r];
    }
    return n;
  }

  /** The confidence delta. */
  public double delta() {
    return delta;
  }

  /** The check period. */
  public int clock() {
    return clock;
  }

  /** The number of buckets per row, M. */
  public int maxBuckets() {
    return maxBuckets;
  }

  /** The minimum sub-window length L. */
  public int minSubWindowLength() {
    return minSubWindowLength;
  }

  /** The window width up to which no test is made. */
  public int minWidthToCheck() {
    return minWidthToCheck;
  }

  /** Whether only increases of the mean are reported. */
  public boolean increasesOnly() {
    return increasesOnly;
  }

  private void insert(double value) {
    width++;
    appendBucket(0, value, 0);
    if (width > 1) {
      double d = value - total / (width - 1);
      variance += (width - 1) * d * d / width;
    }
    total += value;
    compress();
  }

  private void appendBucket(int row, double bucketTotal, double bucketVariance) {
    if (row == rows) {
      growTo(row + 1);
      rows = row + 1;
    }
    int slot = row * slotsPerRow + counts[row];
    totals[slot] = bucketTotal;
    variances[slot] = bucketVariance;
    counts[row]++;
  }

  private void growTo(int neededRows) {
    if (neededRows > counts.length) {
      int capacity = Math.max(neededRows, counts.length * 2);
      counts = Arrays.copyOf(counts, capacity);
      totals = Arrays.copyOf(totals, capacity * slotsPerRow);
      variances = Arrays.copyOf(variances, capacity * slotsPerRow);
    }
  }

  /** Merges the two oldest buckets of every overfull row into the next row, from row 0 up. */
  private void compress() {
    for (int row = 0; row < rows && counts[row] == maxBuckets + 1; row++) {
      int base = row * slotsPerRow;
      long n = 1L << row;
      double u1 = totals[base] / n;
      double u2 = totals[base + 1] / n;
      double merged = n * n * (u1 - u2) * (u1 - u2) / (n + n);
      appendBucket(
          row + 1, totals[base] + totals[base + 1], variances[base] + variances[base + 1] + merged);
      dropOldest(row, 2);
    }
  }

  private void dropOldest(int row, int k) {
    int base = row * slotsPerRow;
    int remaining = counts[row] - k;
    System.arraycopy(totals, base + k, totals, base, remaining);
    System.arraycopy(variances, base + k, variances, base, remaining);
    counts[row] = remaining;
  }

  /**
   * Tests every split from the oldest bucket on; at the first split whose sub-window means differ
   * significantly, drops the oldest bucket and returns true.
   */
  private boolean scanAndDropOldest() {
    long n0 = 0;
    long n1 = width;
    double u0 = 0;
    double u1 = total;
    double dd = Math.log(2 * Math.log(width) / delta);
    double v = variance / width;
    for (int row = rows - 1; row >= 0; row--) {
      long size = 1L << row;
      int base = row * slotsPerRow;
      for (int k = 0; k < counts[row]; k++) {
        double bucketTotal = totals[base + k];
        n0 += size;
        n1 -= size;
        u0 += bucketTotal;
        u1 -= bucketTotal;
        if (row == 0 && k == counts[row] - 1) {
          return false;
        }
        double difference = u0 / n0 - u1 / n1;
        if (n1 > minSubWindowLength + 1
            && n0 > minSubWindowLength + 1
            && exceedsBound(n0, n1, difference, dd, v)) {
          if (cutRecentWidth == 0) {
            recordSharpestSplit(dd, v);
          }
          dropOldestBucket();
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Records the split where the means differ most relative to the bound: the best estimate of where
   * the change happened, reported by {@link #cutOlderMean()} and {@link #cutRecentMean()}.
   */
  private void recordSharpestSplit(double dd, double v) {
    long n0 = 0;
    long n1 = width;
    double u0 = 0;
    double u1 = total;
    double best = -1;
    for (int row = rows - 1; row >= 0; row--) {
      long size = 1L << row;
      int base = row * slotsPerRow;
      for (int k = 0; k < counts[row]; k++) {
        n0 += size;
        n1 -= size;
        u0 += totals[base + k];
        u1 -= totals[base + k];
        if (n1 <= minSubWindowLength + 1) {
          return;
        }
        if (n0 > minSubWindowLength + 1) {
          double m =
              (double) 1 / (n0 - minSubWindowLength + 1)
                  + (double) 1 / (n1 - minSubWindowLength + 1);
          double epsilon = Math.sqrt(2 * m * v * dd) + TWO_THIRDS * dd * m;
          double sharpness = Math.abs(u0 / n0 - u1 / n1) / epsilon;
          if (sharpness > best) {
            best = sharpness;
            cutOlderWidth = n0;
            cutOlderMean = u0 / n0;
            cutRecentWidth = n1;
            cutRecentMean = u1 / n1;
          }
        }
      }
    }
  }

  private boolean exceedsBound(long n0, long n1, double difference, double dd, double v) {
    double m =
        (double) 1 / (n0 - minSubWindowLength + 1) + (double) 1 / (n1 - minSubWindowLength + 1);
    double epsilon = Math.sqrt(2 * m * v * dd) + TWO_THIRDS * dd * m;
    return Math.abs(difference) > epsilon;
  }

  private void dropOldestBucket() {
    int row = rows - 1;
    int base = row * slotsPerRow;
    long n = 1L << row;
    double bucketTotal = totals[base];
    width -= n;
    total -= bucketTotal;
    double u = bucketTotal / n;
    double d = u - total / width;
    variance -= variances[base] + n * width * d * d / (n + width);
    dropOldest(row, 1);
    if (counts[row] == 0 && rows > 1) {
      rows--;
    }
  }

  /**
   * Layout, version 1, after the {@link StateFormat} header {@code ("adwin", 1)}: {@code int}
   * maxBuckets (must match this detector's), {@code long} updates, {@code long} width, {@code
   * double} total, {@code double} variance sum, {@code long} detections, {@code boolean} cut flag,
   * {@code boolean} drift flag, the latest cut's {@code long} older width, {@code double} older
   * mean, {@code long} recent width and {@code double} recent mean, {@code int} rows, then per row
   * from row 0 (buckets of size 1) up: {@code int} count and count pairs of {@code double} (total,
   * variance sum), oldest first.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeInt(maxBuckets);
    out.writeLong(time);
    out.writeLong(width);
    out.writeDouble(total);
    out.writeDouble(variance);
    out.writeLong(detections);
    out.writeBoolean(shrunk);
    out.writeBoolean(drift);
    out.writeLong(cutOlderWidth);
    out.writeDouble(cutOlderMean);
    out.writeLong(cutRecentWidth);
    out.writeDouble(cutRecentMean);
    out.writeInt(rows);
    for (int r = 0; r < rows; r++) {
      out.writeInt(counts[r]);
      int base = r * slotsPerRow;
      for (int k = 0; k < counts[r]; k++) {
        out.writeDouble(totals[base + k]);
        out.writeDouble(variances[base + k]);
      }
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    int savedMaxBuckets = in.readInt();
    StateFormat.check(
        savedMaxBuckets == maxBuckets,
        KIND,
        "saved with maxBuckets " + savedMaxBuckets + ", this detector has " + maxBuckets);
    long newTime = in.readLong();
    long newWidth = in.readLong();
    double newTotal = in.readDouble();
    double newVariance = in.readDouble();
    long newDetections = in.readLong();
    boolean newShrunk = in.readBoolean();
    boolean newDrift = in.readBoolean();
    long newCutOlderWidth = in.readLong();
    double newCutOlderMean = in.readDouble();
    long newCutRecentWidth = in.readLong();
    double newCutRecentMean = in.readDouble();
    int newRows = in.readInt();
    StateFormat.check(newRows >= 1 && newRows <= 62, KIND, "row count " + newRows);
    int[] newCounts = new int[Math.max(4, newRows)];
    double[] newTotals = new double[newCounts.length * slotsPerRow];
    double[] newVariances = new double[newCounts.length * slotsPerRow];
    long buckets = 0;
    for (int r = 0; r < newRows; r++) {
      int count = in.readInt();
      StateFormat.check(count >= 0 && count <= maxBuckets, KIND, "bucket count " + count);
      newCounts[r] = count;
      for (int k = 0; k < count; k++) {
        newTotals[r * slotsPerRow + k] = in.readDouble();
        newVariances[r * slotsPerRow + k] = in.readDouble();
      }
      buckets += (long) count << r;
    }
    StateFormat.check(
        buckets == newWidth, KIND, "width " + newWidth + " but buckets hold " + buckets);
    StateFormat.check(newTime >= newWidth, KIND, "more values in the window than updates");
    StateFormat.check(newShrunk || !newDrift, KIND, "a drift without a cut");
    totals = newTotals;
    variances = newVariances;
    counts = newCounts;
    rows = newRows;
    time = newTime;
    width = newWidth;
    total = newTotal;
    variance = newVariance;
    detections = newDetections;
    shrunk = newShrunk;
    drift = newDrift;
    cutOlderWidth = newCutOlderWidth;
    cutOlderMean = newCutOlderMean;
    cutRecentWidth = newCutRecentWidth;
    cutRecentMean = newCutRecentMean;
  }

  @Override
  public String toString() {
    return "Adwin[delta="
        + delta
        + ", clock="
        + clock
        + ", width="
        + width
        + ", estimation="
        + estimation()
        + "]";
  }
}
