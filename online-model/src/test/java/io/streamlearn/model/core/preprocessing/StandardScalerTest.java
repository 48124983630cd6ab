package io.streamlearn.model.core.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardScalerTest {

  @Test
  void featuresAreCentredAndDividedByTheirRunningPopulationStandardDeviation() {
    StandardScaler scaler = new StandardScaler();
    double[] values = {2, 4, 4, 4, 5, 5, 7, 9}; // mean 5, population std 2
    for (double v : values) {
      scaler.learnOne(Map.of("x", v));
    }
    assertThat(scaler.mean("x")).isCloseTo(5.0, within(1e-12));
    assertThat(scaler.variance("x")).isCloseTo(4.0, within(1e-12));
    assertThat(scaler.transformOne(Map.of("x", 9.0)).get("x")).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void aWeightedObservationCountsAsThatManyCopies() {
    StandardScaler weighted = new StandardScaler();
    StandardScaler repeated = new StandardScaler();
    weighted.learnOne(Map.of("x", 1.0), 3.0);
    weighted.learnOne(Map.of("x", 5.0), 1.0);
    for (double v : new double[] {1, 1, 1, 5}) {
      repeated.learnOne(Map.of("x", v));
    }
    assertThat(weighted.mean("x")).isCloseTo(repeated.mean("x"), within(1e-12));
    assertThat(weighted.variance("x")).isCloseTo(repeated.variance("x"), within(1e-12));
    assertThat(weighted.variance("x")).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void unseenAndConstantFeaturesScaleToZeroAndTheInputIsLeftAlone() {
    StandardScaler scaler = new StandardScaler();
    scaler.learnOne(Map.of("constant", 3.0));
    scaler.learnOne(Map.of("constant", 3.0));
    Map<String, Double> x = new HashMap<>(Map.of("constant", 7.0, "unseen", 1.0));
    Map<String, Double> scaled = scaler.transformOne(x);
    assertThat(scaled).containsEntry("constant", 0.0).containsEntry("unseen", 0.0);
    assertThat(x).containsEntry("constant", 7.0).containsEntry("unseen", 1.0);
    assertThat(scaled).isNotSameAs(x);
  }

  @Test
  void theScaleFactorTracksTheExactStandardDeviationOverALongStream() {
    StandardScaler scaler = new StandardScaler();
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      double drift = i < 50_000 ? 1.0 : 30.0;
      scaler.learnOne(Map.of("x", drift * random.nextGaussian() + i * 1e-3));
      if (i % 997 == 996) {
        double exact = (1.0 - scaler.mean("x")) / Math.sqrt(scaler.variance("x"));
        double scaled = scaler.transformOne(Map.of("x", 1.0)).get("x");
        assertThat(scaled).isCloseTo(exact, org.assertj.core.api.Assertions.withinPercentage(1e-4));
      }
    }
  }
}
