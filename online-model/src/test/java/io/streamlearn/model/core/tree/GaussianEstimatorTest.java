package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianEstimatorTest {

  @Test
  void weightedMeanAndSampleVarianceMatchTheDirectFormulas() {
    double[] values = {2.0, 4.0, 4.0, 5.0, 7.0, 9.0};
    double[] weights = {1.0, 2.0, 0.5, 1.0, 3.0, 1.5};
    GaussianEstimator estimator = new GaussianEstimator();
    double weightSum = 0;
    double weighted = 0;
    for (int i = 0; i < values.length; i++) {
      estimator.add(values[i], weights[i]);
      weightSum += weights[i];
      weighted += weights[i] * values[i];
    }
    double mean = weighted / weightSum;
    double squares = 0;
    for (int i = 0; i < values.length; i++) {
      squares += weights[i] * (values[i] - mean) * (values[i] - mean);
    }
    assertThat(estimator.weight()).isEqualTo(9.0);
    assertThat(estimator.mean()).isCloseTo(mean, within(1e-12));
    assertThat(estimator.variance()).isCloseTo(squares / (weightSum - 1), within(1e-12));
  }

  @Test
  void densityAtTheMeanIsOneOverSqrtTwoPiSigma() {
    GaussianEstimator estimator = new GaussianEstimator();
    estimator.add(0.0, 1.0);
    estimator.add(2.0, 1.0);
    // mean 1, sample variance 2
    assertThat(estimator.density(1.0))
        .isCloseTo(1.0 / (Math.sqrt(2 * Math.PI) * Math.sqrt(2.0)), within(1e-15));
    assertThat(estimator.density(3.0))
        .isCloseTo(Math.exp(-1.0) / (Math.sqrt(2 * Math.PI) * Math.sqrt(2.0)), within(1e-15));
  }

  @Test
  void aSingleValueHasDensityOneThereAndZeroElsewhere() {
    GaussianEstimator estimator = new GaussianEstimator();
    estimator.add(4.0, 1.0);
    assertThat(estimator.density(4.0)).isEqualTo(1.0);
    assertThat(estimator.density(4.5)).isZero();
  }

  @Test
  void splitWeightGivesTheNormalMassOnEachSide() {
    GaussianEstimator estimator = new GaussianEstimator();
    estimator.add(0.0, 1.0);
    estimator.add(2.0, 1.0);
    double[] split = new double[2];
    // hand computation: 2 * Phi((30/11 - 1) / sqrt(2)) with math.erf
    estimator.splitWeight(6.0 / 11 * 5, split);
    assertThat(split[0]).isCloseTo(1.7780526234000318, within(1e-12));
    assertThat(split[1]).isCloseTo(0.22194737659996822, within(1e-12));
  }

  @Test
  void nonFiniteValuesAreIgnored() {
    GaussianEstimator estimator = new GaussianEstimator();
    estimator.add(Double.NaN, 1.0);
    estimator.add(Double.POSITIVE_INFINITY, 1.0);
    estimator.add(3.0, 1.0);
    assertThat(estimator.weight()).isEqualTo(1.0);
    assertThat(estimator.mean()).isEqualTo(3.0);
  }
}
