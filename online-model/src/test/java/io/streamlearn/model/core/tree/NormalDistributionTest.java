package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalDistributionTest {

  @Test
  void cdfMatchesTabulatedValues() {
    assertThat(NormalDistribution.cdf(0.0)).isEqualTo(0.5);
    assertThat(NormalDistribution.cdf(0.5)).isCloseTo(0.6914624612740131, within(1e-15));
    assertThat(NormalDistribution.cdf(1.0)).isCloseTo(0.8413447460685429, within(1e-15));
    assertThat(NormalDistribution.cdf(-1.96)).isCloseTo(0.024997895148220435, within(1e-15));
    assertThat(NormalDistribution.cdf(3.0)).isCloseTo(0.9986501019683699, within(1e-15));
  }

  @Test
  void cdfKeepsRelativePrecisionFarInTheLowerTail() {
    assertThat(NormalDistribution.cdf(-8.0)).isCloseTo(6.220960574271784e-16, within(1e-27));
    assertThat(NormalDistribution.cdf(-40.0)).isZero();
    assertThat(NormalDistribution.cdf(40.0)).isEqualTo(1.0);
  }

  @Test
  void cdfIsSymmetric() {
    for (double z = -6; z <= 6; z += 0.37) {
      assertThat(NormalDistribution.cdf(z) + NormalDistribution.cdf(-z))
          .isCloseTo(1.0, within(1e-15));
    }
  }
}
