package io.streamlearn.monitoring.core.monitor;

import io.streamlearn.monitoring.core.drift.Adwin;
import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import io.streamlearn.monitoring.core.stats.RateComparisonTest;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Watches the rate of positive labels (e.g. the fraud rate) for a change in either direction. A
 * rising rate may be an attack; a falling one may be labels going missing. A detection becomes a
 * {@link DriftKind#LABEL_RATE_DRIFT} alert on subject {@code label_rate} through the {@link
 * AlertPolicy}. Two tests ({@link LabelRateDriftSettings.Test}):
 *
 * <ul>
 *   <li><b>ADWIN</b>: a two-sided {@link Adwin} over the 0/1 labels. Statistic: the rate after the
 *       change; reference: the rate before it (the two sides of ADWIN's sharpest split); threshold:
 *       delta; no p-value; window from the first label after the previous detection to the
 *       detecting one.
 *   <li><b>BINOMIAL</b>: labels counted in tumbling event-time windows of {@code windowMillis}
 *       (aligned on the epoch, dividing a day). When a window closes and {@code referenceDays} days
 *       of windows precede it, two exact rate tests ({@link RateComparisonTest}, two-sided): the
 *       window against the same window of the day on each reference day (a seasonal reference: the
 *       rate may depend on the time of day), and the last day (the window and those before it)
 *       against the reference days before that day. With {@code estimateDispersion}, counts are
 *       divided by the reference's design effect first (clustered positives vary more than
 *       binomially; see {@code Scale.of}). A window alarms when the smaller p-value, times two
 *       (Bonferroni over the two scales, when they differ), is at most alpha. Statistic: the
 *       current rate at the alarming scale; reference: the reference's rate; p-value: the raw
 *       two-sided one; threshold: alpha; window: the tested window (one window, or the last day). A
 *       label older than the open window is late: counted, not tested.
 * </ul>
 *
 * CRITICAL when the rate moved by half of its previous value or more, WARNING otherwise.
 */
public final class LabelRateDriftMonitor implements Stateful {

  /** The subject of label-rate alerts. */
  public static final String SUBJECT = "label_rate";

  private static final String KIND = "label-rate-drift-monitor";
  private static final int VERSION = 2;

  private final LabelRateDriftSettings settings;
  private final String monitor;
  private final boolean binomial;
  private AlertPolicy policy;
  private long labels;
  private long detections;

  // ADWIN
  private Adwin adwin;
  private boolean started;
  private long windowStart;

  // BINOMIAL: counts of the open window and the (referenceDays + 1) days of windows up to it
  private final long window;
  private final int perDay;
  private final int ring;
  private long[] positives;
  private long[] counts;
  private boolean open;
  private long firstWindow;
  private long openWindow;
  private long emptyCloses;
  private long windowsClosed;
  private long late;
  private double lastDayRate = Double.NaN;

  public LabelRateDriftMonitor(LabelRateDriftSettings settings) {
    this.settings = settings;
    this.monitor = settings.monitor();
    this.binomial = settings.test() == LabelRateDriftSettings.Test.BINOMIAL;
    this.adwin = new Adwin(settings.delta());
    this.policy = new AlertPolicy(settings.cooldownMillis());
    this.window = settings.windowMillis();
    this.perDay = settings.windowsPerDay();
    this.ring = binomial ? (settings.referenceDays() + 1) * perDay : 0;
    this.positives = new long[ring];
    this.counts = new long[ring];
  }

  public LabelRateDriftSettings settings() {
    return settings;
  }

