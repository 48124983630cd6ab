package io.streamlearn.features.core;

import io.streamlearn.features.core.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link FeatureSpec} compiled for execution with given {@link StreamSettings}: the event part,
 * one {@link EntityFeatures} per entity key, the {@link LabelJoin} and the {@link
 * FeatureVectorAssembler}. Immutable and thread-safe; compile it once per job.
 *
 * <p>The engine plan (see {@code docs/FEATURES.md}): each entity key is a keyed stage that applies
 * transactions (and, for {@link #targetEntityKeys()}, label outcomes) to its {@link EntityState}
 * and emits partial vectors; a stage keyed by transaction id joins labels to transactions ({@link
 * LabelJoin}) and another assembles each transaction's event part and entity parts into its vector.
 */
public final class FeaturePlan {

  /** The part name of features of the transaction alone. */
  public static final String EVENT_PART = "event";

  private final FeatureSpec spec;
  private final String specVersion;
  private final StreamSettings settings;
  private final EventFeatures eventFeatures;
  private final List<EntityFeatures> entities;
  private final LabelJoin labelJoin;
  private final FeatureVectorAssembler assembler;

  private FeaturePlan(FeatureSpec spec, StreamSettings settings) {
    this.spec = spec;
    this.specVersion = spec.specVersion();
    this.settings = settings;
    this.eventFeatures = new EventFeatures(spec);
    List<EntityFeatures> compiled = new ArrayList<>();
    for (String key : spec.entityKeys()) {
      compiled.add(new EntityFeatures(spec, key, settings));
    }
    this.entities = List.copyOf(compiled);
    this.labelJoin = new LabelJoin(spec);
    Map<String, List<String>> parts = new LinkedHashMap<>();
    parts.put(EVENT_PART, eventFeatures.featureNames());
    for (EntityFeatures entity : entities) {
      parts.put(entity.entityKey(), entity.featureNames());
    }
    this.assembler = new FeatureVectorAssembler(spec.featureNames(), parts);
  }

  /**
   * Compiles {@code spec}.
   *
   * @throws IllegalArgumentException when the settings' TTL is too short for the spec's windows
   */
  public static FeaturePlan compile(FeatureSpec spec, StreamSettings settings) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(settings, "settings");
    settings.checkAgainst(spec);
    return new FeaturePlan(spec, settings);
  }

  /** Compiles {@code spec} with {@link StreamSettings#defaultsFor its default settings}. */
  public static FeaturePlan compile(FeatureSpec spec) {
    return compile(spec, StreamSettings.defaultsFor(spec));
  }

  public FeatureSpec spec() {
    return spec;
  }

  public StreamSettings settings() {
    return settings;
  }

  /** The value of every vector's {@code specVersion}, e.g. {@code fraud-baseline:1}. */
  public String specVersion() {
    return specVersion; // once: every vector carries it
  }

  /** All output names, in the spec's order. */
  public List<String> featureNames() {
    return spec.featureNames();
  }

  public EventFeatures eventFeatures() {
    return eventFeatures;
  }

  /** One per entity key, in the spec's entity-key order. */
  public List<EntityFeatures> entities() {
    return entities;
  }

  /** The compiled features of entity key {@code entityKey}. */
  public EntityFeatures entity(String entityKey) {
    for (EntityFeatures entity : entities) {
      if (entity.entityKey().equals(entityKey)) {
        return entity;
      }
    }
    throw new IllegalArgumentException(
        "'" + entityKey + "' is not an entity key of " + spec.specVersion());
  }

  /** The entity keys that consume label outcomes; empty when the spec has no target features. */
  public List<String> targetEntityKeys() {
    return spec.targetEntityKeys();
  }

  public LabelJoin labelJoin() {
    return labelJoin;
  }

  public FeatureVectorAssembler assembler() {
    return assembler;
  }
}
