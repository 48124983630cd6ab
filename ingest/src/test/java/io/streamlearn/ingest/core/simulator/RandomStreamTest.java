package io.streamlearn.ingest.core.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RandomStreamTest {

  private static final int N = 200_000;

  @Test
  void equalSeedsAndKeysGiveEqualStreamsAndOtherKeysGiveOtherStreams() {
    RandomStream a = RandomStream.derive(42, 3, 17);
    RandomStream b = RandomStream.derive(42, 3, 17);
    RandomStream otherKey = RandomStream.derive(42, 3, 18);
    RandomStream otherSeed = RandomStream.derive(43, 3, 17);

    long first = a.nextLong();
    assertThat(b.nextLong()).isEqualTo(first);
    assertThat(otherKey.nextLong()).isNotEqualTo(first);
    assertThat(otherSeed.nextLong()).isNotEqualTo(first);
    assertThat(RandomStream.derive(42, 17, 3).nextLong()).isNotEqualTo(first);
  }

  @Test
  void theFirstValuesOfAStreamNeverChange() {
    // Golden values: a change here changes every simulated dataset.
    RandomStream random = RandomStream.derive(0, 1, 0);
    assertThat(random.nextLong()).isEqualTo(-4304454368803983651L);
    assertThat(random.nextDouble()).isEqualTo(0.6329759641030209);
  }

  @Test
  void gaussianDrawsHaveMeanZeroAndVarianceOne() {
    RandomStream random = RandomStream.derive(1);
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < N; i++) {
      double x = random.gaussian();
      sum += x;
      sumSquares += x * x;
    }
    double mean = sum / N;
    assertThat(mean).isCloseTo(0.0, within(0.01));
    assertThat(sumSquares / N - mean * mean).isCloseTo(1.0, within(0.01));
  }

  @Test
  void poissonDrawsHaveTheirMeanAsMeanAndVariance() {
    RandomStream random = RandomStream.derive(2);
    for (double lambda : new double[] {0.3, 2.0, 3.9, 60.0}) {
      double sum = 0;
      double sumSquares = 0;
      for (int i = 0; i < N; i++) {
        int k = random.poisson(lambda);
        sum += k;
        sumSquares += (double) k * k;
      }
      double mean = sum / N;
      assertThat(mean).isCloseTo(lambda, within(0.02 * lambda + 0.01));
      assertThat(sumSquares / N - mean * mean).isCloseTo(lambda, within(0.03 * lambda + 0.01));
    }
    assertThat(random.poisson(0.0)).isZero();
  }

  @Test
  void boundedIntsAreUniform() {
    RandomStream random = RandomStream.derive(3);
    int[] counts = new int[7];
    for (int i = 0; i < N * 7; i++) {
      counts[random.nextInt(7)]++;
    }
    for (int count : counts) {
      assertThat((double) count).isCloseTo(N, within(0.02 * N));
    }
    assertThatThrownBy(() -> random.nextInt(0)).hasMessageContaining("bound must be positive");
  }

  @Test
  void distinctSamplesAreDistinctSortedAndCoverTheRange() {
    RandomStream random = RandomStream.derive(4);
    int[] sample = SimulationRun.sampleDistinct(50, 60, random);

    assertThat(sample).hasSize(50).isSorted().doesNotHaveDuplicates();
    assertThat(sample[0]).isGreaterThanOrEqualTo(0);
    assertThat(sample[49]).isLessThan(60);
    assertThat(SimulationRun.sampleDistinct(60, 60, random)).hasSize(60);
    assertThat(SimulationRun.sampleDistinct(0, 60, random)).isEmpty();
  }
}