  /** Feeds one label; returns the alerts raised (a detection, or the windows it closed). */
  public List<AlertEvent> observe(long eventTimeMillis, boolean positive) {
    labels++;
    if (binomial) {
      return observeCounted(eventTimeMillis, positive);
    }
    if (!started) {
      started = true;
      windowStart = eventTimeMillis;
    }
    double value = positive ? 1.0 : 0.0;
    adwin.update(value);
    if (!adwin.driftDetected()) {
      return List.of();
    }
    detections++;
    double before = adwin.cutOlderMean();
    double after = adwin.cutRecentMean();
    long start = windowStart;
    started = false; // the next label opens the next window
    long end = Math.max(start, eventTimeMillis);
    if (!policy.admit(monitor, SUBJECT, start, eventTimeMillis)) {
      return List.of();
    }
    Map<String, Double> reference = new LinkedHashMap<>();
    reference.put("n", (double) adwin.cutOlderWidth());
    reference.put(SUBJECT, before);
    Map<String, Double> current = new LinkedHashMap<>();
    current.put("n", (double) adwin.cutRecentWidth());
    current.put(SUBJECT, after);
    return List.of(
        alert(
            "ADWIN",
            after,
            OptionalDouble.empty(),
            adwin.delta(),
            start,
            end,
            before,
            reference,
            current));
  }

  /**
   * Tells the monitor that event time has reached {@code watermarkMillis}: closes the windows that
   * end at or before it ({@link LabelRateDriftSettings.Test#BINOMIAL}; nothing for ADWIN) and
   * returns their alerts.
   */
  public List<AlertEvent> advanceTo(long watermarkMillis) {
    if (!binomial || !open || watermarkMillis < (openWindow + 1) * window) {
      return List.of();
    }
    return closeUntil(Math.floorDiv(watermarkMillis, window));
  }

  /** The end of the open window ({@link LabelRateDriftSettings.Test#BINOMIAL}), if any. */
  public OptionalLong openWindowEndMillis() {
    return binomial && open ? OptionalLong.of((openWindow + 1) * window) : OptionalLong.empty();
  }

  private List<AlertEvent> observeCounted(long eventTimeMillis, boolean positive) {
    long w = Math.floorDiv(eventTimeMillis, window);
    if (!open) {
      open = true;
      firstWindow = w;
      openWindow = w;
      clear(w);
    }
    if (w < openWindow) {
      late++;
      return List.of();
    }
    List<AlertEvent> alerts = w > openWindow ? closeUntil(w) : List.of();
    int i = index(w);
    counts[i]++;
    if (positive) {
      positives[i]++;
    }
    return alerts;
  }

  /**
   * Closes the open window and every (empty) one after it before {@code next}, opens {@code next}.
   */
  private List<AlertEvent> closeUntil(long next) {
    List<AlertEvent> alerts = new ArrayList<>(0);
    while (openWindow < next) {
      if (emptyCloses > ring && counts[index(openWindow)] == 0) {
        // every count in the ring is zero: the windows until next would close untested
        windowsClosed += next - openWindow;
        openWindow = next;
        clear(next);
        lastDayRate = Double.NaN;
        break;
      }
      alerts.addAll(closeOpenWindow());
      openWindow++;
      clear(openWindow);
    }
    return alerts;
  }

  private void clear(long w) {
    int i = index(w);
    positives[i] = 0;
    counts[i] = 0;
  }

  private int index(long w) {
    return (int) Math.floorMod(w, (long) ring);
  }

