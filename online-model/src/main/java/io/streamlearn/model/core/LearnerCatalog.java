package io.streamlearn.model.core;

import io.streamlearn.model.core.bayes.GaussianNaiveBayes;
import io.streamlearn.model.core.forest.AdaptiveRandomForest;
import io.streamlearn.model.core.imbalance.ClassWeightedClassifier;
import io.streamlearn.model.core.linear.LogisticRegression;
import io.streamlearn.model.core.tree.HoeffdingAdaptiveTree;
import io.streamlearn.model.core.tree.HoeffdingTree;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The learner kinds the system can build by name and read back from bytes. The app resolves a
 * pipeline file's {@code model: {kind: ..., params: {...}}} through {@link #spec(String, Map)}; the
 * {@link LearnerCodec} resolves the kind written in a learner's header through {@link
 * #kind(String)}.
 *
 * <p>Immutable. {@link #standard()} holds every built-in learner; a new learner is registered by
 * adding its {@code KIND} there, which also puts it under the learner contract suite.
 */
public final class LearnerCatalog {

  private static final LearnerCatalog STANDARD =
      of(
          List.of(
              LogisticRegression.KIND,
              GaussianNaiveBayes.KIND,
              HoeffdingTree.KIND,
              HoeffdingAdaptiveTree.KIND,
              AdaptiveRandomForest.KIND,
              ClassWeightedClassifier.KIND));

  private final Map<String, LearnerKind<?>> kinds;

  private LearnerCatalog(Map<String, LearnerKind<?>> kinds) {
    this.kinds = Collections.unmodifiableMap(kinds);
  }

  /** Every built-in learner kind. */
  public static LearnerCatalog standard() {
    return STANDARD;
  }

  /** A catalog of exactly {@code kinds}. */
  public static LearnerCatalog of(List<? extends LearnerKind<?>> kinds) {
    Map<String, LearnerKind<?>> byName = new LinkedHashMap<>();
    for (LearnerKind<?> k : kinds) {
      if (byName.putIfAbsent(k.name(), k) != null) {
        throw new IllegalArgumentException("learner kind '" + k.name() + "' is registered twice");
      }
    }
    return new LearnerCatalog(byName);
  }

  /** This catalog plus {@code more}. */
  public LearnerCatalog with(List<? extends LearnerKind<?>> more) {
    List<LearnerKind<?>> all = new ArrayList<>(kinds.values());
    all.addAll(more);
    return of(all);
  }

  /** The kinds, in registration order. */
  public List<LearnerKind<?>> kinds() {
    return List.copyOf(kinds.values());
  }

  /** The kind named {@code name}, if registered. */
  public Optional<LearnerKind<?>> find(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  /**
   * The kind named {@code name}.
   *
   * @throws IllegalArgumentException naming the known kinds when {@code name} is not one
   */
  public LearnerKind<?> kind(String name) {
    LearnerKind<?> k = kinds.get(name);
    if (k == null) {
      throw new IllegalArgumentException(unknownKindMessage(name));
    }
    return k;
  }

  /**
   * Validated settings for a learner of kind {@code kind}, from parameters as a pipeline file gives
   * them (absent keys take their defaults).
   *
   * @throws IllegalArgumentException on an unknown kind, unknown keys or invalid values
   */
  public LearnerSpec<?> spec(String kind, Map<String, String> parameters) {
    return kind(kind).spec(parameters, this);
  }

  /** A fresh learner of kind {@code kind} with {@code parameters} (see {@link #spec}). */
  public OnlineClassifier create(String kind, Map<String, String> parameters) {
    return spec(kind, parameters).create();
  }

  /** A fresh learner of kind {@code kind} with its default settings. */
  public OnlineClassifier create(String kind) {
    return create(kind, Map.of());
  }

  String unknownKindMessage(String name) {
    return "unknown learner kind '" + name + "' (known: " + String.join(", ", kinds.keySet()) + ")";
  }

  @Override
  public String toString() {
    return "LearnerCatalog" + kinds.keySet();
  }
}
