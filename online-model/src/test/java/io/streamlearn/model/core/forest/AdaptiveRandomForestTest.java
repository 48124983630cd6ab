package io.streamlearn.model.core.forest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.model.core.tree.ConceptStreams;
import io.streamlearn.model.core.tree.FeatureSubspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptiveRandomForestTest {

  /** SEA with threshold 8, then, from example {@code driftAt}, the opposite concept. */
  private static ConceptStreams.Example flippingSea(Random random, int i, int driftAt) {
    ConceptStreams.Example example = ConceptStreams.sea(random, 8);
    return i < driftAt ? example : new ConceptStreams.Example(example.x(), !example.y());
  }

  /** SEA with threshold 8, then 9.5: a change of part of the concept, warned before detected. */
  private static ConceptStreams.Example shiftingSea(Random random, int i, int driftAt) {
    return ConceptStreams.sea(random, i < driftAt ? 8 : 9.5);
  }

  @Test
  void replacesItsMembersAfterAnAbruptConceptChange() {
    AdaptiveRandomForest adaptive = new AdaptiveRandomForest();
    AdaptiveRandomForest static_ =
        new AdaptiveRandomForest(
            AdaptiveRandomForestOptions.DEFAULTS.withDriftHandling(false, false));
    Random random = new Random(31);
    int adaptiveCorrect = 0;
    int staticCorrect = 0;
    // the 2000 examples right after the change, detection delays included
    for (int i = 0; i < 10_000; i++) {
      ConceptStreams.Example example = flippingSea(random, i, 8_000);
      if (i >= 8_000) {
        adaptiveCorrect += adaptive.predictOne(example.x()) == example.y() ? 1 : 0;
        staticCorrect += static_.predictOne(example.x()) == example.y() ? 1 : 0;
      }
      adaptive.learnOne(example.x(), example.y());
      static_.learnOne(example.x(), example.y());
    }
    assertThat(adaptive.warningsDetected()).isPositive();
    assertThat(adaptive.driftsDetected()).isGreaterThanOrEqualTo(10);
    assertThat(static_.driftsDetected()).isZero();
    assertThat(adaptiveCorrect / 2000.0).isGreaterThan(0.93);
    assertThat(adaptiveCorrect)
        .as("without drift handling: %d", staticCorrect)
        .isGreaterThan(staticCorrect + 100);
  }

  @Test
  void learnsAStationaryConceptToHighAccuracy() {
    AdaptiveRandomForest forest = new AdaptiveRandomForest();
    Random random = new Random(32);
    double accuracy =
        ConceptStreams.prequentialAccuracy(forest, () -> ConceptStreams.sea(random, 8), 10_000);
    assertThat(accuracy).isGreaterThan(0.95);
  }

  @Test
  void parallelTrainingGivesExactlyTheSequentialForest() throws IOException {
    AdaptiveRandomForestOptions sequentialOptions =
        AdaptiveRandomForestOptions.DEFAULTS.withEnsembleSize(7);
    try (AdaptiveRandomForest sequential = new AdaptiveRandomForest(sequentialOptions);
        AdaptiveRandomForest parallel =
            new AdaptiveRandomForest(sequentialOptions.withThreads(3))) {
      Random random = new Random(33);
      for (int i = 0; i < 12_000; i++) {
        ConceptStreams.Example example = flippingSea(random, i, 6_000);
        assertThat(parallel.predictProbaOne(example.x()))
            .isEqualTo(sequential.predictProbaOne(example.x()));
        sequential.learnOne(example.x(), example.y());
        parallel.learnOne(example.x(), example.y());
      }
      assertThat(sequential.driftsDetected()).isPositive();
      assertThat(stateAfterOptions(parallel)).isEqualTo(stateAfterOptions(sequential));
    }
  }

  @Test
  void aRestoredForestWithBackgroundTreesPredictsAndLearnsExactlyAsTheOriginal()
      throws IOException {
    AdaptiveRandomForest original = new AdaptiveRandomForest();
    Random random = new Random(34);
    int i = 0;
    for (; i < 5_000; i++) {
      ConceptStreams.Example example = shiftingSea(random, i, 5_000);
      original.learnOne(example.x(), example.y());
    }
    while (original.backgroundTrees() == 0 && i < 20_000) {
      ConceptStreams.Example example = shiftingSea(random, i++, 5_000);
      original.learnOne(example.x(), example.y());
    }
    assertThat(original.backgroundTrees()).isPositive();
    AdaptiveRandomForest restored =
        AdaptiveRandomForest.read(
            new DataInputStream(new ByteArrayInputStream(bytes(original))), 1, null);
    assertThat(bytes(restored)).isEqualTo(bytes(original));
    for (int j = 0; j < 3000; j++) {
      ConceptStreams.Example example = shiftingSea(random, i + j, 5_000);
      assertThat(restored.predictProbaOne(example.x()))
          .isEqualTo(original.predictProbaOne(example.x()));
      original.learnOne(example.x(), example.y());
      restored.learnOne(example.x(), example.y());
    }
    assertThat(bytes(restored)).isEqualTo(bytes(original));
  }

  @Test
  void differentSeedsGrowDifferentForests() throws IOException {
    AdaptiveRandomForest a = new AdaptiveRandomForest();
    AdaptiveRandomForest b =
        new AdaptiveRandomForest(AdaptiveRandomForestOptions.DEFAULTS.withSeed(2));
    Random random = new Random(35);
    for (int i = 0; i < 2000; i++) {
      ConceptStreams.Example example = ConceptStreams.sea(random, 8);
      a.learnOne(example.x(), example.y());
      b.learnOne(example.x(), example.y());
    }
    assertThat(stateAfterOptions(a)).isNotEqualTo(stateAfterOptions(b));
  }

  @Test
  void subspaceSizesFollowMoaForEachMode() {
    assertThat(FeatureSubspace.SQRT_PLUS_ONE.sizeFor(3)).isEqualTo(3);
    assertThat(FeatureSubspace.SQRT_PLUS_ONE.sizeFor(9)).isEqualTo(4);
    assertThat(FeatureSubspace.SQRT_PLUS_ONE.sizeFor(10)).isEqualTo(4);
    assertThat(FeatureSubspace.SQRT_PLUS_ONE.sizeFor(100)).isEqualTo(11);
    assertThat(FeatureSubspace.percentage(60).sizeFor(10)).isEqualTo(6);
    assertThat(FeatureSubspace.percentage(60).sizeFor(9)).isEqualTo(5);
    assertThat(FeatureSubspace.percentage(60).sizeFor(3)).isEqualTo(2);
    assertThat(FeatureSubspace.percentage(-25).sizeFor(8)).isEqualTo(6);
    assertThat(FeatureSubspace.specified(-2).sizeFor(10)).isEqualTo(8);
    assertThat(FeatureSubspace.specified(50).sizeFor(10)).isEqualTo(10);
    assertThat(FeatureSubspace.specified(-50).sizeFor(10)).isEqualTo(1);
    assertThat(new FeatureSubspace(FeatureSubspace.Mode.ALL_BUT_SQRT_PLUS_ONE, 0).sizeFor(10))
        .isEqualTo(6);
  }

  private static byte[] bytes(AdaptiveRandomForest forest) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    forest.writeTo(new DataOutputStream(buffer));
    return buffer.toByteArray();
  }

  /** The layout without the options, which record the thread count and the seed. */
  private static byte[] stateAfterOptions(AdaptiveRandomForest forest) throws IOException {
    ByteArrayOutputStream options = new ByteArrayOutputStream();
    forest.options().writeTo(new DataOutputStream(options));
    byte[] all = bytes(forest);
    return Arrays.copyOfRange(all, options.size(), all.length);
  }
}
