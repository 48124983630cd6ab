package io.streamlearn.model.core.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.model.core.LearnerCatalog;
import io.streamlearn.model.core.SyntheticStreams;
import io.streamlearn.model.core.SyntheticStreams.Example;
import io.streamlearn.model.core.linear.LogisticRegression.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

  private static Settings raw(Optimizer optimizer) {
    return new Settings(optimizer, 0.0, 0.0, true, false);
  }

  private static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  @Test
  void anSgdStepMovesWeightsAlongTheLogLossGradient() {
    LogisticRegression lr = new LogisticRegression(raw(new Optimizer.Sgd(0.1)));
    lr.learnOne(Map.of("a", 2.0), true);
    // p = 0.5, gradient -0.5: w_a = 0.1 * 0.5 * 2 = 0.1, b = 0.1 * 0.5 = 0.05.
    assertThat(lr.weights()).containsEntry("a", 0.1);
    assertThat(lr.intercept()).isCloseTo(0.05, within(1e-15));
    assertThat(lr.predictProbaOne(Map.of("a", 2.0))).isCloseTo(sigmoid(0.25), within(1e-15));
  }

  @Test
  void anAdaGradStepIsNormalisedByTheRootOfSquaredGradients() {
    LogisticRegression lr = new LogisticRegression(raw(new Optimizer.AdaGrad(0.1)));
    lr.learnOne(Map.of("a", 2.0), true);
    lr.learnOne(Map.of("a", 2.0), true);
    // step 1: g_a = -1, G = 1, w = 0.1; g_b = -0.5, G_b = 0.25, b = 0.1.
    // step 2: p = sigmoid(0.3), g = p - 1; G += g^2, w -= 0.1 g / sqrt(G).
    double g = sigmoid(0.3) - 1.0;
    double wa = 0.1 - 0.1 * (2 * g) / Math.sqrt(1.0 + 4 * g * g);
    double b = 0.1 - 0.1 * g / Math.sqrt(0.25 + g * g);
    assertThat(lr.weights().get("a")).isCloseTo(wa, within(1e-8));
    assertThat(lr.intercept()).isCloseTo(b, within(1e-8));
  }

  @Test
  void anFtrlStepFollowsMcMahansAlgorithmOne() {
    LogisticRegression lr =
        new LogisticRegression(
            new Settings(new Optimizer.FtrlProximal(0.1, 1.0), 0.0, 0.5, false, false));
    lr.learnOne(Map.of("a", 1.0), true);
    // g = -0.5; sigma = (sqrt(0.25) - 0) / 0.1 = 5; z = -0.5; n = 0.25;
    // w = -z / ((beta + sqrt(n)) / alpha + l2) = 0.5 / (15 + 0.5).
    assertThat(lr.weights().get("a")).isCloseTo(0.5 / 15.5, within(1e-15));
    assertThat(lr.intercept()).isZero();
  }

  @Test
  void l1KeepsTheWeightsOfIrrelevantFeaturesAtExactlyZeroWithSgdAndFtrl() {
    // FTRL's l1 thresholds the accumulated gradient (McMahan's lambda_1), hence the larger value.
    Map<Optimizer, Double> l1 =
        Map.of(new Optimizer.Sgd(0.05), 0.05, new Optimizer.FtrlProximal(0.1, 1), 20.0);
    for (Optimizer optimizer : l1.keySet()) {
      LogisticRegression sparse = trainedWithJunk(optimizer, l1.get(optimizer));
      LogisticRegression dense = trainedWithJunk(optimizer, 0.0);
      long zeroJunk =
          sparse.weights().entrySet().stream()
              .filter(w -> w.getKey().startsWith("junk") && w.getValue() == 0.0)
              .count();
      assertThat(zeroJunk).as("%s: irrelevant weights at zero", optimizer).isGreaterThan(14);
      assertThat(sparse.weights().get("f0")).as("%s: the signal survives", optimizer).isPositive();
      assertThat(dense.weights().values().stream().filter(w -> w == 0.0).count()).isZero();
    }
  }

  @Test
  void l1ShrinksAdaGradsIrrelevantWeightsTowardZero() {
    LogisticRegression sparse = trainedWithJunk(new Optimizer.AdaGrad(0.1), 0.1);
    LogisticRegression dense = trainedWithJunk(new Optimizer.AdaGrad(0.1), 0.0);
    assertThat(meanAbsoluteJunkWeight(sparse)).isLessThan(meanAbsoluteJunkWeight(dense) / 2);
    assertThat(sparse.weights().get("f0")).isGreaterThan(1.0);
  }

  private static LogisticRegression trainedWithJunk(Optimizer optimizer, double l1) {
    LogisticRegression lr =
        new LogisticRegression(Settings.defaults().withOptimizer(optimizer).withPenalties(l1, 0));
    for (Example e : withNoiseFeatures(SyntheticStreams.separable(1, 3000), 20)) {
      lr.learnOne(e.x(), e.y());
    }
    return lr;
  }

  private static double meanAbsoluteJunkWeight(LogisticRegression lr) {
    return lr.weights().entrySet().stream()
        .filter(w -> w.getKey().startsWith("junk"))
        .mapToDouble(w -> Math.abs(w.getValue()))
        .average()
        .orElseThrow();
  }

  @Test
  void l2ShrinksTheWeights() {
    LogisticRegression plain = new LogisticRegression();
    LogisticRegression shrunk = new LogisticRegression(Settings.defaults().withPenalties(0, 0.1));
    for (Example e : SyntheticStreams.separable(2, 3000)) {
      plain.learnOne(e.x(), e.y());
      shrunk.learnOne(e.x(), e.y());
    }
    assertThat(Math.abs(shrunk.weights().get("f0")))
        .isLessThan(Math.abs(plain.weights().get("f0")) / 2);
  }

  @Test
  void withScalingPredictionsDoNotDependOnTheUnitsOfAFeature() {
    LogisticRegression metres = new LogisticRegression();
    LogisticRegression millimetres = new LogisticRegression();
    for (Example e : SyntheticStreams.separable(3, 1000)) {
      metres.learnOne(e.x(), e.y());
      millimetres.learnOne(rescaled(e.x()), e.y());
    }
    for (Example e : SyntheticStreams.separable(4, 100)) {
      assertThat(millimetres.predictProbaOne(rescaled(e.x())))
          .isCloseTo(metres.predictProbaOne(e.x()), within(1e-9));
    }
  }

  @Test
  void anAbsentFeatureContributesNothing() {
    LogisticRegression lr = new LogisticRegression();
    for (Example e : SyntheticStreams.separable(5, 500)) {
      lr.learnOne(e.x(), e.y());
    }
    assertThat(lr.predictProbaOne(Map.of())).isEqualTo(sigmoid(lr.intercept()));
    assertThat(lr.predictProbaOne(Map.of("unseen", 42.0))).isEqualTo(sigmoid(lr.intercept()));
  }

  @Test
  void everyOptimizerLearnsAStreamWhoseFeaturesNeedScaling() {
    for (String optimizer : List.of("sgd", "adagrad", "ftrl")) {
      var lr =
          LearnerCatalog.standard().create("logistic-regression", Map.of("optimizer", optimizer));
      int correct = 0;
      List<Example> stream = SyntheticStreams.separable(6, 5000);
      for (int i = 0; i < stream.size(); i++) {
        Example e = stream.get(i);
        Map<String, Double> x = new HashMap<>(e.x());
        x.put("f0", 1e4 * x.get("f0") + 5e4);
        if (i >= 4000 && lr.predictOne(x) == e.y()) {
          correct++;
        }
        lr.learnOne(x, e.y());
      }
      assertThat(correct / 1000.0).as(optimizer).isGreaterThan(0.95);
    }
  }

  @Test
  void parametersFromAFileAreCheckedAgainstTheOptimizer() {
    LearnerCatalog catalog = LearnerCatalog.standard();
    assertThat(catalog.spec("logistic-regression", Map.of("optimizer", "adagrad")).settings())
        .isEqualTo(raw(new Optimizer.AdaGrad(0.1)).withScale(true));
    assertThat(
            catalog
                .spec(
                    "logistic-regression",
                    Map.of("optimizer", "ftrl", "alpha", "0.2", "l1", "1", "scale", "false"))
                .settings())
        .isEqualTo(new Settings(new Optimizer.FtrlProximal(0.2, 1.0), 1.0, 0.0, true, false));
    assertThatThrownBy(
            () -> catalog.create("logistic-regression", Map.of("optimizer", "sgd", "alpha", "1")))
        .hasMessageContaining("parameter 'alpha' does not apply to optimizer sgd");
    assertThatThrownBy(
            () ->
                catalog.create(
                    "logistic-regression", Map.of("optimizer", "ftrl", "learning_rate", "1")))
        .hasMessageContaining("parameter 'learning_rate' does not apply to optimizer ftrl");
    assertThatThrownBy(() -> catalog.create("logistic-regression", Map.of("l2", "-0.1")))
        .hasMessageContaining("l2 must be finite and >= 0");
    assertThatThrownBy(() -> catalog.create("logistic-regression", Map.of("learning_rate", "0")))
        .hasMessageContaining("learning_rate must be finite and > 0");
    assertThatThrownBy(() -> catalog.create("logistic-regression", Map.of("optimizer", "adam")))
        .hasMessageContaining("must be one of [sgd, adagrad, ftrl], got 'adam'");
  }

  private static Map<String, Double> rescaled(Map<String, Double> x) {
    Map<String, Double> out = new HashMap<>(x);
    out.put("f0", x.get("f0") * 1000.0);
    out.put("noise", x.get("noise") * 1e-3 - 7.0);
    return out;
  }

  private static List<Example> withNoiseFeatures(List<Example> stream, int junk) {
    SplittableRandom random = new SplittableRandom(99);
    return stream.stream()
        .map(
            e -> {
              Map<String, Double> x = new HashMap<>(e.x());
              for (int j = 0; j < junk; j++) {
                x.put("junk" + j, random.nextDouble(-1, 1));
              }
              return new Example(x, e.y());
            })
        .toList();
  }
}
