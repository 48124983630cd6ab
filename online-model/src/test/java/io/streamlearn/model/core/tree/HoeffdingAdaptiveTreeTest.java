package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HoeffdingAdaptiveTreeTest {

  /** SEA with threshold 8, then, from example {@code driftAt}, the opposite concept. */
  private static ConceptStreams.Example flippingSea(Random random, int i, int driftAt) {
    ConceptStreams.Example example = ConceptStreams.sea(random, 8);
    return i < driftAt ? example : new ConceptStreams.Example(example.x(), !example.y());
  }

  @Test
  void recoversFromAnAbruptConceptChangeWhereAPlainHoeffdingTreeDoesNot() {
    HoeffdingAdaptiveTree adaptive = new HoeffdingAdaptiveTree();
    HoeffdingTree plain = new HoeffdingTree();
    Random random = new Random(21);
    int driftAt = 10_000;
    int adaptiveCorrect = 0;
    int plainCorrect = 0;
    for (int i = 0; i < 20_000; i++) {
      ConceptStreams.Example example = flippingSea(random, i, driftAt);
      if (i >= 15_000) {
        adaptiveCorrect += adaptive.predictOne(example.x()) == example.y() ? 1 : 0;
        plainCorrect += plain.predictOne(example.x()) == example.y() ? 1 : 0;
      }
      adaptive.learnOne(example.x(), example.y());
      plain.learnOne(example.x(), example.y());
    }
    assertThat(adaptive.alternatesGrown()).isPositive();
    assertThat(adaptiveCorrect / 5000.0).isGreaterThan(0.95);
    assertThat(adaptiveCorrect)
        .as("plain tree: %d", plainCorrect)
        .isGreaterThan(plainCorrect + 500);
  }

  @Test
  void raisesNoAlternateOnAStationaryNoiseFreeConcept() {
    HoeffdingAdaptiveTree tree = new HoeffdingAdaptiveTree();
    Random random = new Random(22);
    double accuracy =
        ConceptStreams.prequentialAccuracy(tree, () -> ConceptStreams.sea(random, 8), 20_000);
    assertThat(accuracy).isGreaterThan(0.96);
    assertThat(tree.alternatesSwitched()).isZero();
  }

  @Test
  void aRestoredTreeWithAlternatesPredictsAndLearnsExactlyAsTheOriginal() throws IOException {
    HoeffdingAdaptiveTree original = new HoeffdingAdaptiveTree();
    Random random = new Random(23);
    int i = 0;
    for (; i < 8_000; i++) {
      ConceptStreams.Example example = flippingSea(random, i, 8_000);
      original.learnOne(example.x(), example.y());
    }
    // advance into the drift until some split node carries an alternate
    while (alternates(original.root()) == 0 && i < 30_000) {
      ConceptStreams.Example example = flippingSea(random, i++, 8_000);
      original.learnOne(example.x(), example.y());
    }
    assertThat(alternates(original.root())).isPositive();
    HoeffdingAdaptiveTree restored = roundTrip(original);
    assertThat(bytes(restored)).isEqualTo(bytes(original));
    for (int j = 0; j < 3000; j++) {
      ConceptStreams.Example example = flippingSea(random, i + j, 8_000);
      assertThat(restored.predictProbaOne(example.x()))
          .isEqualTo(original.predictProbaOne(example.x()));
      original.learnOne(example.x(), example.y());
      restored.learnOne(example.x(), example.y());
    }
    assertThat(bytes(restored)).isEqualTo(bytes(original));
  }

  @Test
  void theSeedDrivesTheBootstrapWeights() throws IOException {
    HoeffdingAdaptiveTree a = new HoeffdingAdaptiveTree();
    HoeffdingAdaptiveTree b = new HoeffdingAdaptiveTree();
    HoeffdingAdaptiveTree other =
        new HoeffdingAdaptiveTree(HoeffdingAdaptiveTreeOptions.DEFAULTS.withSeed(99));
    Random random = new Random(24);
    for (int i = 0; i < 3000; i++) {
      ConceptStreams.Example example = ConceptStreams.sea(random, 8);
      a.learnOne(example.x(), example.y());
      b.learnOne(example.x(), example.y());
      other.learnOne(example.x(), example.y());
    }
    assertThat(bytes(a)).isEqualTo(bytes(b));
    assertThat(bytes(other)).isNotEqualTo(bytes(a));
  }

  @Test
  void withoutBootstrapSamplingEveryLeafLearnsWithTheExampleWeight() {
    HoeffdingAdaptiveTree tree =
        new HoeffdingAdaptiveTree(
            HoeffdingAdaptiveTreeOptions.DEFAULTS.withBootstrapSampling(false));
    Random random = new Random(25);
    for (int i = 0; i < 199; i++) {
      double v = random.nextDouble();
      tree.learnOne(java.util.Map.of("a", v), v > 0.5);
    }
    // with unit weights the first split is attempted at exactly the grace period
    assertThat(tree.leafCount()).isEqualTo(1);
    tree.learnOne(java.util.Map.of("a", 0.9), true);
    assertThat(tree.leafCount()).isEqualTo(2);
  }

  private static int alternates(Node node) {
    if (node instanceof SplitNode split) {
      int count = node instanceof AdaptiveSplitNode adaptive && adaptive.alternate != null ? 1 : 0;
      for (int i = 0; i < split.childCount(); i++) {
        count += alternates(split.child(i));
      }
      return count;
    }
    return 0;
  }

  private static byte[] bytes(HoeffdingAdaptiveTree tree) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    tree.writeTo(new DataOutputStream(buffer));
    return buffer.toByteArray();
  }

  private static HoeffdingAdaptiveTree roundTrip(HoeffdingAdaptiveTree tree) throws IOException {
    return HoeffdingAdaptiveTree.read(
        new DataInputStream(new ByteArrayInputStream(bytes(tree))), tree.formatVersion(), null);
  }
}
