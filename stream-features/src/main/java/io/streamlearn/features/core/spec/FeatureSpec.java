package io.streamlearn.features.core.spec;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A declarative feature set: which features every transaction gets, computed point-in-time
 * correctly from its entities' histories. Immutable and validated at construction; every problem is
 * reported at once in a {@link FeatureSpecException}. The semantics are in {@code
 * docs/FEATURES.md}.
 *
 * @param name spec name, e.g. {@code fraud-baseline}
 * @param version spec version, at least 1; {@code name:version} is stamped on every vector
 * @param eventTimeField the field that carries event time ({@code eventTime})
 * @param entityKeys the entity key fields whose state features are computed from, e.g. {@code
 *     customerId} and {@code terminalId}; may be empty for a spec of event features only
 * @param resolution bucket resolution of windowed state: every window and delay is a multiple of
 *     it, and window starts are rounded to it; 1 ms gives exact windows at the cost of state
 * @param timeZone zone for calendar features (hour of day, weekend, night)
 * @param features the features, in output order
 */
public record FeatureSpec(
    String name,
    int version,
    String eventTimeField,
    List<String> entityKeys,
    Duration resolution,
    ZoneId timeZone,
    List<FeatureDefinition> features) {

  private static final Pattern SPEC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  public FeatureSpec {
    Problems problems = Problems.forSpec();
    problems.require(
        name != null && SPEC_NAME.matcher(name).matches(),
        "spec name must start with a letter or digit and contain only letters, digits, '_', '.'"
            + " or '-', not '"
            + name
            + "'");
    problems.require(version >= 1, "spec version must be at least 1, not " + version);
    problems.require(
        TransactionFields.isTime(eventTimeField),
        "eventTimeField must be the event-time field '"
            + TransactionFields.EVENT_TIME
            + "', not '"
            + eventTimeField
            + "'");
    entityKeys = checkEntityKeys(entityKeys, problems);
    checkResolution(resolution, problems);
    problems.require(timeZone != null, "timeZone is required");
    features = checkFeatures(features, entityKeys, resolution, problems);
    problems.throwIfAny();
  }

  /** {@code name:version}, the value of every output vector's {@code specVersion}. */
  public String specVersion() {
    return name + ":" + version;
  }

  /** The names of all output values, in output order (hashed categories expanded). */
  public List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (FeatureDefinition feature : features) {
      names.addAll(feature.outputNames());
    }
    return List.copyOf(names);
  }

  /** The features computed from the event alone, in output order. */
  public List<EventFeature> eventFeatures() {
    List<EventFeature> selected = new ArrayList<>();
    for (FeatureDefinition feature : features) {
      if (feature instanceof EventFeature eventFeature) {
        selected.add(eventFeature);
      }
    }
    return List.copyOf(selected);
  }

  /** The features computed from the state of {@code entityKey}, in output order. */
  public List<EntityFeature> entityFeatures(String entityKey) {
    List<EntityFeature> selected = new ArrayList<>();
    for (FeatureDefinition feature : features) {
      if (feature instanceof EntityFeature entityFeature
          && entityFeature.entity().equals(entityKey)) {
        selected.add(entityFeature);
      }
    }
    return List.copyOf(selected);
  }

  /** The entity keys that have target (label) aggregates, in entity-key order. */
  public List<String> targetEntityKeys() {
    List<String> keys = new ArrayList<>();
    for (String key : entityKeys) {
      if (entityFeatures(key).stream().anyMatch(TargetAggregate.class::isInstance)) {
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  /**
   * How far back any window reaches: the largest {@code window + delay} of all entity features
   * (zero when there are none).
   */
  public Duration maxHorizon() {
    Duration longest = Duration.ZERO;
    for (FeatureDefinition feature : features) {
      Duration reach = horizonOf(feature);
      if (reach.compareTo(longest) > 0) {
        longest = reach;
      }
    }
    return longest;
  }

  /** How far back any target window reaches: the largest {@code window + delay} of them. */
  public Duration targetHorizon() {
    Duration longest = Duration.ZERO;
    for (FeatureDefinition feature : features) {
      if (feature instanceof TargetAggregate && horizonOf(feature).compareTo(longest) > 0) {
        longest = horizonOf(feature);
      }
    }
    return longest;
  }

  private static Duration horizonOf(FeatureDefinition feature) {
    if (feature instanceof WindowAggregate aggregate) {
      return aggregate.window().plus(aggregate.delay());
    }
    if (feature instanceof TargetAggregate target) {
      return target.window().plus(target.delay());
    }
    if (feature instanceof RelativeToMean relative) {
      return relative.window();
    }
    return Duration.ZERO;
  }

  private static List<String> checkEntityKeys(List<String> entityKeys, Problems problems) {
    if (entityKeys == null) {
      problems.add("entityKeys is required (it may be an empty list)");
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    List<String> valid = new ArrayList<>();
    for (String key : entityKeys) {
      if (!TransactionFields.isText(key)) {
        problems.add(
            "entity key '" + key + "' must be a text field, and it is " + describeField(key));
      } else if (!seen.add(key)) {
        problems.add("entity key '" + key + "' is listed twice");
      } else {
        valid.add(key);
      }
    }
    return List.copyOf(valid);
  }

  private static String describeField(String field) {
    return field == null ? "missing" : TransactionFields.describe(field);
  }

  private static void checkResolution(Duration resolution, Problems problems) {
    if (resolution == null) {
      problems.add("resolution is required");
    } else if (resolution.isNegative()
        || resolution.isZero()
        || resolution.getNano() % 1_000_000 != 0) {
      problems.add(
          "resolution must be a positive whole number of milliseconds, not "
              + DurationText.format(resolution));
    }
  }

  private static List<FeatureDefinition> checkFeatures(
      List<FeatureDefinition> features,
      List<String> entityKeys,
      Duration resolution,
      Problems problems) {
    if (features == null || features.isEmpty()) {
      problems.add("a spec needs at least one feature");
      return List.of();
    }
    if (features.stream().anyMatch(Objects::isNull)) {
      problems.add("features must not contain null");
      return List.of();
    }
    Set<String> outputs = new HashSet<>();
    for (FeatureDefinition feature : features) {
      for (String output : feature.outputNames()) {
        if (!outputs.add(output)) {
          problems.add("feature name '" + output + "' is used twice");
        }
      }
      if (feature instanceof EntityFeature entityFeature) {
        checkEntityFeature(entityFeature, entityKeys, resolution, problems);
      }
    }
    return List.copyOf(features);
  }

  private static void checkEntityFeature(
      EntityFeature feature, List<String> entityKeys, Duration resolution, Problems problems) {
    String prefix = "feature '" + feature.name() + "': ";
    if (!entityKeys.contains(feature.entity())) {
      problems.add(
          prefix + "entity '" + feature.entity() + "' is not one of the entity keys " + entityKeys);
    }
    if (feature instanceof WindowAggregate aggregate) {
      checkMultiple(prefix + "window", aggregate.window(), resolution, problems);
      checkMultiple(prefix + "delay", aggregate.delay(), resolution, problems);
    } else if (feature instanceof TargetAggregate target) {
      checkMultiple(prefix + "window", target.window(), resolution, problems);
      checkMultiple(prefix + "delay", target.delay(), resolution, problems);
    } else if (feature instanceof RelativeToMean relative) {
      checkMultiple(prefix + "window", relative.window(), resolution, problems);
    }
  }

  private static void checkMultiple(
      String what, Duration duration, Duration resolution, Problems problems) {
    if (resolution == null || resolution.isZero() || resolution.isNegative()) {
      return;
    }
    if (resolution.getNano() % 1_000_000 != 0) {
      return;
    }
    if (duration.getNano() % 1_000_000 != 0 || duration.toMillis() % resolution.toMillis() != 0) {
      problems.add(
          what
              + " "
              + DurationText.format(duration)
              + " is not a multiple of the resolution "
              + DurationText.format(resolution));
    }
  }
}
