package io.streamlearn.model.core.serving;

import io.streamlearn.model.core.LearnerCodec;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.OnlineClassifier;
import java.util.Map;
import java.util.Objects;

/**
 * What a scorer serves: one snapshot's learner and imputation values, and the decision threshold.
 * Until the first snapshot arrives a scorer serves the untrained learner, version 0. Not
 * thread-safe (learners keep scratch buffers): one per scoring task.
 */
public final class ServingModel {

  private final String modelName;
  private final long version;
  private final OnlineClassifier learner;
  private final FeatureImputer imputer;
  private final double threshold;
  private final FeatureSchemas schemas = new FeatureSchemas();

  private ServingModel(
      String modelName,
      long version,
      OnlineClassifier learner,
      FeatureImputer imputer,
      double threshold) {
    this.modelName = modelName;
    this.version = version;
    this.learner = learner;
    this.imputer = imputer;
    this.threshold = threshold;
  }

  /** The untrained model of {@code settings}, version 0. */
  public static ServingModel untrained(ModelStageSettings settings) {
    return new ServingModel(
        settings.name(),
        0,
        settings.learnerSpec().create(),
        FeatureImputer.empty(),
        settings.threshold());
  }

  /**
   * The model of a published snapshot.
   *
   * @throws LearnerFormatException when the snapshot's learner bytes cannot be read
   */
  public static ServingModel of(ModelStageSettings settings, PublishedModel snapshot)
      throws LearnerFormatException {
    Objects.requireNonNull(snapshot, "snapshot");
    OnlineClassifier learner =
        LearnerCodec.standard()
            .decodePayload(snapshot.learnerKind(), snapshot.formatVersion(), snapshot.state());
    FeatureImputer imputer;
    try {
      imputer = new FeatureImputer(snapshot.featureMeans());
    } catch (IllegalArgumentException e) {
      throw new LearnerFormatException(
          "snapshot "
              + snapshot.version()
              + " of model '"
              + snapshot.modelName()
              + "': "
              + e.getMessage());
    }
    return new ServingModel(
        snapshot.modelName(), snapshot.version(), learner, imputer, settings.threshold());
  }

  /** The score of one feature vector, after the bad-input policy. */
  public Score score(Map<String, Double> rawFeatures) {
    ExampleFeatures features = imputer.impute(rawFeatures);
    double p = learner.predictProbaOne(features.toVector(schemas));
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalStateException(
          "the " + learner.kind() + " learner of model '" + modelName + "' scored " + p);
    }
    return new Score(features, p, p >= threshold);
  }

  /** The snapshot version served (0: untrained). */
  public long version() {
    return version;
  }

  public String modelName() {
    return modelName;
  }

  public double threshold() {
    return threshold;
  }

  /**
   * One score.
   *
   * @param features the canonical features scored, imputed values included
   * @param probability the probability of the positive class
   * @param decision {@code probability >= threshold}
   */
  public record Score(ExampleFeatures features, double probability, boolean decision) {}
}
