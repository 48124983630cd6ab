package io.streamlearn.model.core.serving;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A model snapshot in core form: what the trainer publishes and scorers serve, field for field the
 * {@code ModelSnapshot} record of the {@code model-snapshots} topic.
 *
 * @param modelName the model
 * @param version the snapshot version, increasing from 1
 * @param learnerKind the kind of the learner in {@code state}
 * @param formatVersion the version of the learner's byte layout
 * @param state the learner's payload ({@code LearnerCodec.payload})
 * @param examplesSeen examples the trainer has learned in total
 * @param eventTimeMillis event time of the last example learned
 * @param featureMeans the imputation value of each feature (its mean over the learned examples)
 * @param metadata e.g. the examples the current model learned, drift responses taken
 */
public record PublishedModel(
    String modelName,
    long version,
    String learnerKind,
    int formatVersion,
    byte[] state,
    long examplesSeen,
    long eventTimeMillis,
    SortedMap<String, Double> featureMeans,
    SortedMap<String, String> metadata) {

  public PublishedModel {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(learnerKind, "learnerKind");
    state = Objects.requireNonNull(state, "state").clone();
    featureMeans = Collections.unmodifiableSortedMap(new TreeMap<>(featureMeans));
    metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
  }

  /** A snapshot from maps in any order. */
  public static PublishedModel of(
      String modelName,
      long version,
      String learnerKind,
      int formatVersion,
      byte[] state,
      long examplesSeen,
      long eventTimeMillis,
      Map<String, Double> featureMeans,
      Map<String, String> metadata) {
    return new PublishedModel(
        modelName,
        version,
        learnerKind,
        formatVersion,
        state,
        examplesSeen,
        eventTimeMillis,
        new TreeMap<>(featureMeans),
        new TreeMap<>(metadata));
  }

  @Override
  public byte[] state() {
    return state.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublishedModel p
        && modelName.equals(p.modelName)
        && version == p.version
        && learnerKind.equals(p.learnerKind)
        && formatVersion == p.formatVersion
        && Arrays.equals(state, p.state)
        && examplesSeen == p.examplesSeen
        && eventTimeMillis == p.eventTimeMillis
        && featureMeans.equals(p.featureMeans)
        && metadata.equals(p.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelName, version, Arrays.hashCode(state), examplesSeen);
  }

  @Override
  public String toString() {
    return "PublishedModel["
        + modelName
        + " v"
        + version
        + " "
        + learnerKind
        + " "
        + state.length
        + " bytes, "
        + examplesSeen
        + " examples]";
  }
}
