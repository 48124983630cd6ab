package io.streamlearn.features.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamlearn.features.core.spec.AggregateFunction;
import io.streamlearn.features.core.spec.DurationText;
import io.streamlearn.features.core.spec.EventValue;
import io.streamlearn.features.core.spec.FeatureDefinition;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.FeatureSpecException;
import io.streamlearn.features.core.spec.HashedCategory;
import io.streamlearn.features.core.spec.HourOfDay;
import io.streamlearn.features.core.spec.NightFlag;
import io.streamlearn.features.core.spec.RelativeToMean;
import io.streamlearn.features.core.spec.TargetAggregate;
import io.streamlearn.features.core.spec.TargetFunction;
import io.streamlearn.features.core.spec.TimeSinceLast;
import io.streamlearn.features.core.spec.TransactionFields;
import io.streamlearn.features.core.spec.Weekend;
import io.streamlearn.features.core.spec.WindowAggregate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link FeatureSpec} from YAML. Every problem in the file is reported at once, each naming
 * the file and the feature, in one {@link FeatureSpecException}. The format, with the default of
 * every optional key, is documented in {@code docs/FEATURES.md}; the shipped example is {@value
 * #FRAUD_BASELINE_RESOURCE}.
 */
public final class FeatureSpecYaml {

  /** Classpath resource of the default spec: the fraud handbook's 15 baseline features. */
  public static final String FRAUD_BASELINE_RESOURCE = "feature-specs/fraud-baseline.yaml";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Set<String> SPEC_KEYS =
      Set.of(
          "name", "version", "eventTimeField", "entityKeys", "resolution", "timeZone", "features");

  private static final Map<String, Set<String>> FEATURE_KEYS =
      Map.of(
          "value", Set.of("field", "missing"),
          "hour_of_day", Set.of(),
          "weekend", Set.of(),
          "night", Set.of("fromHour", "toHour"),
          "hashed", Set.of("field", "buckets"),
          "aggregate", Set.of("entity", "function", "field", "window", "delay", "missing"),
          "target", Set.of("entity", "function", "window", "delay", "missing"),
          "time_since_last", Set.of("entity", "missing"),
          "relative_to_mean", Set.of("entity", "field", "window", "missing"));

  /** The default {@code missing} value of {@code time_since_last}: no previous transaction. */
  public static final double NO_PREVIOUS_TRANSACTION = -1.0;

  private FeatureSpecYaml() {}

  /** The default spec, {@value #FRAUD_BASELINE_RESOURCE}. */
  public static FeatureSpec fraudBaseline() {
    try (InputStream in =
        FeatureSpecYaml.class.getClassLoader().getResourceAsStream(FRAUD_BASELINE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(FRAUD_BASELINE_RESOURCE + " is not on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), FRAUD_BASELINE_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the spec in {@code path}; problems name the file. */
  public static FeatureSpec load(Path path) throws IOException {
    return parse(Files.readString(path), path.getFileName().toString());
  }

  /**
   * Parses a spec.
   *
   * @param source names the text in problems, e.g. the file name
   * @throws FeatureSpecException listing every problem found
   */
  public static FeatureSpec parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new FeatureSpecException(
          List.of(source + ": not valid YAML: " + e.getOriginalMessage()));
    }
    return new Reader(source).spec(root);
  }

  /** Walks one document, collecting problems. */
  private static final class Reader {
    private final String source;
    private final List<String> problems = new ArrayList<>();

    Reader(String source) {
      this.source = source;
    }

    private void problem(String message) {
      problems.add(source + ": " + message);
    }

    FeatureSpec spec(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw new FeatureSpecException(
            List.of(source + ": a feature spec must be a mapping with name, version, ..."));
      }
      unknownKeys(root, SPEC_KEYS, "the spec");
      String name = text(root, "name", null, "the spec");
      int version = integer(root, "version", 0, "the spec");
      String timeField = text(root, "eventTimeField", TransactionFields.EVENT_TIME, "the spec");
      List<String> entityKeys = textList(root, "entityKeys");
      Duration resolution = duration(root, "resolution", null, "the spec");
      ZoneId zone = zone(root);
      List<FeatureDefinition> features = new ArrayList<>();
      JsonNode list = root.get("features");
      if (list == null || !list.isArray()) {
        problem("features must be a list of features");
      } else {
        for (int i = 0; i < list.size(); i++) {
          FeatureDefinition feature = feature(list.get(i), i);
          if (feature != null) {
            features.add(feature);
          }
        }
      }
      try {
        FeatureSpec spec =
            new FeatureSpec(name, version, timeField, entityKeys, resolution, zone, features);
        if (problems.isEmpty()) {
          return spec;
        }
      } catch (FeatureSpecException invalid) {
        invalid.problems().forEach(this::problem);
      }
      throw new FeatureSpecException(problems);
    }

    private FeatureDefinition feature(JsonNode node, int position) {
      if (node == null || !node.isObject()) {
        problem("features[" + position + "] must be a mapping");
        return null;
      }
      String name = node.hasNonNull("name") ? node.get("name").asText() : null;
      String what = name == null ? "features[" + position + "]" : "feature '" + name + "'";
      if (name == null) {
        problem(what + ": name is required");
        return null;
      }
      String type = text(node, "type", null, what);
      if (type == null) {
        return null;
      }
      Set<String> allowed = FEATURE_KEYS.get(type);
      if (allowed == null) {
        problem(
            what + ": unknown type '" + type + "' (known: " + sorted(FEATURE_KEYS.keySet()) + ")");
        return null;
      }
      Set<String> keys = new LinkedHashSet<>(allowed);
      keys.add("name");
      keys.add("type");
      int before = problems.size();
      unknownKeys(node, keys, what);
      try {
        FeatureDefinition feature = build(type, name, node, what);
        return problems.size() == before ? feature : null;
      } catch (FeatureSpecException invalid) {
        invalid.problems().forEach(this::problem);
        return null;
      }
    }

    private FeatureDefinition build(String type, String name, JsonNode node, String what) {
      switch (type) {
        case "value":
          return new EventValue(
              name, text(node, "field", null, what), number(node, "missing", 0.0, what));
        case "hour_of_day":
          return new HourOfDay(name);
        case "weekend":
          return new Weekend(name);
        case "night":
          return new NightFlag(
              name, integer(node, "fromHour", 0, what), integer(node, "toHour", 6, what));
        case "hashed":
          return new HashedCategory(
              name, text(node, "field", null, what), integer(node, "buckets", 0, what));
        case "aggregate":
          {
            String label = text(node, "function", null, what);
            AggregateFunction function = label == null ? null : aggregateFunction(label, what);
            if (label != null && function == null) {
              return null; // reported; checking the rest against a guess would mislead
            }
            return new WindowAggregate(
                name,
                text(node, "entity", null, what),
                function,
                optionalText(node, "field", what),
                duration(node, "window", null, what),
                duration(node, "delay", Duration.ZERO, what),
                number(node, "missing", 0.0, what));
          }
        case "target":
          {
            String label = text(node, "function", null, what);
            TargetFunction function = label == null ? null : targetFunction(label, what);
            if (label != null && function == null) {
              return null;
            }
            return new TargetAggregate(
                name,
                text(node, "entity", null, what),
                function,
                duration(node, "window", null, what),
                duration(node, "delay", Duration.ZERO, what),
                number(node, "missing", 0.0, what));
          }
        case "time_since_last":
          return new TimeSinceLast(
              name,
              text(node, "entity", null, what),
              number(node, "missing", NO_PREVIOUS_TRANSACTION, what));
        default:
          return new RelativeToMean(
              name,
              text(node, "entity", null, what),
              text(node, "field", null, what),
              duration(node, "window", null, what),
              number(node, "missing", 0.0, what));
      }
    }

    private AggregateFunction aggregateFunction(String label, String what) {
      return AggregateFunction.fromLabel(label)
          .orElseGet(
              () -> {
                problem(
                    what
                        + ": unknown aggregate function '"
                        + label
                        + "' (known: "
                        + Arrays.stream(AggregateFunction.values())
                            .map(AggregateFunction::label)
                            .toList()
                        + ")");
                return null;
              });
    }

    private TargetFunction targetFunction(String label, String what) {
      return TargetFunction.fromLabel(label)
          .orElseGet(
              () -> {
                problem(
                    what
                        + ": unknown target function '"
                        + label
                        + "' (known: "
                        + Arrays.stream(TargetFunction.values()).map(TargetFunction::label).toList()
                        + ")");
                return null;
              });
    }

    private void unknownKeys(JsonNode node, Set<String> allowed, String what) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String key = names.next();
        if (!allowed.contains(key)) {
          problem(what + ": unknown key '" + key + "' (allowed: " + sorted(allowed) + ")");
        }
      }
    }

    private String text(JsonNode node, String key, String fallback, String what) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        if (fallback == null) {
          problem(what + ": " + key + " is required");
        }
        return fallback;
      }
      if (!value.isValueNode()) {
        problem(what + ": " + key + " must be a single value");
        return fallback;
      }
      return value.asText();
    }

    /** A value that may be absent: absent reads as null, without a problem. */
    private String optionalText(JsonNode node, String key, String what) {
      JsonNode value = node.get(key);
      return value == null || value.isNull() ? null : text(node, key, null, what);
    }

    private int integer(JsonNode node, String key, int fallback, String what) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return fallback;
      }
      if (!value.canConvertToInt() || !value.isIntegralNumber()) {
        problem(what + ": " + key + " must be a whole number, not '" + value.asText() + "'");
        return fallback;
      }
      return value.intValue();
    }

    private double number(JsonNode node, String key, double fallback, String what) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return fallback;
      }
      if (!value.isNumber()) {
        problem(what + ": " + key + " must be a number, not '" + value.asText() + "'");
        return fallback;
      }
      return value.doubleValue();
    }

    private Duration duration(JsonNode node, String key, Duration fallback, String what) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        if (fallback == null) {
          problem(what + ": " + key + " is required");
        }
        return fallback;
      }
      try {
        return DurationText.parse(value.asText());
      } catch (IllegalArgumentException invalid) {
        problem(what + ": " + key + ": " + invalid.getMessage());
        return fallback;
      }
    }

    private List<String> textList(JsonNode root, String key) {
      JsonNode value = root.get(key);
      if (value == null || !value.isArray()) {
        problem(key + " must be a list, e.g. [customerId, terminalId]");
        return List.of();
      }
      List<String> values = new ArrayList<>();
      value.forEach(element -> values.add(element.asText()));
      return values;
    }

    private ZoneId zone(JsonNode root) {
      String id = text(root, "timeZone", "UTC", "the spec");
      try {
        return ZoneId.of(id);
      } catch (DateTimeException invalid) {
        problem("timeZone '" + id + "' is not a time zone id (e.g. UTC, Europe/Brussels)");
        return ZoneId.of("UTC");
      }
    }

    private static List<String> sorted(Set<String> values) {
      return values.stream().sorted().toList();
    }
  }
}
