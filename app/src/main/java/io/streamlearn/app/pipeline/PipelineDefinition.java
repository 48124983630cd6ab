package io.streamlearn.app.pipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A whole pipeline file (docs/PIPELINE.md), typed and validated: its name, engine and guarantee,
 * its topics, and the settings of its three stages, each parsed by its module ({@link
 * FeatureStageSettings#fromPipeline}, {@link ModelStageSettings#fromMap}, {@link
 * MonitoringStageSettings#fromMap}).
 *
 * <p>Every problem of a file is reported at once, in one sentence naming the file and each key
 * path: {@code pipeline fraud.yaml: model.threshold must be in [0, 1], got 1.5}. Unknown keys are
 * rejected, at the top level and in every section.
 *
 * @param name the pipeline's name: the prefix of its Kafka Streams application ids and consumer
 *     groups, and the default model name
 * @param source where the definition came from, for messages: a file name, or {@code built-in NAME}
 * @param engine the engine that runs it, unless the command line says otherwise
 * @param guarantee at-least-once or exactly-once, for every stage
 * @param topics the topics
 * @param features the feature stage's settings
 * @param model the model stage's settings
 * @param monitoring the monitoring stage's settings
 */
public record PipelineDefinition(
    String name,
    String source,
    Engine engine,
    Guarantee guarantee,
    PipelineTopics topics,
    FeatureStageSettings features,
    ModelStageSettings model,
    MonitoringStageSettings monitoring) {

  /** The built-in pipeline of the card-fraud workload, and the {@code run} default. */
  public static final String FRAUD = "fraud";

  /** The pipelines shipped as resources {@code pipelines/<name>.yaml}. */
  public static final List<String> BUILT_IN = List.of(FRAUD);

  /** The top-level keys of a pipeline file. */
  public static final Set<String> KEYS =
      Set.of("name", "engine", "guarantee", "topics", "features", "model", "monitoring");

  /** The engine when the file does not name one. */
  public static final Engine DEFAULT_ENGINE = Engine.KSTREAMS;

  /** The guarantee when the file does not name one. */
  public static final Guarantee DEFAULT_GUARANTEE = Guarantee.AT_LEAST_ONCE;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  private static final Pattern SETTINGS_PREFIX =
      Pattern.compile("^invalid (model |monitoring |)(settings|topics): ");

  public PipelineDefinition {
    List<String> problems = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add(
          "name must start with a letter or digit and contain only letters, digits, '.', '_' and"
              + " '-' (at most 100), not '"
              + name
              + "'");
    }
    source = source == null ? "pipeline" : source;
    requireNonNull(engine, "engine", problems);
    requireNonNull(guarantee, "guarantee", problems);
    requireNonNull(topics, "topics", problems);
    requireNonNull(features, "features", problems);
    requireNonNull(model, "model", problems);
    requireNonNull(monitoring, "monitoring", problems);
    if (engine != null
        && engine != Engine.FLINK
        && features != null
        && features.plan() == EnginePlan.SINGLE_TASK) {
      problems.add(
          "features.plan single-task runs on Flink only (engine: flink); on "
              + engine.label()
              + " the feature stage runs the keyed plan (remove features.plan or set it to keyed)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidPipelineException("pipeline " + source + ": " + String.join("; ", problems));
    }
  }

  private static void requireNonNull(Object value, String key, List<String> problems) {
    if (value == null) {
      problems.add(key + " is required");
    }
  }

  /** The shipped fraud pipeline ({@code pipelines/fraud.yaml}). */
  public static PipelineDefinition fraud() {
    return builtIn(FRAUD);
  }

  /**
   * A built-in pipeline by name ({@link #BUILT_IN}).
   *
   * @throws InvalidPipelineException when there is no such pipeline
   */
  public static PipelineDefinition builtIn(String name) {
    String text = builtInText(name);
    return parse(text, "built-in " + name, null);
  }

  /** The YAML text of a built-in pipeline. */
  public static String builtInText(String name) {
    String resource = "pipelines/" + name + ".yaml";
    try (InputStream in = PipelineDefinition.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null || !BUILT_IN.contains(name)) {
        throw new InvalidPipelineException(
            "there is no built-in pipeline named '" + name + "' (built in: " + BUILT_IN + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidPipelineException("cannot read the built-in pipeline " + name, e);
    }
  }

  /**
   * A pipeline file, or a built-in pipeline when {@code reference} names one and no such file
   * exists: what {@code run --pipeline} takes.
   */
  public static PipelineDefinition resolve(String reference) {
    Path path = Path.of(reference);
    if (BUILT_IN.contains(reference) && !Files.exists(path)) {
      return builtIn(reference);
    }
    return load(path);
  }

  /**
   * Reads a pipeline file. A relative {@code features.spec} path is resolved against the file's
   * directory.
   *
   * @throws InvalidPipelineException when the file is missing, unreadable, not YAML or invalid
   */
  public static PipelineDefinition load(Path file) {
    String shown = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidPipelineException(
          "pipeline file "
              + shown
              + " does not exist (built-in pipelines: "
              + String.join(", ", BUILT_IN)
              + ")",
          e);
    } catch (IOException e) {
      throw new InvalidPipelineException(
          "cannot read pipeline file " + shown + ": " + PipelineFailure.rootMessage(e), e);
    }
    Path directory = file.toAbsolutePath().getParent();
    return parse(
        text, file.getFileName() == null ? shown : file.getFileName().toString(), directory);
  }

  /**
   * Parses the YAML text of a pipeline.
   *
   * @param source what to call it in messages, e.g. its file name
   * @param directory where relative spec paths are resolved, or null for the working directory
   */
  public static PipelineDefinition parse(String yaml, String source, Path directory) {
    Object parsed;
    try {
      ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      parsed = mapper.readValue(yaml, Object.class);
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      throw new InvalidPipelineException(
          "pipeline "
              + source
              + " is not valid YAML"
              + (where == null
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new InvalidPipelineException(
          "pipeline " + source + " must be a YAML mapping of settings (name, engine, ...)");
    }
    Map<String, Object> top = new LinkedHashMap<>();
    map.forEach((key, value) -> top.put(String.valueOf(key), value));
    return fromMap(top, source, directory);
  }

  /** Reads a pipeline given as a map (as YAML or JSON parse it, or built in code). */
  public static PipelineDefinition fromMap(Map<String, ?> pipeline) {
    return fromMap(pipeline, "pipeline", null);
  }

  /**
   * Reads a pipeline given as a map.
   *
   * @param source what to call it in messages
   * @param directory where relative spec paths are resolved, or null for the working directory
   * @throws InvalidPipelineException listing every problem, each with its key path
   */
  public static PipelineDefinition fromMap(Map<String, ?> pipeline, String source, Path directory) {
    Objects.requireNonNull(source, "source");
    Map<String, ?> top = pipeline == null ? Map.of() : pipeline;
    List<String> problems = new ArrayList<>();
    Set<String> unknown = new TreeSet<>(top.keySet());
    unknown.removeAll(KEYS);
    for (String key : unknown) {
      problems.add(key + " is not a pipeline setting (known: " + new TreeSet<>(KEYS) + ")");
    }

    String name = null;
    Object nameValue = top.get("name");
    if (nameValue == null) {
      problems.add("name is required");
    } else if (nameValue instanceof String text && NAME.matcher(text.trim()).matches()) {
      name = text.trim();
    } else {
      problems.add(
          "name must start with a letter or digit and contain only letters, digits, '.', '_' and"
              + " '-', not '"
              + nameValue
              + "'");
    }

    Engine engine = DEFAULT_ENGINE;
    Object engineValue = top.get("engine");
    if (engineValue != null) {
      engine =
          engineValue instanceof String text ? Engine.fromLabel(text.trim()).orElse(null) : null;
      if (engine == null) {
        problems.add("engine must be one of " + Engine.labels() + ", not '" + engineValue + "'");
      }
    }

    Guarantee guarantee = DEFAULT_GUARANTEE;
    Object guaranteeValue = top.get("guarantee");
    if (guaranteeValue != null) {
      guarantee =
          guaranteeValue instanceof String text
              ? Guarantee.fromLabel(text.trim()).orElse(null)
              : null;
      if (guarantee == null) {
        problems.add(
            "guarantee must be one of [at-least-once, exactly-once], not '" + guaranteeValue + "'");
      }
    }

    PipelineTopics topics = topics(section(top, "topics", problems), problems);

    Map<String, Object> featureSection = section(top, "features", problems);
    FeatureStageSettings features = null;
    if (featureSection != null) {
      Map<String, Object> forFeatures = new LinkedHashMap<>();
      Map<String, Object> resolved = new LinkedHashMap<>(featureSection);
      Object spec = resolved.get("spec");
      if (directory != null && spec instanceof String path && looksLikePath(path)) {
        Path specPath = Path.of(path.trim());
        if (!specPath.isAbsolute()) {
          resolved.put("spec", directory.resolve(specPath).normalize().toString());
        }
      }
      forFeatures.put("features", resolved);
      if (guarantee != null) {
        forFeatures.put("guarantee", guarantee.label());
      }
      features = parseSection(() -> FeatureStageSettings.fromPipeline(forFeatures), problems);
    }

    Map<String, Object> modelSection = section(top, "model", problems);
    ModelStageSettings model = null;
    if (modelSection != null) {
      Map<String, Object> withName = new LinkedHashMap<>(modelSection);
      if (!withName.containsKey("name") && name != null) {
        withName.put("name", name);
      }
      model = parseSection(() -> ModelStageSettings.fromMap(withName), problems);
    }

    Map<String, Object> monitoringSection = section(top, "monitoring", problems);
    MonitoringStageSettings monitoring = null;
    if (monitoringSection != null) {
      monitoring = parseSection(() -> MonitoringStageSettings.fromMap(monitoringSection), problems);
    }

    if (!problems.isEmpty()) {
      throw new InvalidPipelineException("pipeline " + source + ": " + String.join("; ", problems));
    }
    return new PipelineDefinition(
        name, source, engine, guarantee, topics, features, model, monitoring);
  }

  /** This pipeline with {@code newFeatures} as its feature stage. */
  public PipelineDefinition withFeatures(FeatureStageSettings newFeatures) {
    return new PipelineDefinition(
        name, source, engine, guarantee, topics, newFeatures, model, monitoring);
  }

  /** This pipeline, called {@code newSource} in messages. */
  public PipelineDefinition withSource(String newSource) {
    return new PipelineDefinition(
        name, newSource, engine, guarantee, topics, features, model, monitoring);
  }

  /** This pipeline on another engine (the command line's {@code --engine}). */
  public PipelineDefinition withEngine(Engine newEngine) {
    return new PipelineDefinition(
        name, source, newEngine, guarantee, topics, features, model, monitoring);
  }

  /** This pipeline with another guarantee, for every stage. */
  public PipelineDefinition withGuarantee(Guarantee newGuarantee) {
    return new PipelineDefinition(
        name,
        source,
        engine,
        newGuarantee,
        topics,
        features.withGuarantee(newGuarantee),
        model,
        monitoring);
  }

  /** This pipeline reading and writing other topics. */
  public PipelineDefinition withTopics(PipelineTopics newTopics) {
    return new PipelineDefinition(
        name, source, engine, guarantee, newTopics, features, model, monitoring);
  }

  /** A short description: name, source, engine and guarantee. */
  public String describe() {
    return name
        + " ("
        + source
        + "): engine "
        + engine.label()
        + ", "
        + guarantee.label()
        + ", spec "
        + features.specSource()
        + ", model "
        + model.name()
        + " ("
        + model.learnerKind()
        + "), "
        + monitoring.monitors().size()
        + " monitors";
  }

  private interface SectionParser<T> {
    T parse();
  }

  private static <T> T parseSection(SectionParser<T> parser, List<String> problems) {
    try {
      return parser.parse();
    } catch (IllegalArgumentException e) {
      problems.add(SETTINGS_PREFIX.matcher(String.valueOf(e.getMessage())).replaceFirst(""));
      return null;
    }
  }

  private static PipelineTopics topics(Map<String, Object> section, List<String> problems) {
    if (section == null) {
      return null;
    }
    Set<String> unknown = new TreeSet<>(section.keySet());
    unknown.removeAll(PipelineTopics.KEYS);
    for (String key : unknown) {
      problems.add(
          "topics." + key + " is not a topic of the pipeline (known: " + PipelineTopics.KEYS + ")");
    }
    Map<String, String> names = new LinkedHashMap<>(PipelineTopics.DEFAULTS.toMap());
    boolean typed = true;
    for (String key : PipelineTopics.KEYS) {
      Object value = section.get(key);
      if (value == null) {
        continue;
      }
      if (value instanceof String text) {
        names.put(key, text.trim());
      } else {
        problems.add("topics." + key + " must be a topic name, not '" + value + "'");
        typed = false;
      }
    }
    if (!typed || !unknown.isEmpty()) {
      return null;
    }
    try {
      return new PipelineTopics(
          names.get("transactions"),
          names.get("labels"),
          names.get("features"),
          names.get("predictions"),
          names.get("modelSnapshots"),
          names.get("modelEvents"),
          names.get("alerts"),
          names.get("lateEvents"));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  /** The mapping under {@code key}; an empty one when absent; null (and a problem) otherwise. */
  private static Map<String, Object> section(
      Map<String, ?> top, String key, List<String> problems) {
    Object value = top.get(key);
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (!(value instanceof Map<?, ?> map)) {
      problems.add(key + " must be a mapping of settings, not '" + value + "'");
      return null;
    }
    Map<String, Object> section = new LinkedHashMap<>();
    map.forEach((k, v) -> section.put(String.valueOf(k), v));
    return section;
  }

  private static boolean looksLikePath(String spec) {
    String trimmed = spec.trim();
    return trimmed.contains("/")
        || trimmed.contains("\\")
        || trimmed.endsWith(".yaml")
        || trimmed.endsWith(".yml");
  }
}