  private List<AlertEvent> closeOpenWindow() {
    long w = openWindow;
    windowsClosed++;
    emptyCloses = counts[index(w)] == 0 ? emptyCloses + 1 : 0;
    long dayPositives = 0;
    long dayCounts = 0;
    for (int j = 0; j < perDay && w - j >= firstWindow; j++) {
      dayPositives += positives[index(w - j)];
      dayCounts += counts[index(w - j)];
    }
    lastDayRate = dayCounts > 0 ? (double) dayPositives / dayCounts : Double.NaN;
    if (w - firstWindow + 1 < ring) {
      return List.of(); // the reference is not complete yet
    }
    int referenceDays = settings.referenceDays();
    // scale 1: the window against the same window of the day on the reference days
    long[] slotPositives = new long[referenceDays];
    long[] slotCounts = new long[referenceDays];
    for (int d = 1; d <= referenceDays; d++) {
      slotPositives[d - 1] = positives[index(w - (long) d * perDay)];
      slotCounts[d - 1] = counts[index(w - (long) d * perDay)];
    }
    Scale slot =
        Scale.of(
            w * window,
            positives[index(w)],
            counts[index(w)],
            slotPositives,
            slotCounts,
            settings.estimateDispersion() ? windowDesignEffect(w) : 1.0);
    // scale 2: the last day against the reference days before it
    Scale day = null;
    if (perDay > 1) {
      long[] dayRefPositives = new long[referenceDays];
      long[] dayRefCounts = new long[referenceDays];
      for (int j = perDay; j < ring; j++) {
        dayRefPositives[j / perDay - 1] += positives[index(w - j)];
        dayRefCounts[j / perDay - 1] += counts[index(w - j)];
      }
      day =
          Scale.of(
              (w - perDay + 1) * window,
              dayPositives,
              dayCounts,
              dayRefPositives,
              dayRefCounts,
              settings.estimateDispersion()
                  ? Scale.designEffect(dayRefPositives, dayRefCounts)
                  : 1.0);
    }
    int tests = day == null ? 1 : 2;
    Scale best = slot;
    if (day != null && (best == null || (day.pValue < best.pValue))) {
      best = day;
    }
    if (best == null) {
      return List.of();
    }
    double adjusted = Math.min(1.0, best.pValue * tests);
    if (adjusted > settings.alpha()) {
      return List.of();
    }
    detections++;
    long end = (w + 1) * window;
    if (!policy.admit(monitor, SUBJECT, w * window, end)) {
      return List.of();
    }
    double before = (double) best.refPositives / best.refCounts;
    double after = (double) best.positives / best.counts;
    Map<String, Double> reference = new LinkedHashMap<>();
    reference.put("days", (double) referenceDays);
    reference.put("n", (double) best.refCounts);
    reference.put("positives", (double) best.refPositives);
    reference.put(SUBJECT, before);
    Map<String, Double> current = new LinkedHashMap<>();
    current.put("n", (double) best.counts);
    current.put("positives", (double) best.positives);
    current.put("expected_positives", best.expected);
    current.put("design_effect", best.designEffect);
    current.put(SUBJECT, after);
    current.put("alpha", settings.alpha());
    current.put("adjusted_p_value", adjusted);
    current.put("window_hours", (end - best.startMillis) / 3_600_000.0);
    return List.of(
        alert(
            "BINOMIAL",
            after,
            OptionalDouble.of(best.pValue),
            settings.alpha(),
            best.startMillis,
            end,
            before,
            reference,
            current));
  }

  /**
   * One scale's test: counts of the current and the reference, the design effect, the two-sided
   * p-value.
   */
  private record Scale(
      long startMillis,
      long positives,
      long counts,
      long refPositives,
      long refCounts,
      double designEffect,
      double expected,
      double pValue) {

    /**
     * The test of {@code x1} of {@code n1} against the reference periods (one per reference day),
     * or null when either side has no label (no rate to compare). Positives come in clusters (a
     * compromised terminal, a stolen card), so their counts vary more than binomially: the design
     * effect {@code phi} (Pearson's χ² of reference periods about their rate over its degrees of
     * freedom, at least 1) divides every count before the exact test (Rao and Scott, 1992), rounded
     * to whole counts.
     */
    static Scale of(long start, long x1, long n1, long[] x0s, long[] n0s, double phi) {
      long x0 = 0;
      long n0 = 0;
      for (int i = 0; i < x0s.length; i++) {
        x0 += x0s[i];
        n0 += n0s[i];
      }
      if (n1 == 0 || n0 == 0) {
        return null;
      }
      long ex1 = Math.round(x1 / phi);
      long en1 = Math.max(1, Math.max(ex1, Math.round(n1 / phi)));
      long ex0 = Math.round(x0 / phi);
      long en0 = Math.max(1, Math.max(ex0, Math.round(n0 / phi)));
      RateComparisonTest.Result r = RateComparisonTest.test(ex1, en1, ex0, en0);
      double expected = (double) (x0 + x1) * n1 / ((double) n0 + n1);
      return new Scale(start, x1, n1, x0, n0, phi, expected, r.twoSided());
    }

    /**
     * Pearson's χ² of the periods about their common rate over its degrees of freedom, at least 1;
     * 1 when there are fewer than two periods with labels or no positive.
     */
    static double designEffect(long[] x, long[] n) {
      ChiSquareSum sum = new ChiSquareSum();
      sum.add(x, n, 0, 1, x.length);
      return sum.designEffect();
    }
  }

