package io.streamlearn.monitoring.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PopulationStabilityIndexTest {

  @Test
  void computesTheIndexOfAHandWorkedExample() {
    // shares 0.25 each against 0.1, 0.2, 0.3, 0.4
    double expected =
        -0.15 * Math.log(0.4) - 0.05 * Math.log(0.8) + 0.05 * Math.log(1.2) + 0.15 * Math.log(1.6);
    assertThat(
            PopulationStabilityIndex.psi(new long[] {25, 25, 25, 25}, new long[] {10, 20, 30, 40}))
        .isCloseTo(expected, within(1e-12))
        .isCloseTo(0.2282, within(1e-4));
  }

  @Test
  void replacesTheShareOfAnEmptyBinByEpsilon() {
    double psi = PopulationStabilityIndex.psi(new long[] {50, 50}, new long[] {100, 0}, 1e-4);
    double expected = (1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
    assertThat(psi).isFinite().isCloseTo(expected, within(1e-12));
  }

  @Test
  void binsAreTheDecilesOfTheReference() {
    double[] reference = new double[1_000];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = i;
    }
    double[] edges = PopulationStabilityIndex.binEdges(reference, 10);
    assertThat(edges).containsExactly(99, 199, 299, 399, 499, 599, 699, 799, 899);
    long[] counts = PopulationStabilityIndex.histogram(edges, reference);
    assertThat(counts).containsOnly(100);
    assertThat(PopulationStabilityIndex.binOf(edges, -1e9)).isZero();
    assertThat(PopulationStabilityIndex.binOf(edges, 1e9)).isEqualTo(9);
  }

  @Test
  void mergesEqualEdgesOfADiscreteVariable() {
    double[] reference = new double[100];
    Arrays.fill(reference, 0, 70, 0.0);
    Arrays.fill(reference, 70, 100, 1.0);
    double[] edges = PopulationStabilityIndex.binEdges(reference, 10);
    assertThat(edges).containsExactly(0.0);
    assertThat(PopulationStabilityIndex.histogram(edges, reference)).containsExactly(70, 30);
  }

  @Test
  void isZeroForIdenticalSamplesAndGrowsWithAShift() {
    Random random = new Random(1);
    double[] reference = gaussian(random, 5_000, 0);
    Arrays.sort(reference);
    assertThat(PopulationStabilityIndex.compare(reference, reference, 10).psi()).isZero();
    double small =
        PopulationStabilityIndex.compare(reference, gaussian(random, 5_000, 0.1), 10).psi();
    double large =
        PopulationStabilityIndex.compare(reference, gaussian(random, 5_000, 0.5), 10).psi();
    assertThat(small).isLessThan(0.1);
    assertThat(large).isGreaterThan(0.2).isGreaterThan(small);
  }

  @Test
  void scaledIndexIsAboutChiSquareWithBinsMinusOneDegreesAndThePValueHoldsItsLevel() {
    Random random = new Random(3);
    int trials = 1_000;
    double sumScaled = 0;
    int alarms = 0;
    for (int t = 0; t < trials; t++) {
      double[] reference = gaussian(random, 2_000, 0);
      Arrays.sort(reference);
      PopulationStabilityIndex.Result result =
          PopulationStabilityIndex.compare(reference, gaussian(random, 1_000, 0), 10);
      sumScaled += result.psi() / (1.0 / 2_000 + 1.0 / 1_000);
      if (result.pValue() <= 0.05) {
        alarms++;
      }
    }
    assertThat(sumScaled / trials).isCloseTo(9.0, within(0.6));
    // the chi-square test of the binned counts: 5% +- three standard errors
    assertThat((double) alarms / trials).isBetween(0.029, 0.071);
  }

  private static double[] gaussian(Random random, int n, double mean) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextGaussian() + mean;
    }
    return values;
  }
}
