package io.streamlearn.monitoring.core.monitor;

import io.streamlearn.monitoring.core.monitor.DriftTestSettings.NumericTest;
import io.streamlearn.monitoring.core.monitor.WindowSettings.ReferenceMode;
import io.streamlearn.monitoring.core.monitor.WindowSettings.WindowType;
import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import io.streamlearn.monitoring.core.stats.ChiSquareTest;
import io.streamlearn.monitoring.core.stats.KolmogorovSmirnov;
import io.streamlearn.monitoring.core.stats.PopulationStabilityIndex;
import io.streamlearn.monitoring.core.stats.SplitMix64;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Watches the distribution of several features for change: a reference sample against tumbling
 * current windows, each window tested feature by feature (KS or PSI for numeric features,
 * chi-square for categorical ones), the p-values corrected for the number of features tested, and
 * an alert raised for a feature only when its corrected test is significant <b>and</b> its effect
 * size reaches the floor ({@link DriftTestSettings}), subject to the {@link AlertPolicy}.
 *
 * <p><b>Windows.</b> The reference is the first {@code referenceSize} events (FIRST_N), a baseline
 * given at construction (FIXED_BASELINE), or the {@code referenceSize} events before the current
 * window (SLIDING). Current windows follow the reference phase and tumble by event count or by
 * event time ({@link WindowSettings}). A count window closes with its last event, and its alerts
 * span the event times of its first and last events. An event-time window {@code [k w, (k+1) w)}
 * closes when an event of a later window arrives or when {@link #advanceTo} passes its end (a
 * watermark); its alerts span {@code [k w, (k+1) w)} (end exclusive). An event older than the open
 * event-time window is late: it is counted ({@link #lateEvents()}) and not tested. The first
 * event-time window after the reference is the first whole one: the events between the end of the
 * reference and the next window boundary are counted ({@link #unalignedEvents()}) and not tested,
 * so that a window never covers part of a day against a reference of whole days. A feature whose
 * value is absent or not finite in an event is counted as missing for that feature.
 *
 * <p>A feature is tested only when both windows hold at least {@code minSamples} of its values;
 * beyond {@code maxSamples} values per window a seeded uniform reservoir sample is tested. The
 * results of the last closed window are kept for reporting ({@link #lastResults()}). All state,
 * reference included, is saved and restored by {@link #writeState}/{@link #readState}.
 */
public final class DataDriftMonitor implements Stateful {

  private static final String KIND = "data-drift-monitor";
  private static final int VERSION = 2;
  private static final int TOP_CATEGORIES = 10;

  private final DataDriftSettings settings;
  private final DriftKind kind;
  private final WindowSettings window;
  private final DriftTestSettings tests;
  private AlertPolicy policy;
  private final SplitMix64 random;
  private final NumericFeature[] numeric;
  private final CategoricalFeature[] categorical;

  private long referenceEvents;
  private boolean windowOpen;
  private long windowIndex;
  private long windowEvents;
  private long firstEventTime;
  private long lastEventTime;
  private long nextWindowIndex = Long.MIN_VALUE;
  private long lateEvents;
  private long unalignedEvents;
  private long firstWindowIndex = Long.MIN_VALUE;
  private long windowsClosed;
  private List<FeatureTestResult> lastResults = List.of();

  /** A monitor whose reference is taken from the stream (FIRST_N or SLIDING). */
  public DataDriftMonitor(DataDriftSettings settings) {
    this(settings, DriftKind.DATA_DRIFT, Map.of(), Map.of());
  }

  /**
   * A monitor with a fixed baseline: a sample of each numeric feature and the category counts of
   * each categorical feature, e.g. from the training data.
   */
  public DataDriftMonitor(
      DataDriftSettings settings,
      Map<String, double[]> numericBaseline,
      Map<String, Map<String, Long>> categoricalBaseline) {
    this(settings, DriftKind.DATA_DRIFT, numericBaseline, categoricalBaseline);
  }

  DataDriftMonitor(
      DataDriftSettings settings,
      DriftKind kind,
      Map<String, double[]> numericBaseline,
      Map<String, Map<String, Long>> categoricalBaseline) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.kind = kind;
    this.window = settings.window();
    this.tests = settings.tests();
    this.policy = new AlertPolicy(settings.cooldownMillis());
    this.random = new SplitMix64(window.seed());
    boolean fixed = window.referenceMode() == ReferenceMode.FIXED_BASELINE;
    if (!fixed && !(numericBaseline.isEmpty() && categoricalBaseline.isEmpty())) {
      throw new IllegalArgumentException(
          "a baseline is given but the reference mode is " + window.referenceMode());
    }
    numeric = new NumericFeature[settings.numericFeatures().size()];
    for (int i = 0; i < numeric.length; i++) {
      String name = settings.numericFeatures().get(i);
      double[] baseline = numericBaseline.get(name);
      if (fixed && (baseline == null || baseline.length == 0)) {
        throw new IllegalArgumentException("no baseline sample for numeric feature '" + name + "'");
      }
      numeric[i] = new NumericFeature(name, fixed ? baseline.length : window.referenceSize());
      if (fixed) {
        for (double v : baseline) {
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("baseline of '" + name + "' holds " + v);
          }
          numeric[i].pushReference(v);
        }
      }
    }
    categorical = new CategoricalFeature[settings.categoricalFeatures().size()];
    for (int i = 0; i < categorical.length; i++) {
      String name = settings.categoricalFeatures().get(i);
      Map<String, Long> baseline = categoricalBaseline.get(name);
      if (fixed && (baseline == null || baseline.isEmpty())) {
        throw new IllegalArgumentException(
            "no baseline counts for categorical feature '" + name + "'");
      }
      categorical[i] = new CategoricalFeature(name, fixed ? 0 : window.referenceSize());
      if (fixed) {
        for (Map.Entry<String, Long> e : baseline.entrySet()) {
          if (e.getKey() == null || e.getValue() == null || e.getValue() < 0) {
            throw new IllegalArgumentException("baseline of '" + name + "' holds a bad count");
          }
          if (e.getValue() > 0) {
            categorical[i].referenceCounts.merge(e.getKey(), e.getValue(), Long::sum);
          }
        }
      }
    }
    for (String name : numericBaseline.keySet()) {
      if (!settings.numericFeatures().contains(name)) {
        throw new IllegalArgumentException("baseline for unknown numeric feature '" + name + "'");
      }
    }
    for (String name : categoricalBaseline.keySet()) {
      if (!settings.categoricalFeatures().contains(name)) {
        throw new IllegalArgumentException(
            "baseline for unknown categorical feature '" + name + "'");
      }
    }
  }

  public DataDriftSettings settings() {
    return settings;
  }

  /** Whether the reference is complete and current windows are being tested. */
  public boolean referenceReady() {
    return window.referenceMode() == ReferenceMode.FIXED_BASELINE
        || referenceEvents >= window.referenceSize();
  }

  /**
   * Feeds one event.
   *
   * @param eventTimeMillis the event's time
   * @param numericValues values of the numeric features (others are ignored)
   * @param categoricalValues values of the categorical features (others are ignored)
   * @return the alerts raised by the window this event closed, if any
   */
  public List<AlertEvent> observe(
      long eventTimeMillis,
      Map<String, Double> numericValues,
      Map<String, String> categoricalValues) {
    Objects.requireNonNull(numericValues, "numericValues");
    Objects.requireNonNull(categoricalValues, "categoricalValues");
    if (!referenceReady()) {
      for (NumericFeature f : numeric) {
        Double v = numericValues.get(f.name);
        if (v == null || !Double.isFinite(v)) {
          f.missing++;
        } else {
          f.pushReference(v);
        }
      }
      for (CategoricalFeature f : categorical) {
        String c = categoricalValues.get(f.name);
        if (c == null) {
          f.missing++;
        } else {
          f.pushReference(c);
        }
      }
      referenceEvents++;
      if (referenceReady() && window.windowType() == WindowType.EVENT_TIME) {
        nextWindowIndex = Math.floorDiv(eventTimeMillis, window.windowSize()) + 1;
        firstWindowIndex = nextWindowIndex;
      }
      return List.of();
    }
    List<AlertEvent> alerts = List.of();
    if (window.windowType() == WindowType.EVENT_TIME) {
      long k = Math.floorDiv(eventTimeMillis, window.windowSize());
      if (windowOpen && k > windowIndex) {
        alerts = closeWindow();
      }
      if (!windowOpen) {
        if (k < nextWindowIndex) {
          if (k < firstWindowIndex && windowsClosed == 0) {
            unalignedEvents++;
          } else {
            lateEvents++;
          }
          return alerts;
        }
        openWindow(eventTimeMillis);
        windowIndex = k;
      } else if (k < windowIndex) {
        lateEvents++;
        return alerts;
      }
    } else if (!windowOpen) {
      openWindow(eventTimeMillis);
    }
    add(eventTimeMillis, numericValues, categoricalValues);
    if (window.windowType() == WindowType.COUNT && windowEvents == window.windowSize()) {
      alerts = closeWindow();
    }
    return alerts;
  }

  /**
   * Tells the monitor that no event older than {@code watermarkMillis} will come: closes the open
   * event-time window if it ends at or before the watermark. No effect on count windows.
   */
  public List<AlertEvent> advanceTo(long watermarkMillis) {
    if (window.windowType() == WindowType.EVENT_TIME
        && windowOpen
        && watermarkMillis >= (windowIndex + 1) * window.windowSize()) {
      return closeWindow();
    }
    return List.of();
  }

  /**
   * The end (exclusive) of the open event-time window, when one is open: the event time a watermark
   * must reach for {@link #advanceTo} to close it. Empty for count windows, during the reference
   * phase and between windows.
   */
  public OptionalLong openWindowEndMillis() {
    if (window.windowType() != WindowType.EVENT_TIME || !windowOpen) {
      return OptionalLong.empty();
    }
    return OptionalLong.of((windowIndex + 1) * window.windowSize());
  }

  /** The per-feature results of the last closed window (empty before the first). */
  public List<FeatureTestResult> lastResults() {
    return lastResults;
  }

  /** Events older than the open event-time window, not tested. */
  public long lateEvents() {
    return lateEvents;
  }

  /**
   * Events after the reference and before the first window boundary that follows it, not tested
   * (event-time windows only).
   */
  public long unalignedEvents() {
    return unalignedEvents;
  }

  /** Windows closed and tested so far. */
  public long windowsClosed() {
    return windowsClosed;
  }

  /** Detections the alert policy suppressed. */
  public long suppressedAlerts() {
    return policy.suppressed();
  }

  /** Missing values of a feature so far (absent or not finite). */
  public long missingValues(String feature) {
    for (NumericFeature f : numeric) {
      if (f.name.equals(feature)) {
        return f.missing;
      }
    }
    for (CategoricalFeature f : categorical) {
      if (f.name.equals(feature)) {
        return f.missing;
      }
    }
    throw new IllegalArgumentException("unknown feature '" + feature + "'");
  }

  private void openWindow(long eventTimeMillis) {
    windowOpen = true;
    windowEvents = 0;
    firstEventTime = eventTimeMillis;
    lastEventTime = eventTimeMillis;
  }

  private void add(
      long eventTimeMillis,
      Map<String, Double> numericValues,
      Map<String, String> categoricalValues) {
    windowEvents++;
    firstEventTime = Math.min(firstEventTime, eventTimeMillis);
    lastEventTime = Math.max(lastEventTime, eventTimeMillis);
    boolean sliding = window.referenceMode() == ReferenceMode.SLIDING;
    for (NumericFeature f : numeric) {
      Double v = numericValues.get(f.name);
      if (v == null || !Double.isFinite(v)) {
        f.missing++;
      } else {
        f.addCurrent(v, window.maxSamples(), random);
      }
    }
    for (CategoricalFeature f : categorical) {
      String c = categoricalValues.get(f.name);
      if (c == null) {
        f.missing++;
      } else {
        f.addCurrent(c, sliding, window.maxSamples(), random);
      }
    }
  }

  private List<AlertEvent> closeWindow() {
    long start;
    long end;
    if (window.windowType() == WindowType.EVENT_TIME) {
      start = windowIndex * window.windowSize();
      end = start + window.windowSize();
      nextWindowIndex = windowIndex + 1;
    } else {
      start = firstEventTime;
      end = lastEventTime;
    }
    int features = numeric.length + categorical.length;
    double[] pValues = new double[features];
    double[] effects = new double[features];
    double[] statistics = new double[features];
    Arrays.fill(pValues, Double.NaN);
    long[] referenceCounts = new long[features];
    long[] currentCounts = new long[features];
    double[][] sortedCurrents = new double[numeric.length][];
    for (int i = 0; i < numeric.length; i++) {
      NumericFeature f = numeric[i];
      double[] reference = f.sortedReference();
      double[] current = Arrays.copyOf(f.current, f.currentCount);
      Arrays.sort(current);
      sortedCurrents[i] = current;
      referenceCounts[i] = reference.length;
      currentCounts[i] = current.length;
      if (reference.length >= tests.minSamples() && current.length >= tests.minSamples()) {
        if (tests.numericTest() == NumericTest.KS) {
          KolmogorovSmirnov.Result r = KolmogorovSmirnov.testSorted(reference, current);
          pValues[i] = r.pValue();
          effects[i] = r.statistic();
          statistics[i] = r.statistic();
        } else {
          PopulationStabilityIndex.Result r =
              PopulationStabilityIndex.compare(reference, current, tests.psiBins());
          pValues[i] = r.pValue();
          effects[i] = r.psi();
          statistics[i] = r.psi();
        }
      }
    }
    for (int j = 0; j < categorical.length; j++) {
      CategoricalFeature f = categorical[j];
      int i = numeric.length + j;
      long referenceTotal = total(f.referenceCounts);
      referenceCounts[i] = referenceTotal;
      currentCounts[i] = f.currentTotal;
      if (referenceTotal >= tests.minSamples() && f.currentTotal >= tests.minSamples()) {
        ChiSquareTest.Result r = ChiSquareTest.test(f.referenceCounts, f.currentCounts);
        pValues[i] = r.pValue();
        effects[i] = r.cramersV();
        statistics[i] = r.statistic();
      }
    }
    double[] adjusted = tests.correction().adjust(pValues);
    List<FeatureTestResult> results = new ArrayList<>();
    List<AlertEvent> alerts = new ArrayList<>();
    for (int i = 0; i < features; i++) {
      boolean isNumeric = i < numeric.length;
      String subject = isNumeric ? numeric[i].name : categorical[i - numeric.length].name;
      String detector =
          !isNumeric ? "CHI_SQUARE" : tests.numericTest() == NumericTest.KS ? "KS" : "PSI";
      double floor;
      double critical;
      if (!isNumeric) {
        floor = tests.minCramersV();
        critical = tests.criticalCramersV();
      } else if (tests.numericTest() == NumericTest.KS) {
        floor = tests.minKsStatistic();
        critical = tests.criticalKsStatistic();
      } else {
        floor = tests.psiThreshold();
        critical = tests.criticalPsi();
      }
      boolean tested = !Double.isNaN(pValues[i]);
      boolean significant = tested && adjusted[i] <= tests.alpha();
      boolean alarmed = significant && effects[i] >= floor;
      results.add(
          new FeatureTestResult(
              subject,
              detector,
              tested ? effects[i] : Double.NaN,
              pValues[i],
              adjusted[i],
              referenceCounts[i],
              currentCounts[i],
              significant,
              alarmed));
      if (alarmed && policy.admit(settings.monitor(), subject, start, end)) {
        Map<String, Double> reference;
        Map<String, Double> current;
        if (isNumeric) {
          reference = SampleSummary.numeric(numeric[i].sortedReference());
          current = new TreeMap<>(SampleSummary.numeric(sortedCurrents[i]));
        } else {
          CategoricalFeature f = categorical[i - numeric.length];
          reference = SampleSummary.categorical(f.referenceCounts, TOP_CATEGORIES);
          current = new TreeMap<>(SampleSummary.categorical(f.currentCounts, TOP_CATEGORIES));
        }
        current.put("alpha", tests.alpha());
        current.put("adjusted_p_value", adjusted[i]);
        if (!isNumeric) {
          current.put("chi_square", statistics[i]);
        }
        alerts.add(
            new AlertEvent(
                AlertEvent.idOf(settings.monitor(), subject, start, end),
                settings.monitor(),
                kind,
                detector,
                subject,
                effects[i],
                OptionalDouble.of(pValues[i]),
                floor,
                start,
                end,
                effects[i] >= critical ? Severity.CRITICAL : Severity.WARNING,
                reference,
                current));
      }
    }
    boolean sliding = window.referenceMode() == ReferenceMode.SLIDING;
    for (NumericFeature f : numeric) {
      if (sliding) {
        for (int k = 0; k < f.currentCount; k++) {
          f.pushReference(f.current[k]);
        }
      }
      f.clearCurrent();
    }
    for (CategoricalFeature f : categorical) {
      if (sliding) {
        for (int k = 0; k < f.currentSampleCount; k++) {
          f.pushReference(f.currentSample[k]);
        }
      }
      f.clearCurrent();
    }
    windowOpen = false;
    windowEvents = 0;
    windowsClosed++;
    lastResults = List.copyOf(results);
    return alerts;
  }

  private static long total(Map<String, Long> counts) {
    long n = 0;
    for (long c : counts.values()) {
      n += c;
    }
    return n;
  }

  /** A numeric feature: its reference (a ring when sliding) and its current window's sample. */
  private static final class NumericFeature {
    final String name;
    final double[] reference;
    int referenceStart;
    int referenceCount;
    double[] sortedCache;
    double[] current = new double[16];
    int currentCount;
    long currentSeen;
    long missing;

    NumericFeature(String name, int referenceCapacity) {
      this.name = name;
      this.reference = new double[referenceCapacity];
    }

    void pushReference(double v) {
      int capacity = reference.length;
      if (referenceCount < capacity) {
        reference[(referenceStart + referenceCount) % capacity] = v;
        referenceCount++;
      } else {
        reference[referenceStart] = v;
        referenceStart = (referenceStart + 1) % capacity;
      }
      sortedCache = null;
    }

    double[] sortedReference() {
      if (sortedCache == null) {
        double[] sorted = new double[referenceCount];
        for (int i = 0; i < referenceCount; i++) {
          sorted[i] = reference[(referenceStart + i) % reference.length];
        }
        Arrays.sort(sorted);
        sortedCache = sorted;
      }
      return sortedCache;
    }

    void addCurrent(double v, int maxSamples, SplitMix64 random) {
      currentSeen++;
      if (currentCount < maxSamples) {
        if (currentCount == current.length) {
          current = Arrays.copyOf(current, Math.min(maxSamples, current.length * 2));
        }
        current[currentCount++] = v;
      } else {
        long j = Math.floorMod(random.nextLong(), currentSeen);
        if (j < maxSamples) {
          current[(int) j] = v;
        }
      }
    }

    void clearCurrent() {
      currentCount = 0;
      currentSeen = 0;
    }
  }

  /** A categorical feature: reference counts (and ring when sliding), current counts and sample. */
  private static final class CategoricalFeature {
    final String name;
    final TreeMap<String, Long> referenceCounts = new TreeMap<>();
    final String[] ring;
    int ringStart;
    int ringCount;
    final TreeMap<String, Long> currentCounts = new TreeMap<>();
    long currentTotal;
    String[] currentSample = new String[16];
    int currentSampleCount;
    long currentSeen;
    long missing;

    CategoricalFeature(String name, int referenceCapacity) {
      this.name = name;
      this.ring = new String[referenceCapacity];
    }

    void pushReference(String c) {
      int capacity = ring.length;
      if (ringCount < capacity) {
        ring[(ringStart + ringCount) % capacity] = c;
        ringCount++;
      } else {
        String evicted = ring[ringStart];
        referenceCounts.merge(evicted, -1L, Long::sum);
        referenceCounts.remove(evicted, 0L);
        ring[ringStart] = c;
        ringStart = (ringStart + 1) % capacity;
      }
      referenceCounts.merge(c, 1L, Long::sum);
    }

    void addCurrent(String c, boolean keepSample, int maxSamples, SplitMix64 random) {
      currentCounts.merge(c, 1L, Long::sum);
      currentTotal++;
      if (!keepSample) {
        return;
      }
      currentSeen++;
      if (currentSampleCount < maxSamples) {
        if (currentSampleCount == currentSample.length) {
          currentSample =
              Arrays.copyOf(currentSample, Math.min(maxSamples, currentSample.length * 2));
        }
        currentSample[currentSampleCount++] = c;
      } else {
        long j = Math.floorMod(random.nextLong(), currentSeen);
        if (j < maxSamples) {
          currentSample[(int) j] = c;
        }
      }
    }

    void clearCurrent() {
      currentCounts.clear();
      currentTotal = 0;
      currentSampleCount = 0;
      currentSeen = 0;
    }
  }

  /**
   * Layout, version 2, after the header {@code ("data-drift-monitor", 2)}: {@code int} numeric and
   * categorical feature counts followed by their names ({@code UTF}; must match the settings);
   * {@code long} reference events, {@code boolean} window open, {@code long} window index, events
   * in the window, first and last event time, next allowed window index, late events, unaligned
   * events, first window index, windows closed; {@code long} generator state; per numeric feature:
   * {@code long} missing, {@code int} reference count and the reference values oldest first, {@code
   * long} values seen in the window, {@code int} sample size and the sample; per categorical
   * feature: {@code long} missing, {@code int} reference categories and (UTF, long) counts, {@code
   * int} ring size and the ring's values oldest first (UTF), {@code int} current categories and
   * (UTF, long) counts, {@code long} values seen, {@code int} sample size and the sample (UTF);
   * then the {@link AlertPolicy} state. The results of the last window are not saved. Version 1
   * (read too) lacks the unaligned events and the first window index.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeInt(numeric.length);
    for (NumericFeature f : numeric) {
      out.writeUTF(f.name);
    }
    out.writeInt(categorical.length);
    for (CategoricalFeature f : categorical) {
      out.writeUTF(f.name);
    }
    out.writeLong(referenceEvents);
    out.writeBoolean(windowOpen);
    out.writeLong(windowIndex);
    out.writeLong(windowEvents);
    out.writeLong(firstEventTime);
    out.writeLong(lastEventTime);
    out.writeLong(nextWindowIndex);
    out.writeLong(lateEvents);
    out.writeLong(unalignedEvents);
    out.writeLong(firstWindowIndex);
    out.writeLong(windowsClosed);
    out.writeLong(random.state());
    for (NumericFeature f : numeric) {
      out.writeLong(f.missing);
      out.writeInt(f.referenceCount);
      for (int i = 0; i < f.referenceCount; i++) {
        out.writeDouble(f.reference[(f.referenceStart + i) % f.reference.length]);
      }
      out.writeLong(f.currentSeen);
      out.writeInt(f.currentCount);
      for (int i = 0; i < f.currentCount; i++) {
        out.writeDouble(f.current[i]);
      }
    }
    for (CategoricalFeature f : categorical) {
      out.writeLong(f.missing);
      writeCounts(out, f.referenceCounts);
      out.writeInt(f.ringCount);
      for (int i = 0; i < f.ringCount; i++) {
        out.writeUTF(f.ring[(f.ringStart + i) % f.ring.length]);
      }
      writeCounts(out, f.currentCounts);
      out.writeLong(f.currentSeen);
      out.writeInt(f.currentSampleCount);
      for (int i = 0; i < f.currentSampleCount; i++) {
        out.writeUTF(f.currentSample[i]);
      }
    }
    policy.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    int version = StateFormat.readHeader(in, KIND, VERSION);
    checkNames(in, settings.numericFeatures(), "numeric");
    checkNames(in, settings.categoricalFeatures(), "categorical");
    long newReferenceEvents = in.readLong();
    boolean newWindowOpen = in.readBoolean();
    long newWindowIndex = in.readLong();
    long newWindowEvents = in.readLong();
    long newFirst = in.readLong();
    long newLast = in.readLong();
    long newNext = in.readLong();
    long newLate = in.readLong();
    long newUnaligned = version >= 2 ? in.readLong() : 0;
    long newFirstWindow = version >= 2 ? in.readLong() : Long.MIN_VALUE;
    long newClosed = in.readLong();
    long randomState = in.readLong();
    double[][] references = new double[numeric.length][];
    double[][] currents = new double[numeric.length][];
    long[] numericMissing = new long[numeric.length];
    long[] numericSeen = new long[numeric.length];
    for (int k = 0; k < numeric.length; k++) {
      numericMissing[k] = in.readLong();
      int n = in.readInt();
      StateFormat.check(
          n >= 0 && n <= numeric[k].reference.length, KIND, "reference of " + numeric[k].name);
      references[k] = new double[n];
      for (int i = 0; i < n; i++) {
        references[k][i] = in.readDouble();
      }
      numericSeen[k] = in.readLong();
      int m = in.readInt();
      StateFormat.check(
          m >= 0 && m <= settings.window().maxSamples() && m <= numericSeen[k],
          KIND,
          "window sample of " + numeric[k].name);
      currents[k] = new double[m];
      for (int i = 0; i < m; i++) {
        currents[k][i] = in.readDouble();
      }
    }
    List<Object[]> categoricalStates = new ArrayList<>();
    for (CategoricalFeature f : categorical) {
      long missing = in.readLong();
      TreeMap<String, Long> referenceCounts = readCounts(in);
      int ringCount = in.readInt();
      StateFormat.check(ringCount >= 0 && ringCount <= f.ring.length, KIND, "ring of " + f.name);
      String[] ringValues = new String[ringCount];
      for (int i = 0; i < ringCount; i++) {
        ringValues[i] = in.readUTF();
      }
      TreeMap<String, Long> currentCounts = readCounts(in);
      long seen = in.readLong();
      int sampleCount = in.readInt();
      StateFormat.check(
          sampleCount >= 0 && sampleCount <= settings.window().maxSamples(),
          KIND,
          "window sample of " + f.name);
      String[] sample = new String[sampleCount];
      for (int i = 0; i < sampleCount; i++) {
        sample[i] = in.readUTF();
      }
      categoricalStates.add(
          new Object[] {missing, referenceCounts, ringValues, currentCounts, seen, sample});
    }
    AlertPolicy restoredPolicy = new AlertPolicy(settings.cooldownMillis());
    restoredPolicy.readState(in);

    // everything read and checked: apply
    referenceEvents = newReferenceEvents;
    windowOpen = newWindowOpen;
    windowIndex = newWindowIndex;
    windowEvents = newWindowEvents;
    firstEventTime = newFirst;
    lastEventTime = newLast;
    nextWindowIndex = newNext;
    lateEvents = newLate;
    unalignedEvents = newUnaligned;
    firstWindowIndex = newFirstWindow;
    windowsClosed = newClosed;
    random.setState(randomState);
    for (int k = 0; k < numeric.length; k++) {
      NumericFeature f = numeric[k];
      f.missing = numericMissing[k];
      f.referenceStart = 0;
      f.referenceCount = references[k].length;
      System.arraycopy(references[k], 0, f.reference, 0, references[k].length);
      f.sortedCache = null;
      f.current = currents[k].length == 0 ? new double[16] : currents[k];
      f.currentCount = currents[k].length;
      f.currentSeen = numericSeen[k];
    }
    for (int k = 0; k < categorical.length; k++) {
      CategoricalFeature f = categorical[k];
      Object[] s = categoricalStates.get(k);
      f.missing = (long) s[0];
      f.referenceCounts.clear();
      @SuppressWarnings("unchecked")
      Map<String, Long> referenceCounts = (Map<String, Long>) s[1];
      f.referenceCounts.putAll(referenceCounts);
      String[] ringValues = (String[]) s[2];
      System.arraycopy(ringValues, 0, f.ring, 0, ringValues.length);
      f.ringStart = 0;
      f.ringCount = ringValues.length;
      f.currentCounts.clear();
      @SuppressWarnings("unchecked")
      Map<String, Long> currentCounts = (Map<String, Long>) s[3];
      f.currentCounts.putAll(currentCounts);
      f.currentTotal = total(currentCounts);
      f.currentSeen = (long) s[4];
      String[] sample = (String[]) s[5];
      f.currentSample = sample.length == 0 ? new String[16] : sample;
      f.currentSampleCount = sample.length;
    }
    policy = restoredPolicy;
    lastResults = List.of();
  }

  private static void checkNames(DataInput in, List<String> expected, String what)
      throws IOException {
    int n = in.readInt();
    StateFormat.check(n == expected.size(), KIND, what + " feature count " + n);
    for (String name : expected) {
      String found = in.readUTF();
      StateFormat.check(
          found.equals(name),
          KIND,
          "saved " + what + " feature '" + found + "', expected '" + name + "'");
    }
  }

  private static void writeCounts(DataOutput out, Map<String, Long> counts) throws IOException {
    out.writeInt(counts.size());
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  private static TreeMap<String, Long> readCounts(DataInput in) throws IOException {
    int n = in.readInt();
    StateFormat.check(n >= 0, KIND, "negative category count");
    TreeMap<String, Long> counts = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String category = in.readUTF();
      long count = in.readLong();
      StateFormat.check(count > 0, KIND, "count of '" + category + "'");
      counts.put(category, count);
    }
    return counts;
  }
}