  /** Pearson's χ² and its degrees of freedom, accumulated over groups of periods. */
  private static final class ChiSquareSum {
    double chiSquare;
    int degreesOfFreedom;

    /** Adds the group of periods {@code from, from + step, ...} ({@code count} of them). */
    void add(long[] x, long[] n, int from, int step, int count) {
      long xs = 0;
      long ns = 0;
      int periods = 0;
      for (int i = 0, j = from; i < count; i++, j += step) {
        xs += x[j];
        ns += n[j];
        periods += n[j] > 0 ? 1 : 0;
      }
      double rate = ns > 0 ? (double) xs / ns : 0;
      if (periods < 2 || rate <= 0 || rate >= 1) {
        return;
      }
      for (int i = 0, j = from; i < count; i++, j += step) {
        if (n[j] > 0) {
          double e = n[j] * rate;
          chiSquare += (x[j] - e) * (x[j] - e) / (e * (1 - rate));
        }
      }
      degreesOfFreedom += periods - 1;
    }

    double designEffect() {
      return degreesOfFreedom > 0 ? Math.max(1.0, chiSquare / degreesOfFreedom) : 1.0;
    }
  }

  /**
   * The design effect of single windows: the reference windows (the {@code referenceDays} days
   * before window {@code w}, every time of day) about the rate of their time of day, pooled over
   * the times of day ({@code referenceDays - 1} degrees of freedom each).
   */
  private double windowDesignEffect(long w) {
    int referenceDays = settings.referenceDays();
    long[] x = new long[referenceDays * perDay];
    long[] n = new long[referenceDays * perDay];
    // period d * perDay + s: day d + 1 before w's day, time of day s after w's
    for (int d = 0; d < referenceDays; d++) {
      for (int s = 0; s < perDay; s++) {
        long v = w - (long) (d + 1) * perDay + s;
        x[d * perDay + s] = positives[index(v)];
        n[d * perDay + s] = counts[index(v)];
      }
    }
    ChiSquareSum sum = new ChiSquareSum();
    for (int s = 0; s < perDay; s++) {
      sum.add(x, n, s, perDay, referenceDays);
    }
    return sum.designEffect();
  }

  private AlertEvent alert(
      String detector,
      double after,
      OptionalDouble pValue,
      double threshold,
      long start,
      long end,
      double before,
      Map<String, Double> reference,
      Map<String, Double> current) {
    boolean large = Math.abs(after - before) >= 0.5 * before;
    return new AlertEvent(
        AlertEvent.idOf(monitor, SUBJECT, start, end),
        monitor,
        DriftKind.LABEL_RATE_DRIFT,
        detector,
        SUBJECT,
        after,
        pValue,
        threshold,
        start,
        end,
        large ? Severity.CRITICAL : Severity.WARNING,
        reference,
        current);
  }

  /**
   * The current estimate of the positive rate: ADWIN's, or the rate of the last day of closed
   * windows (BINOMIAL); NaN before there is one.
   */
  public double rate() {
    return binomial ? lastDayRate : adwin.estimation();
  }

  public long labels() {
    return labels;
  }

  public long detections() {
    return detections;
  }

  /** Windows closed (BINOMIAL; 0 for ADWIN). */
  public long windowsClosed() {
    return windowsClosed;
  }

  /** Labels older than the open window, not tested (BINOMIAL; 0 for ADWIN). */
  public long lateEvents() {
    return late;
  }

  public long suppressedAlerts() {
    return policy.suppressed();
  }

