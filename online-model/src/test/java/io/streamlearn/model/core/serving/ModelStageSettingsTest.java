package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.imbalance.ClassWeightedClassifier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelStageSettingsTest {

  @Test
  void shouldReadThePipelineFileExample() {
    ModelStageSettings s =
        ModelStageSettings.fromMap(
            Map.of(
                "name",
                "fraud",
                "learner",
                Map.of("kind", "logistic-regression", "params", Map.of("optimizer", "ftrl")),
                "classWeight",
                "balanced",
                "threshold",
                0.5,
                "labelJoinTtl",
                "30d",
                "snapshot",
                Map.of("everyUpdates", 1000, "every", "10s"),
                "conceptDrift",
                Map.of("detector", "adwin", "response", "promote-background")));

    assertThat(s.name()).isEqualTo("fraud");
    assertThat(s.learnerKind()).isEqualTo("logistic-regression");
    assertThat(s.learnerParams()).containsExactly(Map.entry("optimizer", "ftrl"));
    assertThat(s.classWeight()).isEqualTo(ModelStageSettings.ClassWeighting.BALANCED);
    assertThat(s.labelJoinTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(s.snapshot())
        .isEqualTo(new ModelStageSettings.SnapshotCadence(1000, Duration.ofSeconds(10)));
    assertThat(s.conceptDrift().response())
        .isEqualTo(ModelStageSettings.ConceptDrift.Response.PROMOTE_BACKGROUND);
    assertThat(s.learnerSpec().kind().name()).isEqualTo(ClassWeightedClassifier.KIND.name());
  }

  @Test
  void shouldTakeEveryDefaultFromOnePlaceWhenOnlyTheNameIsGiven() {
    assertThat(ModelStageSettings.fromMap(Map.of("name", "m")))
        .isEqualTo(ModelStageSettings.defaults("m"));
  }

  @Test
  void shouldReadBackWhatItWrites() {
    ModelStageSettings s =
        ModelStageSettings.defaults("m")
            .withLearner("hoeffding-tree", Map.of("grace_period", "50"))
            .withClassWeight(new ModelStageSettings.ClassWeighting.Fixed(20, 1))
            .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(7))
            .withConceptDrift(
                new ModelStageSettings.ConceptDrift(
                    ModelStageSettings.ConceptDrift.Detector.DDM_CALIBRATED,
                    0.001,
                    0.05,
                    ModelStageSettings.ConceptDrift.Response.RESET,
                    Duration.ofMinutes(5),
                    Duration.ofDays(3)))
            .withQuality(new ModelStageSettings.Quality(500, 10, 3, "cardId"));

    assertThat(ModelStageSettings.fromMap(s.toMap())).isEqualTo(s);
    assertThat(ModelStageSettings.fromMap(ModelStageSettings.fraud().toMap()))
        .isEqualTo(ModelStageSettings.fraud());
  }

  @Test
  void shouldFlattenNestedLearnerParameters() {
    ModelStageSettings s =
        ModelStageSettings.fromMap(
            Map.of(
                "name", "m",
                "classWeight", "none",
                "learner",
                    Map.of(
                        "kind",
                        "class-weighted",
                        "params",
                        Map.of(
                            "weighting",
                            "fixed",
                            "positive_weight",
                            10,
                            "learner",
                            Map.of("optimizer", "adagrad")))));

    assertThat(s.learnerParams())
        .containsOnly(
            Map.entry("learner.optimizer", "adagrad"),
            Map.entry("positive_weight", "10"),
            Map.entry("weighting", "fixed"));
  }

  @Test
  void shouldReportEveryProblemWithItsPath() {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("name", "fraud");
    section.put("threshold", 1.5);
    section.put("labelJoinTtl", "soon");
    section.put("snapshot", Map.of("everyUpdates", "many"));
    section.put("thresold", 0.4);
    section.put("conceptDrift", Map.of("detector", "magic"));

    assertThatThrownBy(() -> ModelStageSettings.fromMap(section))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model.labelJoinTtl")
        .hasMessageContaining("model.snapshot.everyUpdates: must be a whole number")
        .hasMessageContaining("model.thresold: unknown key")
        .hasMessageContaining("model.conceptDrift.detector: must be one of none, adwin, ddm");
  }

  @Test
  void shouldRejectAThresholdOutsideZeroToOneAndAnUnknownLearner() {
    assertThatThrownBy(
            () ->
                ModelStageSettings.fromMap(
                    Map.of("name", "m", "threshold", 2, "learner", Map.of("kind", "magic-forest"))))
        .hasMessageContaining("model.threshold must be in [0, 1], got 2.0")
        .hasMessageContaining("unknown learner kind 'magic-forest'");
  }

  @Test
  void shouldRejectLearnerParametersTheKindDoesNotKnow() {
    assertThatThrownBy(
            () ->
                ModelStageSettings.defaults("m")
                    .withLearner("logistic-regression", Map.of("optimiser", "ftrl")))
        .hasMessageContaining("model.learner")
        .hasMessageContaining("optimiser");
  }

  @Test
  void shouldRefuseToWeightAnAlreadyClassWeightedLearner() {
    assertThatThrownBy(
            () -> ModelStageSettings.defaults("m").withLearner("class-weighted", Map.of()))
        .hasMessageContaining("already class-weighted");
  }

  @Test
  void shouldRefuseACadenceThatNeverPublishes() {
    assertThatThrownBy(() -> new ModelStageSettings.SnapshotCadence(0, Duration.ZERO))
        .hasMessageContaining("no snapshot is ever published");
  }

  @Test
  void shouldRefuseADriftResponseWithoutADetector() {
    assertThatThrownBy(
            () ->
                ModelStageSettings.fromMap(
                    Map.of(
                        "name",
                        "m",
                        "conceptDrift",
                        Map.of("detector", "none", "response", "reset"))))
        .hasMessageContaining("response reset needs a detector");
    assertThat(
            ModelStageSettings.fromMap(
                    Map.of("name", "m", "conceptDrift", Map.of("detector", "none")))
                .conceptDrift())
        .isEqualTo(
            new ModelStageSettings.ConceptDrift(
                ModelStageSettings.ConceptDrift.Detector.NONE,
                0.002,
                0.01,
                ModelStageSettings.ConceptDrift.Response.NONE,
                Duration.ofHours(1),
                ModelStageSettings.ConceptDrift.DEFAULT_WARMUP));
  }

  @Test
  void shouldShipTheFraudPipelineWithTheBenchmarksFastLearnerUnweightedAndAWarmedUpDetector() {
    ModelStageSettings fraud = ModelStageSettings.fraud();

    assertThat(fraud.learnerKind()).isEqualTo("logistic-regression");
    assertThat(fraud.learnerParams())
        .containsExactly(Map.entry("learning_rate", "0.5"), Map.entry("optimizer", "adagrad"));
    assertThat(fraud.classWeight()).isEqualTo(new ModelStageSettings.ClassWeighting.None());
    assertThat(fraud.learnerSpec().kind().name()).isEqualTo("logistic-regression");
    assertThat(fraud.conceptDrift().detector())
        .isEqualTo(ModelStageSettings.ConceptDrift.Detector.ADWIN);
    assertThat(fraud.conceptDrift().warmup()).isEqualTo(Duration.ofDays(38));
  }

  @Test
  void shouldReadTheDriftWarmupAndRefuseANegativeOne() {
    assertThat(
            ModelStageSettings.fromMap(Map.of("name", "m", "conceptDrift", Map.of("warmup", "12h")))
                .conceptDrift()
                .warmup())
        .isEqualTo(Duration.ofHours(12));
    assertThatThrownBy(
            () ->
                ModelStageSettings.fromMap(
                    Map.of("name", "m", "conceptDrift", Map.of("warmup", "-PT1H"))))
        .hasMessageContaining("warmup must be >= 0");
  }

  @Test
  void shouldRequireAName() {
    assertThatThrownBy(() -> ModelStageSettings.fromMap(Map.of("threshold", 0.5)))
        .hasMessageContaining("model.name: must be given");
    assertThatThrownBy(() -> ModelStageSettings.defaults("has space"))
        .hasMessageContaining("model.name must be");
  }

  @Test
  void shouldWriteTheSameFingerprintInEveryJvm() {
    // regression: the fingerprint once printed a Map.of, whose order changes from JVM to JVM, and
    // a restarted trainer refused its own state
    assertThat(ModelStageSettings.defaults("m").learnerFingerprint())
        .isEqualTo("logistic-regression{optimizer=ftrl} classWeight=balanced(maxWeight=1000.0)");
    assertThat(
            ModelStageSettings.defaults("m")
                .withClassWeight(new ModelStageSettings.ClassWeighting.Fixed(20, 1))
                .learnerFingerprint())
        .endsWith("classWeight=fixed(positive=20.0, negative=1.0)");
  }

  @Test
  void shouldGiveTheTrainerADistinctFingerprintPerLearnerConfiguration() {
    ModelStageSettings a = ModelStageSettings.defaults("m");
    ModelStageSettings b = a.withLearner("logistic-regression", Map.of("optimizer", "sgd"));
    ModelStageSettings c = a.withClassWeight(new ModelStageSettings.ClassWeighting.None());

    assertThat(List.of(a.learnerFingerprint(), b.learnerFingerprint(), c.learnerFingerprint()))
        .doesNotHaveDuplicates();
    assertThat(
            a.withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(3)).learnerFingerprint())
        .isEqualTo(a.learnerFingerprint());
  }
}
