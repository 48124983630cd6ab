package io.streamlearn.model.core.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.model.core.SyntheticStreams;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaussianNaiveBayesTest {

  private static Map<String, Double> x(double a, double b) {
    return Map.of("a", a, "b", b);
  }

  /** River's GaussianNB example, without variance smoothing: its posterior is worked out below. */
  private static GaussianNaiveBayes riversExample() {
    GaussianNaiveBayes nb = new GaussianNaiveBayes(new GaussianNaiveBayes.Settings(0.0));
    nb.learnOne(x(-1, -1), false);
    nb.learnOne(x(-2, -1), false);
    nb.learnOne(x(-3, -2), false);
    nb.learnOne(x(1, 1), true);
    nb.learnOne(x(2, 1), true);
    nb.learnOne(x(3, 2), true);
    return nb;
  }

  @Test
  void thePosteriorFollowsTheRunningClassGaussians() {
    // a: means -2 / 2, sample variances 1; b: means -4/3 / 4/3, sample variances 1/3; equal priors.
    // At (-0.8, -1): log-odds = (1.44 - 7.84) / 2 + (1/9 - 49/9) * 3/2 = -3.2 - 8 = -11.2.
    assertThat(riversExample().predictProbaOne(x(-0.8, -1)))
        .isCloseTo(1.0 / (1.0 + Math.exp(11.2)), within(1e-12));
  }

  @Test
  void priorsAreLaplaceSmoothedClassWeights() {
    GaussianNaiveBayes nb = new GaussianNaiveBayes();
    nb.learnOne(Map.of("a", 1.0), true, 3.0);
    // No feature is known to both classes, so only the prior speaks: (3 + 1) / (3 + 2).
    assertThat(nb.predictProbaOne(Map.of("a", 1.0))).isCloseTo(0.8, within(1e-12));
    assertThat(new GaussianNaiveBayes().predictProbaOne(Map.of("a", 1.0))).isEqualTo(0.5);
  }

  @Test
  void aFeatureAbsentFromTheExampleContributesNothing() {
    GaussianNaiveBayes nb = riversExample();
    double onlyA = nb.predictProbaOne(Map.of("a", 0.5));
    // a alone: log-odds = ((0.5 + 2)^2 - (0.5 - 2)^2) / 2 = 2.
    assertThat(onlyA).isCloseTo(1.0 / (1.0 + Math.exp(-2.0)), within(1e-12));
  }

  @Test
  void aConstantFeatureKeepsTheDensityFinite() {
    GaussianNaiveBayes nb = new GaussianNaiveBayes();
    for (int i = 0; i < 10; i++) {
      nb.learnOne(Map.of("c", 1.0, "v", (double) i), true);
      nb.learnOne(Map.of("c", 1.0, "v", (double) -i), false);
    }
    double p = nb.predictProbaOne(Map.of("c", 1.0, "v", 0.0));
    assertThat(p).isCloseTo(0.5, within(1e-9));
    assertThat(nb.predictProbaOne(Map.of("c", 2.0, "v", 3.0))).isBetween(0.0, 1.0).isNotNaN();
  }

  @Test
  void weightTwoIsExactlyLearningTwice() {
    GaussianNaiveBayes weighted = new GaussianNaiveBayes();
    GaussianNaiveBayes twice = new GaussianNaiveBayes();
    for (SyntheticStreams.Example e : SyntheticStreams.separable(3, 500)) {
      weighted.learnOne(e.x(), e.y(), 2.0);
      twice.learnOne(e.x(), e.y());
      twice.learnOne(e.x(), e.y());
    }
    for (SyntheticStreams.Example e : SyntheticStreams.separable(4, 200)) {
      assertThat(weighted.predictProbaOne(e.x()))
          .isCloseTo(twice.predictProbaOne(e.x()), within(1e-9));
    }
  }
}