  /**
   * Layout, version 2, after the header {@code ("label-rate-drift-monitor", 2)}: {@code UTF} test
   * name, {@code long} labels, detections, then for ADWIN: {@code boolean} started, {@code long}
   * window start, ADWIN's state; for BINOMIAL: {@code int} ring length ({@code (referenceDays + 1)
   * windowsPerDay}, must match the settings), {@code boolean} open, {@code long} first window, open
   * window, consecutive empty closes, windows closed, late labels, {@code double} last day's rate,
   * then the ring's positives and counts ({@code long} each); finally the {@link AlertPolicy}'s
   * state. Version 1 (ADWIN only: started, window start, labels, detections, ADWIN, policy) is read
   * too.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeUTF(settings.test().name());
    out.writeLong(labels);
    out.writeLong(detections);
    if (binomial) {
      out.writeInt(ring);
      out.writeBoolean(open);
      out.writeLong(firstWindow);
      out.writeLong(openWindow);
      out.writeLong(emptyCloses);
      out.writeLong(windowsClosed);
      out.writeLong(late);
      out.writeDouble(lastDayRate);
      for (int i = 0; i < ring; i++) {
        out.writeLong(positives[i]);
        out.writeLong(counts[i]);
      }
    } else {
      out.writeBoolean(started);
      out.writeLong(windowStart);
      adwin.writeState(out);
    }
    policy.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    int version = StateFormat.readHeader(in, KIND, VERSION);
    if (version == 1) {
      StateFormat.check(!binomial, KIND, "saved ADWIN state, configured " + settings.test());
      boolean newStarted = in.readBoolean();
      long newWindowStart = in.readLong();
      long newLabels = in.readLong();
      long newDetections = in.readLong();
      readAdwinTail(in, newStarted, newWindowStart, newLabels, newDetections);
      return;
    }
    String test = in.readUTF();
    StateFormat.check(
        test.equals(settings.test().name()),
        KIND,
        "saved test " + test + ", configured " + settings.test());
    long newLabels = in.readLong();
    long newDetections = in.readLong();
    StateFormat.check(newLabels >= 0 && newDetections >= 0, KIND, "negative counts");
    if (!binomial) {
      boolean newStarted = in.readBoolean();
      long newWindowStart = in.readLong();
      readAdwinTail(in, newStarted, newWindowStart, newLabels, newDetections);
      return;
    }
    int newRing = in.readInt();
    StateFormat.check(
        newRing == ring, KIND, "saved " + newRing + " windows of counts, configured " + ring);
    boolean newOpen = in.readBoolean();
    long newFirst = in.readLong();
    long newOpenWindow = in.readLong();
    long newEmpty = in.readLong();
    long newClosed = in.readLong();
    long newLate = in.readLong();
    double newRate = in.readDouble();
    long[] newPositives = new long[ring];
    long[] newCounts = new long[ring];
    for (int i = 0; i < ring; i++) {
      newPositives[i] = in.readLong();
      newCounts[i] = in.readLong();
      StateFormat.check(
          newCounts[i] >= 0 && newPositives[i] >= 0 && newPositives[i] <= newCounts[i],
          KIND,
          "invalid counts in window " + i);
    }
    StateFormat.check(
        newEmpty >= 0 && newClosed >= 0 && newLate >= 0 && newOpenWindow >= newFirst,
        KIND,
        "invalid window counters");
    AlertPolicy restored = new AlertPolicy(settings.cooldownMillis());
    restored.readState(in);
    labels = newLabels;
    detections = newDetections;
    open = newOpen;
    firstWindow = newFirst;
    openWindow = newOpenWindow;
    emptyCloses = newEmpty;
    windowsClosed = newClosed;
    late = newLate;
    lastDayRate = newRate;
    positives = newPositives;
    counts = newCounts;
    policy = restored;
  }

  private void readAdwinTail(
      DataInput in, boolean newStarted, long newWindowStart, long newLabels, long newDetections)
      throws IOException {
    Adwin restoredAdwin = new Adwin(settings.delta());
    restoredAdwin.readState(in);
    AlertPolicy restored = new AlertPolicy(settings.cooldownMillis());
    restored.readState(in);
    adwin = restoredAdwin;
    started = newStarted;
    windowStart = newWindowStart;
    labels = newLabels;
    detections = newDetections;
    policy = restored;
  }
}
