package io.streamlearn.model.core.imbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.SyntheticStreams;
import io.streamlearn.model.core.SyntheticStreams.Example;
import io.streamlearn.model.core.bayes.GaussianNaiveBayes;
import io.streamlearn.model.core.imbalance.ClassWeightedClassifier.ClassWeights;
import io.streamlearn.model.core.linear.LogisticRegression;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassWeightedClassifierTest {

  @Test
  void fixedWeightsMultiplyTheExampleWeight() {
    LogisticRegression reference = new LogisticRegression();
    ClassWeightedClassifier weighted =
        new ClassWeightedClassifier(new LogisticRegression(), new ClassWeights.Fixed(4.0, 0.5));
    for (Example e : SyntheticStreams.separable(1, 500)) {
      assertThat(weighted.predictProbaOne(e.x())).isEqualTo(reference.predictProbaOne(e.x()));
      weighted.learnOne(e.x(), e.y(), 1.5);
      reference.learnOne(e.x(), e.y(), 1.5 * (e.y() ? 4.0 : 0.5));
    }
  }

  @Test
  void balancedWeightsFollowTheRunningClassCounts() {
    ClassWeightedClassifier balanced =
        new ClassWeightedClassifier(new GaussianNaiveBayes(), new ClassWeights.Balanced(1000));
    assertThat(balanced.classWeight(true)).isEqualTo(1.0);
    for (int i = 0; i < 100; i++) {
      balanced.learnOne(Map.of("a", (double) i), i % 10 == 0, 3.0);
    }
    // 10 positives, 90 negatives, counted as examples whatever their weight.
    assertThat(balanced.classWeight(true)).isCloseTo(102.0 / 22.0, within(1e-12));
    assertThat(balanced.classWeight(false)).isCloseTo(102.0 / 182.0, within(1e-12));
  }

  @Test
  void balancedWeightsAreCapped() {
    ClassWeightedClassifier balanced =
        new ClassWeightedClassifier(new GaussianNaiveBayes(), new ClassWeights.Balanced(50));
    for (int i = 0; i < 1000; i++) {
      balanced.learnOne(Map.of("a", 1.0), false);
    }
    assertThat(balanced.classWeight(true)).isEqualTo(50.0);
  }

  @Test
  void balancingRaisesTheRecallOfARareClass() {
    LogisticRegression plain = new LogisticRegression();
    ClassWeightedClassifier balanced =
        new ClassWeightedClassifier(new LogisticRegression(), new ClassWeights.Balanced(1000));
    SplittableRandom random = new SplittableRandom(3);
    int positives = 0;
    int plainHits = 0;
    int balancedHits = 0;
    for (int i = 0; i < 20_000; i++) {
      boolean y = random.nextDouble() < 0.02;
      Map<String, Double> x = Map.of("signal", random.nextGaussian() + (y ? 1.5 : 0.0));
      if (i >= 10_000 && y) {
        positives++;
        plainHits += plain.predictOne(x) ? 1 : 0;
        balancedHits += balanced.predictOne(x) ? 1 : 0;
      }
      plain.learnOne(x, y);
      balanced.learnOne(x, y);
    }
    assertThat(balancedHits / (double) positives).isGreaterThan(0.6);
    assertThat(plainHits / (double) positives).isLessThan(0.2);
  }

  @Test
  void theWrappedLearnerIsConfiguredThroughNestedParameters() {
    LearnerCatalog catalog = LearnerCatalog.standard();
    var wrapper =
        (ClassWeightedClassifier)
            catalog.create(
                "class-weighted",
                Map.of(
                    "learner", "gaussian-naive-bayes",
                    "learner.var_smoothing", "0.1",
                    "weighting", "fixed",
                    "positive_weight", "20"));
    assertThat(((GaussianNaiveBayes) wrapper.learner()).settings().varSmoothing()).isEqualTo(0.1);
    assertThat(wrapper.weights()).isEqualTo(new ClassWeights.Fixed(20.0, 1.0));
    assertThat(catalog.create("class-weighted", Map.of()))
        .extracting(w -> ((ClassWeightedClassifier) w).learner().kind())
        .isEqualTo("logistic-regression");
  }

  @Test
  void parametersThatDoNotApplyOrDoNotExistAreRejected() {
    LearnerCatalog catalog = LearnerCatalog.standard();
    assertThatThrownBy(() -> catalog.create("class-weighted", Map.of("positive_weight", "5")))
        .hasMessageContaining("'positive_weight' does not apply to balanced weighting");
    assertThatThrownBy(() -> catalog.create("class-weighted", Map.of("learner.momentum", "0.9")))
        .hasMessageContaining("logistic-regression")
        .hasMessageContaining("unknown parameter 'momentum'");
    assertThatThrownBy(() -> catalog.create("class-weighted", Map.of("learner", "svm")))
        .hasMessageContaining("unknown learner kind 'svm'");
    assertThatThrownBy(() -> catalog.create("class-weighted", Map.of("max_weight", "0.5")))
        .hasMessageContaining("max_weight must be >= 1");
  }

  @Test
  void aRejectedExampleDoesNotCountTowardsTheBalance() {
    ClassWeightedClassifier balanced =
        new ClassWeightedClassifier(new LogisticRegression(), new ClassWeights.Balanced(1000));
    balanced.learnOne(Map.of("a", 1.0), false);
    assertThatThrownBy(() -> balanced.learnOne(Map.of("a", Double.NaN), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(balanced.classWeight(true)).isCloseTo(3.0 / 2.0, within(1e-12));
  }

  @Test
  void unweightedProbabilityDividesTheOddsByTheWeightRatio() {
    ClassWeightedClassifier fixed =
        new ClassWeightedClassifier(new LogisticRegression(), new ClassWeights.Fixed(4.0, 0.5));
    // odds 1 divided by 4 / 0.5 = 8: p = 1/9
    assertThat(fixed.unweightedProbability(0.5)).isCloseTo(1.0 / 9.0, within(1e-15));
    assertThat(fixed.unweightedProbability(0.0)).isEqualTo(0.0);
    assertThat(fixed.unweightedProbability(1.0)).isEqualTo(1.0);
    assertThat(fixed.unweightedProbability(0.9)).isGreaterThan(fixed.unweightedProbability(0.8));
    assertThatThrownBy(() -> fixed.unweightedProbability(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unweightedProbabilityRecoversTheUnweightedModelsProbability() {
    // logistic regression learns the log-odds; weighting the positives by w shifts its intercept by
    // ln w, which the correction removes: on an imbalanced stream the corrected probability is
    // close to an unweighted model's (SGD, no scaling: both see the same gradients but for w)
    SplittableRandom random = new SplittableRandom(5);
    Map<String, String> sgd = Map.of("optimizer", "sgd", "learning_rate", "0.005");
    var plain = LearnerCatalog.standard().create("logistic-regression", sgd);
    ClassWeightedClassifier weighted =
        new ClassWeightedClassifier(
            LearnerCatalog.standard().create("logistic-regression", sgd),
            new ClassWeights.Fixed(5.0, 1.0));
    for (int i = 0; i < 200_000; i++) {
      boolean y = random.nextDouble() < 0.05;
      double a = random.nextDouble() * 2 - 1 + (y ? 1.5 : 0);
      plain.learnOne(Map.of("a", a), y);
      weighted.learnOne(Map.of("a", a), y);
    }
    for (double a : new double[] {0.5, 1, 1.5}) { // where the classes overlap
      Map<String, Double> x = Map.of("a", a);
      double uncorrected = weighted.predictProbaOne(x);
      double corrected = weighted.unweightedProbability(uncorrected);
      assertThat(Math.abs(corrected - plain.predictProbaOne(x)))
          .as("a = %s", a)
          .isLessThan(Math.abs(uncorrected - plain.predictProbaOne(x)) / 3);
    }
  }
}
