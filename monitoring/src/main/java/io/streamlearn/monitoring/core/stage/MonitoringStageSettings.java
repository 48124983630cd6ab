package io.streamlearn.monitoring.core.stage;

import io.streamlearn.monitoring.core.monitor.DataDriftSettings;
import io.streamlearn.monitoring.core.monitor.DriftTestSettings;
import io.streamlearn.monitoring.core.monitor.DriftTestSettings.NumericTest;
import io.streamlearn.monitoring.core.monitor.LabelRateDriftSettings;
import io.streamlearn.monitoring.core.monitor.PredictionDriftSettings;
import io.streamlearn.monitoring.core.monitor.WindowSettings;
import io.streamlearn.monitoring.core.monitor.WindowSettings.ReferenceMode;
import io.streamlearn.monitoring.core.monitor.WindowSettings.WindowType;
import io.streamlearn.monitoring.core.stats.MultipleTesting.Correction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of the monitoring stage: the {@code monitoring:} section of the pipeline file
 * ({@code docs/PIPELINE.md}), typed and validated. Every key, its default and its meaning are
 * listed in {@code docs/MONITORING.md}; the defaults, in {@link #DEFAULT_MONITORS} and the
 * constants below, are those of the fraud pipeline.
 *
 * @param monitors the monitors, at least one, with distinct names
 * @param allowedLatenessMillis how far behind the newest event time an event may arrive before the
 *     engines' event time (Flink's watermark, Kafka Streams' stream time) passes it and closes its
 *     window
 * @param idlenessMillis Flink: a source partition without records for this long stops holding the
 *     watermark back
 * @param snapshotEvery the engines write a monitor's whole state every this many observations and
 *     log the observations in between (&ge; 1)
 * @param latencyWindowMillis the event-to-prediction latency percentiles cover about this much
 *     recent processing time (&ge; 1 s)
 */
public record MonitoringStageSettings(
    List<MonitorDefinition> monitors,
    long allowedLatenessMillis,
    long idlenessMillis,
    int snapshotEvery,
    long latencyWindowMillis) {

  private static final long SECOND = 1_000L;
  private static final long DAY = 86_400_000L;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Event time between two alerts of one monitor on one subject, unless a monitor says. */
  public static final long DEFAULT_COOLDOWN_MILLIS = DAY;

  /**
   * Warm-up of every monitor unless it says: the fraud spec's longest window (30 days) plus its
   * delay (7 days) plus a day, so that the reference and the windows both see filled feature
   * windows and a fraud rate past its ramp-up.
   */
  public static final long DEFAULT_WARMUP_MILLIS = 38 * DAY;

  /** Default allowed lateness: 5 minutes. */
  public static final long DEFAULT_ALLOWED_LATENESS_MILLIS = 5 * 60 * SECOND;

  /** Default source idleness (Flink): 30 seconds. */
  public static final long DEFAULT_IDLENESS_MILLIS = 30 * SECOND;

  /** Default observations between state snapshots. */
  public static final int DEFAULT_SNAPSHOT_EVERY = 10_000;

  /** Default span of the latency percentiles: one minute. */
  public static final long DEFAULT_LATENCY_WINDOW_MILLIS = 60 * SECOND;

  /** Default reference: the first 20,000 events after the warm-up (about two simulated days). */
  public static final int DEFAULT_REFERENCE_SIZE = 20_000;

  /** Default current windows: tumbling, one day of event time. */
  public static final long DEFAULT_WINDOW_MILLIS = DAY;

  /** Default significance level of the windowed tests, after correction. */
  public static final double DEFAULT_ALPHA = 0.01;

  /** Default multiple-testing correction across the features of a monitor. */
  public static final Correction DEFAULT_CORRECTION = Correction.BENJAMINI_HOCHBERG;

  /**
   * Significance of each six-hour window of the fraud pipeline's label-rate monitor: four windows a
   * day, so at most about 0.12 false alerts per 30 days when the counts are binomial.
   */
  public static final double DEFAULT_LABEL_RATE_ALPHA = 0.001;

  /** Default ADWIN confidence of the label-rate monitor. */
  public static final double DEFAULT_LABEL_RATE_DELTA = 0.002;

  /**
   * The monitors of the fraud pipeline, as the pipeline file would write them: data drift of the
   * transaction amount, of the customer features and of the terminal features of the {@code
   * fraud-baseline} spec, drift of the model's scores, and drift of the fraud-label rate.
   */
  public static final List<Map<String, Object>> DEFAULT_MONITORS =
      List.of(
          Map.of(
              "name",
              "transaction-drift",
              "type",
              "data-drift",
              "numeric",
              List.of("TX_AMOUNT"),
              "categorical",
              List.of("TX_DURING_NIGHT")),
          Map.of(
              "name",
              "customer-drift",
              "type",
              "data-drift",
              "numeric",
              List.of(
                  "CUSTOMER_ID_NB_TX_1DAY_WINDOW",
                  "CUSTOMER_ID_AVG_AMOUNT_1DAY_WINDOW",
                  "CUSTOMER_ID_NB_TX_7DAY_WINDOW",
                  "CUSTOMER_ID_AVG_AMOUNT_7DAY_WINDOW",
                  "CUSTOMER_ID_NB_TX_30DAY_WINDOW",
                  "CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW")),
          Map.of(
              "name",
              "terminal-drift",
              "type",
              "data-drift",
              "numeric",
              List.of(
                  "TERMINAL_ID_NB_TX_1DAY_WINDOW",
                  "TERMINAL_ID_RISK_1DAY_WINDOW",
                  "TERMINAL_ID_NB_TX_7DAY_WINDOW",
                  "TERMINAL_ID_RISK_7DAY_WINDOW",
                  "TERMINAL_ID_NB_TX_30DAY_WINDOW",
                  "TERMINAL_ID_RISK_30DAY_WINDOW")),
          Map.of("name", "score-drift", "type", "prediction-drift"),
          Map.of(
              "name",
              "label-rate",
              "type",
              "label-rate",
              "test",
              "binomial",
              "window",
              "6h",
              "reference",
              "28d",
              "alpha",
              DEFAULT_LABEL_RATE_ALPHA));

  public MonitoringStageSettings {
    monitors = List.copyOf(Objects.requireNonNull(monitors, "monitors"));
    List<String> problems = new ArrayList<>();
    if (monitors.isEmpty()) {
      problems.add("monitors: at least one monitor is needed");
    }
    Set<String> names = new HashSet<>();
    for (MonitorDefinition m : monitors) {
      if (!NAME.matcher(m.name()).matches()) {
        problems.add(
            "monitor name '"
                + m.name()
                + "' must be letters, digits, '.', '_' or '-', starting with a letter or digit");
      }
      if (!names.add(m.name())) {
        problems.add("two monitors are named '" + m.name() + "'");
      }
    }
    if (allowedLatenessMillis < 0) {
      problems.add("allowedLateness must be >= 0");
    }
    if (idlenessMillis < 1) {
      problems.add("idleness must be positive");
    }
    if (snapshotEvery < 1) {
      problems.add("snapshotEvery must be >= 1, got " + snapshotEvery);
    }
    if (latencyWindowMillis < SECOND) {
      problems.add("latencyWindow must be at least 1s");
    }
    fail(problems);
  }

  /** The fraud pipeline's settings: {@code fromMap(Map.of())}. */
  public static MonitoringStageSettings defaults() {
    return fromMap(Map.of());
  }

  /** These settings with other monitors. */
  public MonitoringStageSettings withMonitors(List<MonitorDefinition> newMonitors) {
    return new MonitoringStageSettings(
        newMonitors, allowedLatenessMillis, idlenessMillis, snapshotEvery, latencyWindowMillis);
  }

  /**
   * These settings as the {@code monitoring:} section of a pipeline file would write them, every
   * key explicit, in plain maps, lists, texts and numbers: {@code fromMap(toMap())} gives settings
   * equal to these. Flink ships it to its task managers (the settings records are not
   * serializable), and it shows the effective settings.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("allowedLateness", millis(allowedLatenessMillis));
    section.put("idleness", millis(idlenessMillis));
    section.put("snapshotEvery", snapshotEvery);
    section.put("latencyWindow", millis(latencyWindowMillis));
    List<Object> items = new ArrayList<>();
    for (MonitorDefinition m : monitors) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", m.name());
      item.put("type", m.type());
      item.put("warmup", millis(m.warmupMillis()));
      if (m instanceof MonitorDefinition.DataDrift d) {
        item.put("cooldown", millis(d.settings().cooldownMillis()));
        item.put("numeric", new ArrayList<>(d.settings().numericFeatures()));
        item.put("categorical", new ArrayList<>(d.settings().categoricalFeatures()));
        putWindowed(item, d.settings().window(), d.settings().tests());
      } else if (m instanceof MonitorDefinition.PredictionDrift p) {
        item.put("cooldown", millis(p.settings().cooldownMillis()));
        putWindowed(item, p.settings().window(), p.settings().tests());
      } else {
        LabelRateDriftSettings l = ((MonitorDefinition.LabelRate) m).settings();
        item.put("cooldown", millis(l.cooldownMillis()));
        item.put("test", name(l.test()));
        if (l.test() == LabelRateDriftSettings.Test.ADWIN) {
          item.put("delta", l.delta());
        } else {
          item.put("window", millis(l.windowMillis()));
          item.put("reference", millis(l.referenceDays() * LabelRateDriftSettings.DAY_MILLIS));
          item.put("alpha", l.alpha());
          item.put("dispersion", l.estimateDispersion() ? "estimated" : "binomial");
        }
      }
      items.add(item);
    }
    section.put("monitors", items);
    return section;
  }

  private static void putWindowed(
      Map<String, Object> item, WindowSettings window, DriftTestSettings tests) {
    item.put("test", name(tests.numericTest()));
    Map<String, Object> reference = new LinkedHashMap<>();
    reference.put("mode", name(window.referenceMode()));
    reference.put("size", window.referenceSize());
    item.put("reference", reference);
    if (window.windowType() == WindowType.COUNT) {
      item.put("window", new LinkedHashMap<>(Map.of("events", window.windowSize())));
    } else {
      item.put("window", millis(window.windowSize()));
    }
    item.put("maxSamples", window.maxSamples());
    item.put("seed", window.seed());
    item.put("alpha", tests.alpha());
    item.put("correction", name(tests.correction()));
    Map<String, Object> floors = new LinkedHashMap<>();
    floors.put("ks", tests.minKsStatistic());
    floors.put("psi", tests.psiThreshold());
    floors.put("cramersV", tests.minCramersV());
    item.put("minEffect", floors);
    Map<String, Object> critical = new LinkedHashMap<>();
    critical.put("ks", tests.criticalKsStatistic());
    critical.put("psi", tests.criticalPsi());
    critical.put("cramersV", tests.criticalCramersV());
    item.put("criticalEffect", critical);
    item.put("psiBins", tests.psiBins());
    item.put("minSamples", tests.minSamples());
  }

  private static String millis(long millis) {
    return millis + "ms";
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses the {@code monitoring:} section of a pipeline file. Absent keys take their defaults; an
   * absent {@code monitors} list is {@link #DEFAULT_MONITORS}.
   *
   * @param section the section as parsed from YAML or JSON, or built in code; null or empty for the
   *     defaults
   * @throws IllegalArgumentException listing every problem, each with its path
   */
  public static MonitoringStageSettings fromMap(Map<String, ?> section) {
    List<String> problems = new ArrayList<>();
    SectionReader stage = new SectionReader("monitoring", section, problems);
    long cooldown = stage.durationMillis("cooldown", DEFAULT_COOLDOWN_MILLIS);
    long warmup = stage.durationMillis("warmup", DEFAULT_WARMUP_MILLIS);
    long lateness = stage.durationMillis("allowedLateness", DEFAULT_ALLOWED_LATENESS_MILLIS);
    long idleness = stage.durationMillis("idleness", DEFAULT_IDLENESS_MILLIS);
    int snapshotEvery = stage.count("snapshotEvery", DEFAULT_SNAPSHOT_EVERY);
    long latencyWindow = stage.durationMillis("latencyWindow", DEFAULT_LATENCY_WINDOW_MILLIS);
    List<SectionReader> items;
    if (stage.has("monitors")) {
      items = stage.sections("monitors");
    } else {
      items = new ArrayList<>();
      for (int i = 0; i < DEFAULT_MONITORS.size(); i++) {
        items.add(
            new SectionReader("monitoring.monitors[" + i + "]", DEFAULT_MONITORS.get(i), problems));
      }
    }
    stage.rejectUnknownKeys();
    List<MonitorDefinition> monitors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    if (items != null) {
      for (SectionReader item : items) {
        MonitorDefinition m = monitor(item, cooldown, warmup);
        if (m != null) {
          monitors.add(m);
        }
        Object name = item.raw("name");
        if (name instanceof String text && !names.add(text.trim())) {
          item.problem("name", "two monitors are named '" + text.trim() + "'");
        }
      }
    }
    fail(problems);
    return new MonitoringStageSettings(monitors, lateness, idleness, snapshotEvery, latencyWindow);
  }

  private static MonitorDefinition monitor(
      SectionReader m, long defaultCooldown, long defaultWarmup) {
    String name = m.text("name", null);
    String type = m.text("type", null);
    long cooldown = m.durationMillis("cooldown", defaultCooldown);
    long warmup = m.durationMillis("warmup", defaultWarmup);
    if (name == null) {
      m.problem("name", "is required");
    }
    if (type == null) {
      m.problem("type", "is required: data-drift, prediction-drift or label-rate");
    }
    MonitorDefinition result = null;
    try {
      if ("data-drift".equals(type)) {
        List<String> numeric = m.names("numeric", List.of());
        List<String> categorical = m.names("categorical", List.of());
        WindowSettings window = window(m);
        DriftTestSettings tests = tests(m);
        if (name != null && window != null && tests != null) {
          result =
              new MonitorDefinition.DataDrift(
                  new DataDriftSettings(name, numeric, categorical, window, tests, cooldown),
                  warmup);
        }
      } else if ("prediction-drift".equals(type)) {
        WindowSettings window = window(m);
        DriftTestSettings tests = tests(m);
        if (name != null && window != null && tests != null) {
          result =
              new MonitorDefinition.PredictionDrift(
                  new PredictionDriftSettings(name, window, tests, cooldown), warmup);
        }
      } else if ("label-rate".equals(type)) {
        String test = m.text("test", "adwin");
        LabelRateDriftSettings rate = null;
        if ("adwin".equals(test)) {
          double delta = m.number("delta", DEFAULT_LABEL_RATE_DELTA);
          if (name != null) {
            rate = new LabelRateDriftSettings(name, delta, cooldown);
          }
        } else if ("binomial".equals(test)) {
          long windowMillis =
              m.durationMillis("window", LabelRateDriftSettings.DEFAULT_WINDOW_MILLIS);
          long referenceMillis =
              m.durationMillis(
                  "reference",
                  LabelRateDriftSettings.DEFAULT_REFERENCE_DAYS
                      * LabelRateDriftSettings.DAY_MILLIS);
          double alpha = m.number("alpha", LabelRateDriftSettings.DEFAULT_ALPHA);
          String dispersion = m.text("dispersion", "binomial");
          if (!"binomial".equals(dispersion) && !"estimated".equals(dispersion)) {
            m.problem("dispersion", "must be binomial or estimated, got '" + dispersion + "'");
          }
          if (referenceMillis <= 0 || referenceMillis % LabelRateDriftSettings.DAY_MILLIS != 0) {
            m.problem("reference", "must be a positive whole number of days, e.g. 28d");
          } else if (name != null) {
            rate =
                LabelRateDriftSettings.binomial(
                    name,
                    windowMillis,
                    (int) (referenceMillis / LabelRateDriftSettings.DAY_MILLIS),
                    alpha,
                    "estimated".equals(dispersion),
                    cooldown);
          }
        } else {
          m.problem("test", "must be binomial or adwin, got '" + test + "'");
        }
        if (rate != null) {
          result = new MonitorDefinition.LabelRate(rate, warmup);
        }
      } else if (type != null) {
        m.problem("type", "must be data-drift, prediction-drift or label-rate, got '" + type + "'");
      }
    } catch (IllegalArgumentException e) {
      m.problemHere(e.getMessage());
      result = null;
    }
    m.rejectUnknownKeys();
    return result;
  }

  private static WindowSettings window(SectionReader m) {
    ReferenceMode mode = ReferenceMode.FIRST_N;
    int referenceSize = DEFAULT_REFERENCE_SIZE;
    SectionReader reference = m.section("reference");
    if (reference != null) {
      mode = reference.choice("mode", ReferenceMode.class, ReferenceMode.FIRST_N);
      if (mode == ReferenceMode.FIXED_BASELINE) {
        reference.problem(
            "mode", "fixed-baseline needs samples given in code; use first-n or sliding");
        mode = ReferenceMode.FIRST_N;
      }
      referenceSize = reference.count("size", DEFAULT_REFERENCE_SIZE);
      reference.rejectUnknownKeys();
    }
    WindowType windowType = WindowType.EVENT_TIME;
    long windowSize = DEFAULT_WINDOW_MILLIS;
    Object raw = m.raw("window");
    if (raw instanceof Map<?, ?>) {
      SectionReader window = m.section("window");
      windowType = WindowType.COUNT;
      windowSize = window.wholeNumber("events", 0);
      if (!window.has("events")) {
        window.problem("events", "is required for a count window, e.g. {events: 5000}");
      }
      window.rejectUnknownKeys();
    } else if (raw != null) {
      windowSize = m.durationMillis("window", DEFAULT_WINDOW_MILLIS);
    }
    int maxSamples = m.count("maxSamples", WindowSettings.DEFAULT_MAX_SAMPLES);
    long seed = m.wholeNumber("seed", 0);
    try {
      return new WindowSettings(mode, referenceSize, windowType, windowSize, maxSamples, seed);
    } catch (IllegalArgumentException e) {
      m.problemHere(e.getMessage());
      return null;
    }
  }

  private static DriftTestSettings tests(SectionReader m) {
    DriftTestSettings d = DriftTestSettings.defaults();
    NumericTest test = m.choice("test", NumericTest.class, NumericTest.KS);
    double alpha = m.number("alpha", DEFAULT_ALPHA);
    Correction correction = m.choice("correction", Correction.class, DEFAULT_CORRECTION);
    double minKs = d.minKsStatistic();
    double minPsi = d.psiThreshold();
    double minV = d.minCramersV();
    SectionReader floors = m.section("minEffect");
    if (floors != null) {
      minKs = floors.number("ks", minKs);
      minPsi = floors.number("psi", minPsi);
      minV = floors.number("cramersV", minV);
      floors.rejectUnknownKeys();
    }
    double criticalKs = Math.max(minKs, d.criticalKsStatistic());
    double criticalPsi = Math.max(minPsi, d.criticalPsi());
    double criticalV = Math.max(minV, d.criticalCramersV());
    SectionReader critical = m.section("criticalEffect");
    if (critical != null) {
      criticalKs = critical.number("ks", criticalKs);
      criticalPsi = critical.number("psi", criticalPsi);
      criticalV = critical.number("cramersV", criticalV);
      critical.rejectUnknownKeys();
    }
    int psiBins = m.count("psiBins", d.psiBins());
    int minSamples = m.count("minSamples", d.minSamples());
    try {
      return new DriftTestSettings(
          test,
          alpha,
          correction,
          minKs,
          criticalKs,
          minPsi,
          criticalPsi,
          psiBins,
          minV,
          criticalV,
          minSamples);
    } catch (IllegalArgumentException e) {
      m.problemHere(e.getMessage());
      return null;
    }
  }

  private static void fail(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid monitoring settings: " + String.join("; ", problems));
    }
  }
}
