package io.streamlearn.features.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The double-double sums and the monotonic deques the window totals are built from. */
class NumericBuildingBlocksTest {

  @Test
  void doubleDoubleSumsSurviveAdditionsThatPlainDoublesLose() {
    double[] pair = new double[2];

    DoubleDouble.add(pair, 0, 1e17);
    DoubleDouble.add(pair, 0, 1.0);
    DoubleDouble.add(pair, 0, -1e17);

    assertThat(DoubleDouble.value(pair, 0)).isEqualTo(1.0);
    assertThat(1e17 + 1.0 - 1e17).isEqualTo(0.0); // what a plain double sum gives
  }

  @Test
  void theVarianceOfIdenticalValuesIsExactlyZero() {
    for (double value : new double[] {1.05, 33.33, 0.1, 123456.789, 1e-7}) {
      double[] sum = new double[2];
      double[] squares = new double[2];
      for (int n = 1; n <= 7; n++) {
        DoubleDouble.add(sum, 0, value);
        DoubleDouble.addSquare(squares, 0, value);
        assertThat(DoubleDouble.variance(sum[0], sum[1], squares[0], squares[1], n))
            .as("%s times %d", value, n)
            .isLessThanOrEqualTo(1e-30 * value * value);
      }
    }
  }

  @Test
  void aVarianceLeftAfterRemovingLargeValuesIsStillAccurate() {
    double[] sum = new double[2];
    double[] squares = new double[2];
    double[] values = {1e6, -3e5, 33.33, 33.34, 8e5};
    for (double value : values) {
      DoubleDouble.add(sum, 0, value);
      DoubleDouble.addSquare(squares, 0, value);
    }
    for (double removed : new double[] {1e6, -3e5, 8e5}) {
      DoubleDouble.add(sum, 0, -removed);
      DoubleDouble.add(
          squares, 0, -removed * removed, -Math.fma(removed, removed, -removed * removed));
    }

    double variance = DoubleDouble.variance(sum[0], sum[1], squares[0], squares[1], 2);

    assertThat(Math.sqrt(variance)).isCloseTo(0.005, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void monotonicDequesTrackSlidingMinimaAndMaximaExactly() {
    SplittableRandom random = new SplittableRandom(3);
    MonotonicDeque minimum = MonotonicDeque.minimum();
    MonotonicDeque maximum = MonotonicDeque.maximum();
    Deque<long[]> window = new ArrayDeque<>(); // {bucket, value bits}
    int width = 5;
    for (long bucket = 0; bucket < 2000; bucket += random.nextInt(3)) {
      double value = random.nextInt(50) - 25;
      minimum.push(bucket, value);
      maximum.push(bucket, value);
      window.addLast(new long[] {bucket, Double.doubleToLongBits(value)});
      long first = bucket - width + 1;
      minimum.evictBefore(first);
      maximum.evictBefore(first);
      while (window.peekFirst()[0] < first) {
        window.removeFirst();
      }
      double min =
          window.stream().mapToDouble(e -> Double.longBitsToDouble(e[1])).min().getAsDouble();
      double max =
          window.stream().mapToDouble(e -> Double.longBitsToDouble(e[1])).max().getAsDouble();
      assertThat(minimum.front()).isEqualTo(min);
      assertThat(maximum.front()).isEqualTo(max);
    }
  }
}
