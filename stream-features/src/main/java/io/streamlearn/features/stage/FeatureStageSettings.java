package io.streamlearn.features.stage;

import io.streamlearn.features.core.StreamSettings;
import io.streamlearn.features.core.spec.DurationText;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.FeatureSpecException;
import io.streamlearn.features.spec.FeatureSpecYaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The settings of the feature stage: the {@code features:} section of the pipeline file
 * (docs/PIPELINE.md), typed and validated; every key with its default is documented in
 * docs/PIPELINE.md (the {@code features:} section). The defaults are the constants below.
 *
 * @param spec the feature spec
 * @param specSource where the spec came from: a built-in spec name or a file path, for messages
 * @param allowedLateness how far behind an entity's newest event time an input may arrive and still
 *     count; later inputs go to {@code late-events}
 * @param keyTtl how long an entity's state lives after its newest event time; at least {@link
 *     StreamSettings#minimumTtl}
 * @param emitMode when features are computed: on arrival (default) or once the watermark passes
 * @param guarantee at-least-once (default) or exactly-once
 * @param idleness Flink: a source partition without records for this long stops holding the
 *     watermark back
 * @param checkpointInterval Flink: how often state and source offsets are checkpointed (and, under
 *     exactly-once, outputs committed)
 * @param plan Flink: keyed stages (default) or the single-task plan
 * @param watermarkAlignment Flink: how far (in event time) a live source split may run ahead of the
 *     slowest one before it is paused; {@link Duration#ZERO} (the default, {@code off}) for no
 *     alignment
 */
public record FeatureStageSettings(
    FeatureSpec spec,
    String specSource,
    Duration allowedLateness,
    Duration keyTtl,
    EmitMode emitMode,
    Guarantee guarantee,
    Duration idleness,
    Duration checkpointInterval,
    EnginePlan plan,
    Duration watermarkAlignment) {

  /** The built-in spec of the fraud pipeline. */
  public static final String DEFAULT_SPEC = "fraud-baseline";

  /** The specs shipped as resources {@code feature-specs/<name>.yaml}. */
  public static final List<String> BUILT_IN_SPECS = List.of(DEFAULT_SPEC);

  /** Default allowed lateness: 1 hour. */
  public static final Duration DEFAULT_ALLOWED_LATENESS = StreamSettings.DEFAULT_ALLOWED_LATENESS;

  /** Default emit mode: {@link EmitMode#ON_ARRIVAL}. */
  public static final EmitMode DEFAULT_EMIT_MODE = EmitMode.ON_ARRIVAL;

  /** Default guarantee: {@link Guarantee#AT_LEAST_ONCE}. */
  public static final Guarantee DEFAULT_GUARANTEE = Guarantee.AT_LEAST_ONCE;

  /** Default source idleness (Flink): 30 seconds. */
  public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(30);

  /** Default engine plan: {@link EnginePlan#KEYED}. */
  public static final EnginePlan DEFAULT_PLAN = EnginePlan.KEYED;

  /** Default checkpoint interval (Flink): 10 seconds. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /** Default watermark alignment (Flink): none ({@code off}). */
  public static final Duration DEFAULT_WATERMARK_ALIGNMENT = Duration.ZERO;

  /** The smallest watermark alignment drift: one second. */
  public static final Duration MINIMUM_WATERMARK_ALIGNMENT = Duration.ofSeconds(1);

  private static final Set<String> KEYS =
      Set.of(
          "spec",
          "allowedLateness",
          "keyTtl",
          "emitMode",
          "guarantee",
          "idleness",
          "checkpointInterval",
          "plan",
          "watermarkAlignment");

  private static final Pattern SPEC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  public FeatureStageSettings {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("features.spec is required");
    }
    specSource = specSource == null && spec != null ? spec.specVersion() : specSource;
    if (!isWholeMillis(allowedLateness, true)) {
      problems.add(
          "features.allowedLateness must be zero or a positive whole number of milliseconds, not "
              + text(allowedLateness));
    }
    if (!isWholeMillis(keyTtl, false)) {
      problems.add(
          "features.keyTtl must be a positive whole number of milliseconds, not " + text(keyTtl));
    } else if (spec != null && isWholeMillis(allowedLateness, true)) {
      Duration minimum = StreamSettings.minimumTtl(spec, allowedLateness);
      if (keyTtl.compareTo(minimum) < 0) {
        problems.add(
            "features.keyTtl "
                + DurationText.format(keyTtl)
                + " is shorter than "
                + DurationText.format(minimum)
                + ", the longest window + delay of spec "
                + spec.specVersion()
                + " plus its resolution plus the allowed lateness: expiring state that early"
                + " would change windowed features");
      }
    }
    if (emitMode == null) {
      problems.add("features.emitMode is required");
    }
    if (guarantee == null) {
      problems.add("features.guarantee is required");
    }
    if (!isWholeMillis(idleness, false)) {
      problems.add("features.idleness must be a positive duration, not " + text(idleness));
    }
    if (!isWholeMillis(checkpointInterval, false)
        || checkpointInterval.compareTo(Duration.ofMillis(10)) < 0) {
      problems.add(
          "features.checkpointInterval must be at least 10ms, not " + text(checkpointInterval));
    }
    if (plan == null) {
      problems.add("features.plan is required");
    }
    if (!isWholeMillis(watermarkAlignment, true)
        || (!watermarkAlignment.isZero()
            && watermarkAlignment.compareTo(MINIMUM_WATERMARK_ALIGNMENT) < 0)) {
      problems.add(
          "features.watermarkAlignment must be off or at least 1s, not "
              + text(watermarkAlignment));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static boolean isWholeMillis(Duration duration, boolean zeroAllowed) {
    return duration != null
        && !duration.isNegative()
        && (zeroAllowed || !duration.isZero())
        && duration.getNano() % 1_000_000 == 0;
  }

  private static String text(Duration duration) {
    return duration == null ? "nothing" : DurationText.format(duration);
  }

  /** The defaults: {@code fromMap(Map.of())}. */
  public static FeatureStageSettings defaults() {
    return fromMap(Map.of());
  }

  /** The default settings for {@code spec}, given in code. */
  public static FeatureStageSettings forSpec(FeatureSpec spec) {
    return new FeatureStageSettings(
        spec,
        spec.specVersion(),
        DEFAULT_ALLOWED_LATENESS,
        defaultKeyTtl(spec, DEFAULT_ALLOWED_LATENESS),
        DEFAULT_EMIT_MODE,
        DEFAULT_GUARANTEE,
        DEFAULT_IDLENESS,
        DEFAULT_CHECKPOINT_INTERVAL,
        DEFAULT_PLAN,
        DEFAULT_WATERMARK_ALIGNMENT);
  }

  /**
   * The default key TTL: {@link StreamSettings#minimumTtl} rounded up to whole days (38 days for
   * the default spec and lateness).
   */
  public static Duration defaultKeyTtl(FeatureSpec spec, Duration allowedLateness) {
    Duration minimum = StreamSettings.minimumTtl(spec, allowedLateness);
    long day = 86_400_000L;
    return Duration.ofMillis((minimum.toMillis() + day - 1) / day * day);
  }

  /** The core's settings: lateness and TTL. */
  public StreamSettings streamSettings() {
    return new StreamSettings(allowedLateness, keyTtl);
  }

  /**
   * These settings with another allowed lateness; the TTL becomes the default for it unless the
   * current one is longer.
   */
  public FeatureStageSettings withAllowedLateness(Duration lateness) {
    Duration ttl = keyTtl;
    if (isWholeMillis(lateness, true)) {
      Duration fitting = defaultKeyTtl(spec, lateness);
      ttl = fitting.compareTo(keyTtl) > 0 ? fitting : keyTtl;
    }
    return new FeatureStageSettings(
        spec,
        specSource,
        lateness,
        ttl,
        emitMode,
        guarantee,
        idleness,
        checkpointInterval,
        plan,
        watermarkAlignment);
  }

  public FeatureStageSettings withKeyTtl(Duration ttl) {
    return new FeatureStageSettings(
        spec,
        specSource,
        allowedLateness,
        ttl,
        emitMode,
        guarantee,
        idleness,
        checkpointInterval,
        plan,
        watermarkAlignment);
  }

  public FeatureStageSettings withEmitMode(EmitMode mode) {
    return new FeatureStageSettings(
        spec,
        specSource,
        allowedLateness,
        keyTtl,
        mode,
        guarantee,
        idleness,
        checkpointInterval,
        plan,
        watermarkAlignment);
  }

  public FeatureStageSettings withGuarantee(Guarantee newGuarantee) {
    return new FeatureStageSettings(
        spec,
        specSource,
        allowedLateness,
        keyTtl,
        emitMode,
        newGuarantee,
        idleness,
        checkpointInterval,
        plan,
        watermarkAlignment);
  }

  public FeatureStageSettings withIdleness(Duration newIdleness) {
    return new FeatureStageSettings(
        spec,
        specSource,
        allowedLateness,
        keyTtl,
        emitMode,
        guarantee,
        newIdleness,
        checkpointInterval,
        plan,
        watermarkAlignment);
  }

  public FeatureStageSettings withCheckpointInterval(Duration interval) {
    return new FeatureStageSettings(
        spec,
        specSource,
        allowedLateness,
        keyTtl,
        emitMode,
        guarantee,
        idleness,
        interval,
        plan,
        watermarkAlignment);
  }

  public FeatureStageSettings withPlan(EnginePlan newPlan) {
    return new FeatureStageSettings(
        spec,
        specSource,
        allowedLateness,
        keyTtl,
        emitMode,
        guarantee,
        idleness,
        checkpointInterval,
        newPlan,
        watermarkAlignment);
  }

  /**
   * These settings with another watermark alignment (Flink): {@link Duration#ZERO} for none, else
   * at least {@link #MINIMUM_WATERMARK_ALIGNMENT}.
   */
  public FeatureStageSettings withWatermarkAlignment(Duration drift) {
    return new FeatureStageSettings(
        spec,
        specSource,
        allowedLateness,
        keyTtl,
        emitMode,
        guarantee,
        idleness,
        checkpointInterval,
        plan,
        drift);
  }

  /** True when live Flink sources are watermark-aligned ({@link #watermarkAlignment} not zero). */
  public boolean alignsWatermarks() {
    return !watermarkAlignment.isZero();
  }

  /**
   * Reads the stage's settings from a whole pipeline file: its {@code features:} section, with the
   * file's top-level {@code guarantee} unless the section sets its own.
   *
   * @throws IllegalArgumentException listing every problem, each with its path
   */
  public static FeatureStageSettings fromPipeline(Map<String, ?> pipeline) {
    Object section = pipeline == null ? null : pipeline.get("features");
    if (section != null && !(section instanceof Map)) {
      throw new IllegalArgumentException("features must be a mapping of settings");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> features =
        section == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>((Map<String, Object>) section);
    Object guarantee = pipeline == null ? null : pipeline.get("guarantee");
    if (guarantee != null && !features.containsKey("guarantee")) {
      features.put("guarantee", guarantee);
    }
    return fromMap(features);
  }

  /**
   * Parses the {@code features:} section of a pipeline file. Absent keys take their defaults.
   *
   * @param section the section as parsed from YAML or JSON, or built in code; null or empty for the
   *     defaults
   * @throws IllegalArgumentException listing every problem, each with its path
   */
  public static FeatureStageSettings fromMap(Map<String, ?> section) {
    Map<String, ?> values = section == null ? Map.of() : section;
    List<String> problems = new ArrayList<>();
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(KEYS);
    for (String key : unknown) {
      problems.add("features." + key + " is not a setting (known: " + new TreeSet<>(KEYS) + ")");
    }
    String specSource = DEFAULT_SPEC;
    Object specValue = values.get("spec");
    if (specValue != null) {
      if (specValue instanceof String text && !text.isBlank()) {
        specSource = text.trim();
      } else {
        problems.add(
            "features.spec must be a built-in spec name or a path, not '" + specValue + "'");
      }
    }
    FeatureSpec spec = resolveSpec(specSource, problems);
    Duration lateness = duration(values, "allowedLateness", DEFAULT_ALLOWED_LATENESS, problems);
    Duration ttl = duration(values, "keyTtl", null, problems);
    if (ttl == null && spec != null && lateness != null && !lateness.isNegative()) {
      ttl = defaultKeyTtl(spec, lateness);
    }
    EmitMode mode =
        choice(
            values,
            "emitMode",
            DEFAULT_EMIT_MODE,
            EmitMode::fromLabel,
            EmitMode.values(),
            problems);
    Guarantee guarantee =
        choice(
            values,
            "guarantee",
            DEFAULT_GUARANTEE,
            Guarantee::fromLabel,
            Guarantee.values(),
            problems);
    Duration idleness = duration(values, "idleness", DEFAULT_IDLENESS, problems);
    Duration checkpoints =
        duration(values, "checkpointInterval", DEFAULT_CHECKPOINT_INTERVAL, problems);
    EnginePlan plan =
        choice(values, "plan", DEFAULT_PLAN, EnginePlan::fromLabel, EnginePlan.values(), problems);
    Duration alignment = DEFAULT_WATERMARK_ALIGNMENT;
    Object alignmentValue = values.get("watermarkAlignment");
    if ("off".equals(alignmentValue) || Boolean.FALSE.equals(alignmentValue)) {
      alignment = Duration.ZERO;
    } else if (alignmentValue != null) {
      alignment = duration(values, "watermarkAlignment", DEFAULT_WATERMARK_ALIGNMENT, problems);
      if (alignment.isZero()) {
        problems.add(
            "features.watermarkAlignment: write off for no alignment, not a zero duration");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new FeatureStageSettings(
        spec, specSource, lateness, ttl, mode, guarantee, idleness, checkpoints, plan, alignment);
  }

  /**
   * The spec named {@code source}: a built-in spec ({@link #BUILT_IN_SPECS}) or the path of a spec
   * YAML file.
   */
  private static FeatureSpec resolveSpec(String source, List<String> problems) {
    boolean looksLikePath =
        !SPEC_NAME.matcher(source).matches() || source.endsWith(".yaml") || source.endsWith(".yml");
    try {
      if (!looksLikePath) {
        String resource = "feature-specs/" + source + ".yaml";
        try (InputStream in =
            FeatureStageSettings.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            problems.add(
                "features.spec '"
                    + source
                    + "' is not a built-in spec (built in: "
                    + BUILT_IN_SPECS
                    + "); give the path of a spec file, e.g. specs/mine.yaml");
            return null;
          }
          return FeatureSpecYaml.parse(
              new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        }
      }
      return FeatureSpecYaml.load(Path.of(source));
    } catch (NoSuchFileException missing) {
      problems.add("features.spec: the spec file " + source + " does not exist");
    } catch (IOException unreadable) {
      problems.add(
          "features.spec: cannot read the spec file " + source + ": " + unreadable.getMessage());
    } catch (FeatureSpecException invalid) {
      invalid.problems().forEach(problem -> problems.add("features.spec: " + problem));
    }
    return null;
  }

  private static Duration duration(
      Map<String, ?> values, String key, Duration fallback, List<String> problems) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Duration duration) {
      return duration;
    }
    if (value instanceof String text) {
      try {
        return DurationText.parse(text);
      } catch (IllegalArgumentException invalid) {
        problems.add("features." + key + ": " + invalid.getMessage());
        return fallback;
      }
    }
    problems.add(
        "features."
            + key
            + " must be a duration with a unit, e.g. 30s, 15m, 1h or 7d, not '"
            + value
            + "'");
    return fallback;
  }

  private static <E extends Enum<E>> E choice(
      Map<String, ?> values,
      String key,
      E fallback,
      Function<String, Optional<E>> parse,
      E[] all,
      List<String> problems) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    Optional<E> parsed = value instanceof String text ? parse.apply(text.trim()) : Optional.empty();
    if (parsed.isEmpty()) {
      List<String> labels = new ArrayList<>();
      for (E option : all) {
        labels.add(
            option instanceof EmitMode mode
                ? mode.label()
                : option instanceof EnginePlan plan ? plan.label() : ((Guarantee) option).label());
      }
      problems.add("features." + key + " must be one of " + labels + ", not '" + value + "'");
      return fallback;
    }
    return parsed.get();
  }

  @Override
  public String toString() {
    return "FeatureStageSettings[spec="
        + Objects.requireNonNullElse(specSource, spec.specVersion())
        + ", allowedLateness="
        + DurationText.format(allowedLateness)
        + ", keyTtl="
        + DurationText.format(keyTtl)
        + ", emitMode="
        + emitMode.label()
        + ", guarantee="
        + guarantee.label()
        + ", idleness="
        + DurationText.format(idleness)
        + ", checkpointInterval="
        + DurationText.format(checkpointInterval)
        + ", plan="
        + plan.label()
        + ", watermarkAlignment="
        + (watermarkAlignment.isZero() ? "off" : DurationText.format(watermarkAlignment))
        + "]";
  }
}
