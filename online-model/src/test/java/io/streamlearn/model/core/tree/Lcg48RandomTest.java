package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Lcg48RandomTest {

  @Test
  void aSeededGeneratorDrawsJavaUtilRandomsDoubles() {
    for (long seed : new long[] {1L, 42L, -7L}) {
      Lcg48Random ours = Lcg48Random.seeded(seed);
      Random reference = new Random(seed);
      for (int i = 0; i < 1000; i++) {
        assertThat(ours.nextDouble()).isEqualTo(reference.nextDouble());
      }
    }
  }

  @Test
  void aRestoredGeneratorContinuesTheSequence() {
    Lcg48Random original = Lcg48Random.seeded(1L);
    original.nextDouble();
    Lcg48Random restored = Lcg48Random.fromState(original.state());
    for (int i = 0; i < 100; i++) {
      assertThat(restored.nextDouble()).isEqualTo(original.nextDouble());
    }
  }

  @Test
  void poissonWeightsOfTheFirstDrawsAreMoasForSeedOne() {
    // u = 0.7309, 0.4101, 0.2077, 0.3327, 0.9678 against the Poisson(1) CDF
    Lcg48Random random = Lcg48Random.seeded(1L);
    int[] k = new int[5];
    for (int i = 0; i < k.length; i++) {
      k[i] = random.nextPoisson(1.0);
    }
    assertThat(k).containsExactly(1, 1, 0, 0, 3);
  }
}
