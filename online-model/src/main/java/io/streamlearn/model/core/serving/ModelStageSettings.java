package io.streamlearn.model.core.serving;

import io.streamlearn.features.core.spec.DurationText;
import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.LearnerSpec;
import io.streamlearn.model.core.imbalance.ClassWeightedClassifier;
import io.streamlearn.monitoring.core.monitor.ConceptDriftSettings;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.SectionReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code model:} section of a pipeline file ({@code docs/PIPELINE.md}): which learner scores
 * and learns, how classes are weighted, the decision threshold, how long the label join waits, how
 * often the trainer publishes a snapshot, how it watches and answers concept drift, and the windows
 * of its quality metrics. Immutable and validated at construction; every default is declared here.
 *
 * <pre>{@code
 * model:
 *   name: fraud
 *   learner: { kind: logistic-regression, params: { optimizer: ftrl } }
 *   classWeight: balanced           # none | balanced | {weighting: fixed, positive: 20, negative: 1}
 *   threshold: 0.5
 *   labelJoinTtl: 30d
 *   snapshot: { everyUpdates: 1000, every: 10s }
 *   conceptDrift: { detector: adwin, response: promote-background, warmup: 38d }
 *   quality: { rollingWindow: 10000, cardPrecisionK: 100, cardPrecisionDays: 7 }
 * }</pre>
 *
 * @param name the model's name: the key of its snapshots and events, a tag of its metrics
 * @param learnerKind a kind of {@link LearnerCatalog#standard()}
 * @param learnerParams the learner's parameters as a pipeline file gives them (sorted)
 * @param classWeight class weighting around the learner
 * @param threshold a score at or above it is a positive decision, in [0, 1]
 * @param labelJoinTtl how long features wait for their label, and a label for its features (&gt; 0)
 * @param snapshot when the trainer publishes a snapshot
 * @param conceptDrift the concept-drift detector and the response to a drift
 * @param quality the windows of the quality metrics
 */
public record ModelStageSettings(
    String name,
    String learnerKind,
    Map<String, String> learnerParams,
    ClassWeighting classWeight,
    double threshold,
    Duration labelJoinTtl,
    SnapshotCadence snapshot,
    ConceptDrift conceptDrift,
    Quality quality) {

  /** Default learner: logistic regression, FTRL-Proximal. */
  public static final String DEFAULT_LEARNER_KIND = "logistic-regression";

  /** Default learner parameters. */
  public static final Map<String, String> DEFAULT_LEARNER_PARAMS = Map.of("optimizer", "ftrl");

  /** Default decision threshold. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Default wait of the label join: 30 days. */
  public static final Duration DEFAULT_LABEL_JOIN_TTL = Duration.ofDays(30);

  /** Largest accepted learner parameter map, a guard against a misplaced section. */
  private static final int MAX_PARAMS = 200;

  public ModelStageSettings {
    List<String> problems = new ArrayList<>();
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
      problems.add(
          "model.name must be 1 to 100 letters, digits, '_', '.' or '-' (starting with a letter or"
              + " digit), got "
              + (name == null ? "nothing" : "'" + name + "'"));
    }
    Objects.requireNonNull(classWeight, "classWeight");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(conceptDrift, "conceptDrift");
    Objects.requireNonNull(quality, "quality");
    learnerParams =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(Objects.requireNonNull(learnerParams, "learnerParams")));
    if (!(threshold >= 0 && threshold <= 1)) {
      problems.add("model.threshold must be in [0, 1], got " + threshold);
    }
    if (labelJoinTtl == null || labelJoinTtl.isNegative() || labelJoinTtl.isZero()) {
      problems.add("model.labelJoinTtl must be a positive duration, got " + labelJoinTtl);
    }
    if (learnerKind == null || learnerKind.isBlank()) {
      problems.add("model.learner.kind must be given");
    } else {
      try {
        learnerSpec(learnerKind, learnerParams, classWeight);
      } catch (IllegalArgumentException e) {
        problems.add("model.learner: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid model settings: " + String.join("; ", problems));
    }
  }

  /** Defaults for a model named {@code name}. */
  public static ModelStageSettings defaults(String name) {
    return new ModelStageSettings(
        name,
        DEFAULT_LEARNER_KIND,
        DEFAULT_LEARNER_PARAMS,
        ClassWeighting.BALANCED,
        DEFAULT_THRESHOLD,
        DEFAULT_LABEL_JOIN_TTL,
        SnapshotCadence.DEFAULTS,
        ConceptDrift.DEFAULTS,
        Quality.DEFAULTS);
  }

  /**
   * The model section of the shipped fraud pipeline: the learner chosen by the fraud benchmark
   * ({@code docs/BENCHMARKS.md}, "Fraud benchmark") with the stage's defaults.
   */
  public static ModelStageSettings fraud() {
    return defaults("fraud")
        .withLearner(FraudDefaults.LEARNER_KIND, FraudDefaults.LEARNER_PARAMS)
        .withClassWeight(FraudDefaults.CLASS_WEIGHT);
  }

  /**
   * Parses a {@code model:} section, every key optional except {@code name}.
   *
   * @throws IllegalArgumentException listing every problem, each with its path
   */
  public static ModelStageSettings fromMap(Map<String, ?> section) {
    List<String> problems = new ArrayList<>();
    SectionReader r = new SectionReader("model", section, problems);
    String name = r.text("name", null);
    if (name == null) {
      problems.add("model.name: must be given");
    }
    String kind = DEFAULT_LEARNER_KIND;
    Map<String, String> params = DEFAULT_LEARNER_PARAMS;
    SectionReader l = r.section("learner");
    if (l != null) {
      kind = l.text("kind", DEFAULT_LEARNER_KIND);
      SectionReader given = l.section("params");
      params = given == null ? Map.of() : flatten(given.path(), given.entries(), problems);
      l.rejectUnknownKeys();
    }
    ClassWeighting weighting = ClassWeighting.parse(r, problems);
    double threshold = r.number("threshold", DEFAULT_THRESHOLD);
    Duration ttl = r.duration("labelJoinTtl", DEFAULT_LABEL_JOIN_TTL);
    SnapshotCadence snapshot = SnapshotCadence.parse(r.section("snapshot"), problems);
    ConceptDrift drift = ConceptDrift.parse(r.section("conceptDrift"), problems);
    Quality quality = Quality.parse(r.section("quality"), problems);
    r.rejectUnknownKeys();
    if (!problems.isEmpty() || snapshot == null || drift == null || quality == null) {
      throw new IllegalArgumentException("invalid model settings: " + String.join("; ", problems));
    }
    return new ModelStageSettings(
        name, kind, params, weighting, threshold, ttl, snapshot, drift, quality);
  }

  /**
   * The section as a map of texts, numbers and maps that {@link #fromMap} reads back to equal
   * settings: how the Flink job ships its settings to the task managers.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("learner", Map.of("kind", learnerKind, "params", new TreeMap<>(learnerParams)));
    m.put("classWeight", classWeight.toMap());
    m.put("threshold", threshold);
    m.put("labelJoinTtl", DurationText.format(labelJoinTtl));
    m.put("snapshot", snapshot.toMap());
    m.put("conceptDrift", conceptDrift.toMap());
    m.put("quality", quality.toMap());
    return m;
  }

  /** The learner with its class weighting, validated against the standard catalog. */
  public LearnerSpec<?> learnerSpec() {
    return learnerSpec(learnerKind, learnerParams, classWeight);
  }

  /**
   * A canonical description of the learner and its weighting; a trainer refuses to restore a state
   * saved under another one.
   */
  public String learnerFingerprint() {
    return learnerKind + learnerParams + " classWeight=" + classWeight.describe();
  }

  /** These settings with another learner. */
  public ModelStageSettings withLearner(String kind, Map<String, String> params) {
    return new ModelStageSettings(
        name, kind, params, classWeight, threshold, labelJoinTtl, snapshot, conceptDrift, quality);
  }

  /** These settings with another class weighting. */
  public ModelStageSettings withClassWeight(ClassWeighting weighting) {
    return new ModelStageSettings(
        name,
        learnerKind,
        learnerParams,
        weighting,
        threshold,
        labelJoinTtl,
        snapshot,
        conceptDrift,
        quality);
  }

  /** These settings with another snapshot cadence. */
  public ModelStageSettings withSnapshot(SnapshotCadence cadence) {
    return new ModelStageSettings(
        name,
        learnerKind,
        learnerParams,
        classWeight,
        threshold,
        labelJoinTtl,
        cadence,
        conceptDrift,
        quality);
  }

  /** These settings with another concept-drift configuration. */
  public ModelStageSettings withConceptDrift(ConceptDrift drift) {
    return new ModelStageSettings(
        name,
        learnerKind,
        learnerParams,
        classWeight,
        threshold,
        labelJoinTtl,
        snapshot,
        drift,
        quality);
  }

  /** These settings with another label-join TTL. */
  public ModelStageSettings withLabelJoinTtl(Duration ttl) {
    return new ModelStageSettings(
        name,
        learnerKind,
        learnerParams,
        classWeight,
        threshold,
        ttl,
        snapshot,
        conceptDrift,
        quality);
  }

  /** These settings with other quality windows. */
  public ModelStageSettings withQuality(Quality q) {
    return new ModelStageSettings(
        name,
        learnerKind,
        learnerParams,
        classWeight,
        threshold,
        labelJoinTtl,
        snapshot,
        conceptDrift,
        q);
  }

  private static LearnerSpec<?> learnerSpec(
      String kind, Map<String, String> params, ClassWeighting weighting) {
    LearnerCatalog catalog = LearnerCatalog.standard();
    if (weighting instanceof ClassWeighting.None) {
      return catalog.spec(kind, params);
    }
    if (kind.equals(ClassWeightedClassifier.KIND.name())) {
      throw new IllegalArgumentException(
          "the learner is already class-weighted: set classWeight to none, or give the wrapped"
              + " learner as the kind");
    }
    Map<String, String> wrapped = new TreeMap<>();
    wrapped.put("learner", kind);
    params.forEach((k, v) -> wrapped.put("learner." + k, v));
    wrapped.putAll(weighting.wrapperParams());
    return catalog.spec(ClassWeightedClassifier.KIND.name(), wrapped);
  }

  /** Flattens nested maps into dotted keys and writes every value as text. */
  private static Map<String, String> flatten(
      String path, Map<String, ?> params, List<String> problems) {
    Map<String, String> flat = new TreeMap<>();
    flattenInto("", path, params, flat, problems);
    if (flat.size() > MAX_PARAMS) {
      problems.add(path + ": more than " + MAX_PARAMS + " parameters");
    }
    return flat;
  }

  private static void flattenInto(
      String prefix,
      String path,
      Map<String, ?> params,
      Map<String, String> flat,
      List<String> problems) {
    for (Map.Entry<String, ?> e : params.entrySet()) {
      Object value = e.getValue();
      String key = prefix + e.getKey();
      if (value instanceof Map<?, ?> nested) {
        Map<String, Object> typed = new LinkedHashMap<>();
        nested.forEach((k, v) -> typed.put(String.valueOf(k), v));
        flattenInto(key + ".", path, typed, flat, problems);
      } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        flat.put(key, value.toString());
      } else {
        problems.add(
            path
                + "."
                + key
                + ": must be a text, number or boolean, got "
                + (value == null ? "nothing" : SectionReader.describe(value)));
      }
    }
  }

  /** Class weighting around the learner ({@code ClassWeightedClassifier}). */
  public sealed interface ClassWeighting {

    /** Balanced weights with the default cap. */
    Balanced BALANCED = new Balanced(1000);

    /** No weighting: the learner sees weight 1. */
    record None() implements ClassWeighting {
      @Override
      public Map<String, String> wrapperParams() {
        return Map.of();
      }

      @Override
      public Object toMap() {
        return "none";
      }

      @Override
      public String describe() {
        return "none";
      }
    }

    /** Balanced weights {@code n / (2 n_c)} from running counts, capped at {@code maxWeight}. */
    record Balanced(double maxWeight) implements ClassWeighting {
      public Balanced {
        if (!(maxWeight >= 1) || Double.isInfinite(maxWeight)) {
          throw new IllegalArgumentException(
              "model.classWeight.maxWeight must be a finite number >= 1, got " + maxWeight);
        }
      }

      @Override
      public Map<String, String> wrapperParams() {
        return Map.of("weighting", "balanced", "max_weight", Double.toString(maxWeight));
      }

      @Override
      public Object toMap() {
        return Map.of("weighting", "balanced", "maxWeight", maxWeight);
      }

      @Override
      public String describe() {
        return "balanced(maxWeight=" + maxWeight + ")";
      }
    }

    /** Fixed weights of positive and negative examples. */
    record Fixed(double positive, double negative) implements ClassWeighting {
      public Fixed {
        if (!(positive > 0) || !(negative > 0) || Double.isInfinite(positive + negative)) {
          throw new IllegalArgumentException(
              "model.classWeight positive and negative must be finite numbers > 0, got "
                  + positive
                  + " and "
                  + negative);
        }
      }

      @Override
      public Map<String, String> wrapperParams() {
        return Map.of(
            "weighting",
            "fixed",
            "positive_weight",
            Double.toString(positive),
            "negative_weight",
            Double.toString(negative));
      }

      @Override
      public Object toMap() {
        return Map.of("weighting", "fixed", "positive", positive, "negative", negative);
      }

      @Override
      public String describe() {
        return "fixed(positive=" + positive + ", negative=" + negative + ")";
      }
    }

    /** The parameters of the {@code class-weighted} wrapper. */
    Map<String, String> wrapperParams();

    /** As a pipeline file writes it. */
    Object toMap();

    /** A stable, canonical description (independent of any map's iteration order). */
    String describe();

    private static ClassWeighting parse(SectionReader r, List<String> problems) {
      Object raw = r.raw("classWeight");
      if (raw == null) {
        return BALANCED;
      }
      if (raw instanceof String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
          case "none":
            return new None();
          case "balanced":
            return BALANCED;
          default:
            r.problem("classWeight", "must be none, balanced or a map, got '" + s + "'");
            return BALANCED;
        }
      }
      SectionReader c = r.section("classWeight");
      if (c == null) {
        return BALANCED;
      }
      String weighting = c.choice("weighting", "balanced", List.of("none", "balanced", "fixed"));
      ClassWeighting result;
      try {
        result =
            switch (weighting) {
              case "none" -> new None();
              case "fixed" -> new Fixed(c.number("positive", 1), c.number("negative", 1));
              default -> new Balanced(c.number("maxWeight", BALANCED.maxWeight()));
            };
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        result = BALANCED;
      }
      c.rejectUnknownKeys();
      return result;
    }
  }

  /**
   * When the trainer publishes a snapshot: after every {@code everyUpdates} examples learned, and
   * every {@code every} of processing time when it learned something since the last one. Zero turns
   * a trigger off; at least one must be on.
   */
  public record SnapshotCadence(long everyUpdates, Duration every) {

    /** Every 1,000 updates or 10 seconds. */
    public static final SnapshotCadence DEFAULTS =
        new SnapshotCadence(1_000, Duration.ofSeconds(10));

    public SnapshotCadence {
      Objects.requireNonNull(every, "every");
      if (everyUpdates < 0 || every.isNegative()) {
        throw new IllegalArgumentException(
            "model.snapshot.everyUpdates and every must be >= 0, got "
                + everyUpdates
                + " and "
                + every);
      }
      if (everyUpdates == 0 && every.isZero()) {
        throw new IllegalArgumentException(
            "model.snapshot: everyUpdates or every must be > 0, or no snapshot is ever published");
      }
    }

    /** Only after every {@code n} updates. */
    public static SnapshotCadence everyUpdates(long n) {
      return new SnapshotCadence(n, Duration.ZERO);
    }

    Map<String, Object> toMap() {
      return Map.of("everyUpdates", everyUpdates, "every", DurationText.format(every));
    }

    private static SnapshotCadence parse(SectionReader r, List<String> problems) {
      if (r == null) {
        return DEFAULTS;
      }
      long n = r.wholeNumber("everyUpdates", DEFAULTS.everyUpdates());
      Duration every = r.duration("every", DEFAULTS.every());
      r.rejectUnknownKeys();
      try {
        return new SnapshotCadence(n, every);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        return null;
      }
    }
  }

  /**
   * Concept drift on the trainer's own error stream: a detector ({@code ConceptDriftMonitor}), a
   * more sensitive ADWIN that raises warnings (as the Adaptive Random Forest does), and what a
   * drift does to the model.
   *
   * @param detector the drift detector, or {@link Detector#NONE}
   * @param delta ADWIN's confidence for drifts, in (0, 1)
   * @param warningDelta ADWIN's confidence for warnings, in [delta, 1)
   * @param response what a drift does to the model
   * @param cooldown event time between two drift alerts (and two warnings)
   * @param warmup event time, from the first example the trainer learned, during which the
   *     detectors are not fed: while the features' windows fill (the fraud spec's 30-day windows of
   *     7-day-old labels take 38 days) the error stream is not stationary, and an alarm there says
   *     nothing about the concept
   */
  public record ConceptDrift(
      Detector detector,
      double delta,
      double warningDelta,
      Response response,
      Duration cooldown,
      Duration warmup) {

    /** Default warm-up: the monitoring stage's, the fraud spec's longest window + delay + 1 day. */
    public static final Duration DEFAULT_WARMUP =
        Duration.ofMillis(MonitoringStageSettings.DEFAULT_WARMUP_MILLIS);

    /**
     * ADWIN at 0.002, warnings at 0.01, promote a background model, one hour of cooldown, 38 days
     * of warm-up.
     */
    public static final ConceptDrift DEFAULTS =
        new ConceptDrift(
            Detector.ADWIN,
            0.002,
            0.01,
            Response.PROMOTE_BACKGROUND,
            Duration.ofMillis(ConceptDriftSettings.DEFAULT_COOLDOWN_MILLIS),
            DEFAULT_WARMUP);

    /** No detection at all. */
    public static final ConceptDrift OFF =
        new ConceptDrift(Detector.NONE, 0.002, 0.01, Response.NONE, Duration.ZERO, Duration.ZERO);

    /** The detector of drifts. */
    public enum Detector {
      NONE,
      ADWIN,
      DDM,
      DDM_CALIBRATED;

      String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
      }
    }

    /** What a drift does to the model. */
    public enum Response {
      /** Nothing: the drift is alerted and recorded. */
      NONE,
      /** The model is replaced by a fresh one. */
      RESET,
      /**
       * The model is replaced by a background model trained since the latest warning (a fresh one
       * when there was no warning).
       */
      PROMOTE_BACKGROUND;

      /** As the pipeline file and the metric tag write it. */
      public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
      }
    }

    public ConceptDrift {
      Objects.requireNonNull(detector, "detector");
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(cooldown, "cooldown");
      Objects.requireNonNull(warmup, "warmup");
      List<String> problems = new ArrayList<>();
      if (!(delta > 0 && delta < 1)) {
        problems.add("delta must be in (0, 1), got " + delta);
      }
      if (!(warningDelta >= delta && warningDelta < 1)) {
        problems.add("warningDelta must be in [delta, 1), got " + warningDelta);
      }
      if (cooldown.isNegative()) {
        problems.add("cooldown must be >= 0, got " + cooldown);
      }
      if (warmup.isNegative()) {
        problems.add("warmup must be >= 0, got " + warmup);
      }
      if (detector == Detector.NONE && response != Response.NONE) {
        problems.add("response " + response.text() + " needs a detector");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("model.conceptDrift: " + String.join("; ", problems));
      }
    }

    /** These settings with another warm-up. */
    public ConceptDrift withWarmup(Duration newWarmup) {
      return new ConceptDrift(detector, delta, warningDelta, response, cooldown, newWarmup);
    }

    /** The settings of the drift monitor of model {@code model}. */
    public ConceptDriftSettings driftSettings(String model, double threshold) {
      ConceptDriftSettings.ErrorDetector d =
          switch (detector) {
            case DDM -> ConceptDriftSettings.ErrorDetector.DDM;
            case DDM_CALIBRATED -> ConceptDriftSettings.ErrorDetector.DDM_CALIBRATED;
            default -> ConceptDriftSettings.ErrorDetector.ADWIN;
          };
      return new ConceptDriftSettings(
          "concept-drift:" + model, d, delta, threshold, cooldown.toMillis());
    }

    /** The settings of the warning monitor (ADWIN at {@code warningDelta}) of {@code model}. */
    public ConceptDriftSettings warningSettings(String model, double threshold) {
      return new ConceptDriftSettings(
          "concept-drift-warning:" + model,
          ConceptDriftSettings.ErrorDetector.ADWIN,
          warningDelta,
          threshold,
          cooldown.toMillis());
    }

    Map<String, Object> toMap() {
      return Map.of(
          "detector", detector.text(),
          "delta", delta,
          "warningDelta", warningDelta,
          "response", response.text(),
          "cooldown", DurationText.format(cooldown),
          "warmup", DurationText.format(warmup));
    }

    private static ConceptDrift parse(SectionReader r, List<String> problems) {
      if (r == null) {
        return DEFAULTS;
      }
      String detector =
          r.choice(
              "detector",
              DEFAULTS.detector().text(),
              List.of("none", "adwin", "ddm", "ddm-calibrated"));
      String defaultResponse = "none".equals(detector) ? "none" : DEFAULTS.response().text();
      String response =
          r.choice("response", defaultResponse, List.of("none", "reset", "promote-background"));
      double delta = r.number("delta", DEFAULTS.delta());
      double warningDelta = r.number("warningDelta", Math.max(delta, DEFAULTS.warningDelta()));
      Duration cooldown = r.duration("cooldown", DEFAULTS.cooldown());
      Duration warmup = r.duration("warmup", DEFAULTS.warmup());
      r.rejectUnknownKeys();
      try {
        return new ConceptDrift(
            Detector.valueOf(detector.toUpperCase(Locale.ROOT).replace('-', '_')),
            delta,
            warningDelta,
            Response.valueOf(response.toUpperCase(Locale.ROOT).replace('-', '_')),
            cooldown,
            warmup);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        return null;
      }
    }
  }

  /**
   * Windows of the quality metrics computed over the joined (score, label) stream.
   *
   * @param rollingWindow examples of the rolling ROC-AUC, average precision, log loss, precision,
   *     recall and F1
   * @param cardPrecisionK cards investigated per day, the k of card precision@k
   * @param cardPrecisionDays days averaged by card precision@k
   * @param cardEntity the entity id that names a card, e.g. {@code customerId}
   */
  public record Quality(
      int rollingWindow, int cardPrecisionK, int cardPrecisionDays, String cardEntity) {

    /** 10,000 examples, precision@100 over 7 days, cards are customers. */
    public static final Quality DEFAULTS = new Quality(10_000, 100, 7, "customerId");

    public Quality {
      if (rollingWindow < 1 || cardPrecisionK < 1 || cardPrecisionDays < 1) {
        throw new IllegalArgumentException(
            "model.quality: rollingWindow, cardPrecisionK and cardPrecisionDays must be >= 1, got "
                + rollingWindow
                + ", "
                + cardPrecisionK
                + " and "
                + cardPrecisionDays);
      }
      if (cardEntity == null || cardEntity.isBlank()) {
        throw new IllegalArgumentException("model.quality.cardEntity must not be blank");
      }
    }

    Map<String, Object> toMap() {
      return Map.of(
          "rollingWindow", rollingWindow,
          "cardPrecisionK", cardPrecisionK,
          "cardPrecisionDays", cardPrecisionDays,
          "cardEntity", cardEntity);
    }

    private static Quality parse(SectionReader r, List<String> problems) {
      if (r == null) {
        return DEFAULTS;
      }
      int window = r.count("rollingWindow", DEFAULTS.rollingWindow());
      int k = r.count("cardPrecisionK", DEFAULTS.cardPrecisionK());
      int days = r.count("cardPrecisionDays", DEFAULTS.cardPrecisionDays());
      String entity = r.text("cardEntity", DEFAULTS.cardEntity());
      r.rejectUnknownKeys();
      try {
        return new Quality(window, k, days, entity);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        return null;
      }
    }
  }
}
