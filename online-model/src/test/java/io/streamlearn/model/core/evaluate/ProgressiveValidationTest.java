package io.streamlearn.model.core.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.SyntheticStreams;
import io.streamlearn.model.core.SyntheticStreams.Example;
import io.streamlearn.model.core.linear.LogisticRegression;
import io.streamlearn.monitoring.core.metrics.BinaryMetric;
import io.streamlearn.monitoring.core.metrics.CardPrecisionAtK;
import io.streamlearn.monitoring.core.metrics.LogLoss;
import io.streamlearn.monitoring.core.metrics.RocAuc;
import io.streamlearn.monitoring.core.metrics.ThresholdMetric;
import java.io.DataOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProgressiveValidationTest {

  /** Records what a metric was fed. */
  static final class Recording implements BinaryMetric {
    final List<Double> scores = new ArrayList<>();

    @Override
    public void update(boolean actual, double score) {
      scores.add(score);
    }

    @Override
    public double get() {
      return scores.size();
    }

    @Override
    public boolean biggerIsBetter() {
      return true;
    }

    @Override
    public String name() {
      return "count";
    }
  }

  /** A learner that logs calls; its score is the example's "id" feature divided by 100. */
  static final class LoggingLearner implements OnlineClassifier {
    final List<String> log = new ArrayList<>();

    @Override
    public void learnOne(Map<String, Double> x, boolean y, double weight) {
      if (x.containsKey("bad")) {
        throw new IllegalArgumentException("feature 'bad' must be a finite number, got NaN");
      }
      log.add("learn " + x.get("id").intValue());
    }

    @Override
    public double predictProbaOne(Map<String, Double> x) {
      log.add("predict " + x.get("id").intValue());
      return x.get("id") / 100.0;
    }

    @Override
    public String kind() {
      return "logging";
    }

    @Override
    public int formatVersion() {
      return 1;
    }

    @Override
    public void writeTo(DataOutput out) {}
  }

  private static LabelledExample<Integer> example(int id, long time) {
    return LabelledExample.of(id, Map.of("id", (double) id), id % 2 == 0, time);
  }

  private static LabelledExample<Integer> example(int id, long time, long labelTime) {
    return LabelledExample.of(id, Map.of("id", (double) id), id % 2 == 0, time, labelTime);
  }

  @Test
  void withoutDelayItIsTestThenTrain() {
    List<Example> stream = SyntheticStreams.separable(1, 2000);
    LogisticRegression manual = new LogisticRegression();
    ThresholdMetric manualAccuracy = ThresholdMetric.accuracy();
    List<Double> manualScores = new ArrayList<>();
    for (Example e : stream) {
      double p = manual.predictProbaOne(e.x());
      manualScores.add(p);
      manualAccuracy.update(e.y(), p);
      manual.learnOne(e.x(), e.y());
    }
    List<Double> scores = new ArrayList<>();
    List<LabelledExample<Void>> examples = new ArrayList<>();
    for (int i = 0; i < stream.size(); i++) {
      examples.add(LabelledExample.of(null, stream.get(i).x(), stream.get(i).y(), i));
    }
    Checkpoint last =
        ProgressiveValidation.<Void>builder()
            .learner(new LogisticRegression())
            .metrics(List.of(ThresholdMetric.accuracy()))
            .listener(
                new EvaluationListener<>() {
                  @Override
                  public void onPrediction(LabelledExample<Void> example, double score) {
                    scores.add(score);
                  }
                })
            .build()
            .run(examples.iterator());
    assertThat(scores).isEqualTo(manualScores);
    assertThat(last.metric("accuracy")).isEqualTo(manualAccuracy.get());
    assertThat(last.answers()).isEqualTo(2000);
    assertThat(last.predictions()).isEqualTo(2000);
  }

  @Test
  void aFraudStreamWithLabelsAWeekLateIsScoredWithRankingMetricsAndCardPrecision() {
    long hour = Duration.ofHours(1).toMillis();
    long day = Duration.ofDays(1).toMillis();
    SplittableRandom random = new SplittableRandom(21);
    List<LabelledExample<String>> transactions = new ArrayList<>();
    for (int i = 0; i < 24 * 60; i++) {
      boolean fraud = random.nextDouble() < 0.05;
      double amount = random.nextGaussian() + (fraud ? 2.5 : 0.0);
      String card = "card-" + random.nextInt(200);
      transactions.add(LabelledExample.of(card, Map.of("amount", amount), fraud, i * hour));
    }
    CardPrecisionAtK cardPrecision = new CardPrecisionAtK(5, 30);
    List<Checkpoint> checkpoints = new ArrayList<>();
    Checkpoint last =
        ProgressiveValidation.<String>builder()
            .learner(new LogisticRegression())
            .metrics(List.of(RocAuc.cumulative(), LogLoss.cumulative()))
            .delay(LabelDelay.fixed(Duration.ofDays(7)))
            .step(500)
            .listener(
                new EvaluationListener<>() {
                  @Override
                  public void onPrediction(LabelledExample<String> t, double score) {
                    cardPrecision.update(t.tag(), t.eventTime() / day, score, t.y());
                  }

                  @Override
                  public void onCheckpoint(Checkpoint checkpoint) {
                    checkpoints.add(checkpoint);
                  }
                })
            .build()
            .run(transactions.iterator());
    assertThat(last.answers()).isEqualTo(transactions.size());
    assertThat(checkpoints).extracting(Checkpoint::answers).containsExactly(500L, 1000L, 1440L);
    // The first 7 days are scored by an untrained model, the rest by one learning a week late.
    assertThat(last.metric("roc_auc")).isGreaterThan(0.8);
    assertThat(last.metric("log_loss")).isLessThan(0.5);
    assertThat(cardPrecision.get()).isBetween(0.0, 1.0);
    assertThat(cardPrecision.days()).hasSize(30);
  }

  @Test
  void withAFixedDelayALabelIsLearnedOnlyOnceDue() {
    LoggingLearner learner = new LoggingLearner();
    ProgressiveValidation.<Integer>builder()
        .learner(learner)
        .delay(LabelDelay.fixed(Duration.ofMillis(20)))
        .build()
        .run(
            List.of(example(0, 0), example(1, 10), example(2, 20), example(3, 35), example(4, 50))
                .iterator());
    assertThat(learner.log)
        .containsExactly(
            "predict 0",
            "predict 1",
            "learn 0", // due at 20: revealed before the example of time 20 is scored
            "predict 2",
            "learn 1", // due at 30
            "predict 3",
            "learn 2", // due at 40
            "predict 4",
            "learn 3", // the rest when the stream ends, in label-time order
            "learn 4");
  }

  @Test
  void perExampleLabelTimesAreRevealedInLabelTimeOrder() {
    LoggingLearner learner = new LoggingLearner();
    List<Integer> revealed = new ArrayList<>();
    ProgressiveValidation.<Integer>builder()
        .learner(learner)
        .delay(LabelDelay.perExample())
        .listener(
            new EvaluationListener<>() {
              @Override
              public void onLabel(LabelledExample<Integer> example, double score, long labelTime) {
                revealed.add(example.tag());
              }
            })
        .build()
        .run(
            List.of(example(0, 0, 100), example(1, 1, 5), example(2, 2, 5), example(3, 50, 60))
                .iterator());
    assertThat(revealed).containsExactly(1, 2, 3, 0);
    assertThat(learner.log.indexOf("learn 2")).isLessThan(learner.log.indexOf("predict 3"));
  }

  @Test
  void metricsGetTheScoreGivenAtArrival() {
    Recording recording = new Recording();
    ProgressiveValidation.<Integer>builder()
        .learner(new LoggingLearner())
        .metrics(List.of(recording))
        .delay(LabelDelay.fixed(1000))
        .build()
        .run(List.of(example(30, 0), example(70, 10), example(10, 20)).iterator());
    assertThat(recording.scores).containsExactly(0.3, 0.7, 0.1);
  }

  @Test
  void checkpointsComeEveryStepAndAtTheEnd() {
    List<Long> steps = new ArrayList<>();
    List<LabelledExample<Integer>> examples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      examples.add(example(i, i));
    }
    ProgressiveValidation.<Integer>builder()
        .learner(new LoggingLearner())
        .metrics(List.of(ThresholdMetric.accuracy()))
        .step(3)
        .listener(
            new EvaluationListener<>() {
              @Override
              public void onCheckpoint(Checkpoint checkpoint) {
                steps.add(checkpoint.answers());
                assertThat(checkpoint.metrics()).containsKey("accuracy");
              }
            })
        .build()
        .run(examples.iterator());
    assertThat(steps).containsExactly(3L, 6L, 9L, 10L);
  }

  @Test
  void aSessionRevealsDueLabelsWhenTimeAdvancesWithoutExamples() {
    LoggingLearner learner = new LoggingLearner();
    ProgressiveValidation<Integer>.Session session =
        ProgressiveValidation.<Integer>builder()
            .learner(learner)
            .delay(LabelDelay.fixed(100))
            .build()
            .start();
    assertThat(session.accept(example(40, 0))).isEqualTo(0.4);
    session.accept(example(41, 50));
    assertThat(session.pendingLabels()).isEqualTo(2);
    session.advanceTo(120);
    assertThat(session.pendingLabels()).isEqualTo(1);
    assertThat(learner.log).containsExactly("predict 40", "predict 41", "learn 40");
    assertThat(session.finish().answers()).isEqualTo(2);
    assertThatThrownBy(() -> session.accept(example(1, 200)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void examplesOutOfEventTimeOrderAreRejected() {
    var session =
        ProgressiveValidation.<Integer>builder().learner(new LoggingLearner()).build().start();
    session.accept(example(0, 100));
    assertThatThrownBy(() -> session.accept(example(1, 99)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example 1 has event time 99, before the previous time 100");
    assertThatThrownBy(() -> example(2, 100, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label time 50 is before event time 100");
  }

  @Test
  void anExampleTheLearnerRejectsIsNamed() {
    var validation = ProgressiveValidation.<Integer>builder().learner(new LoggingLearner()).build();
    var bad = LabelledExample.of(7, Map.of("id", 7.0, "bad", 1.0), true, 5);
    assertThatThrownBy(() -> validation.run(List.of(example(0, 0), bad).iterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example 1 at 5")
        .hasMessageContaining("feature 'bad'");
  }

  @Test
  void everyInvalidSettingIsReportedAtOnce() {
    assertThatThrownBy(() -> ProgressiveValidation.builder().step(-1).delay(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a learner is required")
        .hasMessageContaining("a label delay is required")
        .hasMessageContaining("step must be >= 0");
    assertThatThrownBy(
            () ->
                ProgressiveValidation.builder()
                    .learner(new LoggingLearner())
                    .metrics(List.of(ThresholdMetric.accuracy(), ThresholdMetric.accuracy()))
                    .build())
        .hasMessageContaining("metric names must be distinct");
  }
}
