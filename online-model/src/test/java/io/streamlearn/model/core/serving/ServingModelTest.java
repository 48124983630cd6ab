package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.LearnerFormatException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingModelTest {

  private final ModelStageSettings settings =
      ModelStageSettings.defaults("m")
          .withSnapshot(ModelStageSettings.SnapshotCadence.everyUpdates(100));

  @Test
  void shouldServeTheUntrainedModelAsVersionZero() {
    ServingModel model = ServingModel.untrained(settings);

    assertThat(model.version()).isZero();
    assertThat(model.score(Map.of("a", 1.0)).probability()).isBetween(0.0, 1.0);
  }

  @Test
  void shouldScoreAsTheTrainerPredictedWhenItPublished() throws LearnerFormatException {
    Trainer trainer = Trainer.create(settings);
    List<JoinedExample> stream = ServingExamples.stream(9, 300, -1);
    stream.forEach(trainer::learn);
    PublishedModel snapshot = trainer.publish().model();
    ServingModel model = ServingModel.of(settings, snapshot);

    assertThat(model.version()).isEqualTo(1);
    for (JoinedExample e : stream.subList(0, 20)) {
      ServingModel.Score score = model.score(e.features().asMap());
      assertThat(score.probability()).isEqualTo(trainer.predict(e.features()));
      assertThat(score.decision()).isEqualTo(score.probability() >= 0.5);
    }
  }

  @Test
  void shouldImputeWithTheMeansPublishedInTheSnapshot() throws LearnerFormatException {
    Trainer trainer = Trainer.create(settings);
    ServingExamples.stream(9, 100, -1).forEach(trainer::learn);
    PublishedModel snapshot = trainer.publish().model();
    Map<String, Double> raw = new HashMap<>();
    raw.put("a", Double.NaN);
    raw.put("b", 0.5);

    ServingModel.Score score = ServingModel.of(settings, snapshot).score(raw);

    assertThat(score.features().imputed()).containsExactly("a", "c");
    assertThat(score.features().asMap())
        .containsEntry("a", snapshot.featureMeans().get("a"))
        .containsEntry("c", snapshot.featureMeans().get("c"))
        .containsEntry("b", 0.5);
  }

  @Test
  void shouldRefuseASnapshotWhoseLearnerBytesAreCorrupt() {
    Trainer trainer = Trainer.create(settings);
    ServingExamples.stream(9, 10, -1).forEach(trainer::learn);
    PublishedModel good = trainer.publish().model();
    byte[] state = good.state();
    PublishedModel bad =
        new PublishedModel(
            "m",
            2,
            good.learnerKind(),
            good.formatVersion(),
            java.util.Arrays.copyOf(state, state.length / 2),
            10,
            0,
            good.featureMeans(),
            good.metadata());

    assertThatThrownBy(() -> ServingModel.of(settings, bad))
        .isInstanceOf(LearnerFormatException.class);
  }
}
