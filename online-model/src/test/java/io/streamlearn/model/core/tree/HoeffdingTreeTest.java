package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HoeffdingTreeTest {

  private static Map<String, Double> x(Object... namesAndValues) {
    Map<String, Double> x = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      x.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
    }
    return x;
  }

  @Test
  void predictsOneHalfBeforeLearningAnything() {
    assertThat(new HoeffdingTree().predictProbaOne(x("a", 1))).isEqualTo(0.5);
  }

  @Test
  void attemptsTheFirstSplitOnlyAtTheGracePeriod() {
    HoeffdingTree tree = new HoeffdingTree();
    Random random = new Random(1);
    for (int i = 0; i < 199; i++) {
      double v = random.nextDouble();
      tree.learnOne(x("a", v), v > 0.5);
    }
    assertThat(tree.leafCount()).isEqualTo(1);
    tree.learnOne(x("a", 0.9), true);
    assertThat(tree.leafCount()).isEqualTo(2);
    assertThat(tree.rootTest()).startsWith("a <= ");
  }

  @Test
  void twoEquallyGoodFeaturesSplitOnlyOnceTheBoundFallsBelowTheTieThreshold() {
    // identical features have identical merits, so only the tie rule can split: the bound
    // sqrt(ln(1e7) / 2n) is 0.0502 at n = 3200 and 0.0487 at n = 3400 (attempts every 200)
    HoeffdingTree tree = new HoeffdingTree();
    Random random = new Random(2);
    for (int i = 0; i < 3399; i++) {
      double v = random.nextDouble();
      tree.learnOne(x("a", v, "b", v), v > 0.5);
    }
    assertThat(tree.leafCount()).isEqualTo(1);
    tree.learnOne(x("a", 0.7, "b", 0.7), true);
    assertThat(tree.leafCount()).isEqualTo(2);
    // on equal merit the later feature ranks higher, as in MOA's stable sort
    assertThat(tree.rootTest()).startsWith("b <= ");
  }

  @Test
  void splitsOnTheInformativeFeatureRatherThanNoise() {
    HoeffdingTree tree = new HoeffdingTree();
    Random random = new Random(3);
    for (int i = 0; i < 2000; i++) {
      double informative = random.nextDouble();
      tree.learnOne(x("noise", random.nextDouble(), "signal", informative), informative > 0.3);
    }
    assertThat(tree.rootTest()).startsWith("signal <= ");
    double threshold = Double.parseDouble(tree.rootTest().substring("signal <= ".length()));
    assertThat(threshold).isCloseTo(0.3, within(0.1));
  }

  @Test
  void aMissingFeatureFollowsTheBranchThatReceivedMoreWeight() {
    for (boolean heavyIsPositive : new boolean[] {true, false}) {
      HoeffdingTree tree =
          new HoeffdingTree(
              HoeffdingTreeOptions.DEFAULTS.withLeafPrediction(LeafPrediction.MAJORITY_CLASS));
      Random random = new Random(4);
      for (int i = 0; i < 1000; i++) {
        double v = random.nextDouble();
        // 70% of the weight lies on the side whose label is heavyIsPositive
        boolean y = heavyIsPositive ? v > 0.3 : v > 0.7;
        tree.learnOne(x("a", v), y);
      }
      assertThat(tree.splitNodeCount()).isPositive();
      assertThat(tree.predictOne(Map.of())).isEqualTo(heavyIsPositive);
      assertThat(tree.predictOne(Map.of("unknown", 1.0))).isEqualTo(heavyIsPositive);
    }
  }

  @Test
  void majorityClassLeavesPredictTheObservedFrequency() {
    HoeffdingTree tree =
        new HoeffdingTree(
            HoeffdingTreeOptions.DEFAULTS.withLeafPrediction(LeafPrediction.MAJORITY_CLASS));
    for (int i = 0; i < 10; i++) {
      tree.learnOne(x("a", i), i < 3);
    }
    assertThat(tree.predictProbaOne(x("a", 0))).isCloseTo(0.3, within(1e-15));
    assertThat(tree.predictProbaOne(x("a", 9))).isCloseTo(0.3, within(1e-15));
  }

  @Test
  void naiveBayesLeavesMultiplyThePriorByGaussianLikelihoods() {
    HoeffdingTree tree =
        new HoeffdingTree(
            HoeffdingTreeOptions.DEFAULTS.withLeafPrediction(LeafPrediction.NAIVE_BAYES));
    // negatives at 0 and 2 (mean 1, variance 2), positives at 4 and 6 (mean 5, variance 2)
    tree.learnOne(x("a", 0), false);
    tree.learnOne(x("a", 4), true);
    tree.learnOne(x("a", 2), false);
    tree.learnOne(x("a", 6), true);
    // at 4: exp(-1/4) / (exp(-1/4) + exp(-9/4)) = 1 / (1 + e^-2)
    assertThat(tree.predictProbaOne(x("a", 4))).isCloseTo(0.8807970779778823, within(1e-12));
    assertThat(tree.predictProbaOne(x("a", 3))).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void naiveBayesAdaptiveLeavesUseNaiveBayesAfterItWasRightMoreOften() {
    HoeffdingTree tree = new HoeffdingTree();
    // judged before learning each: majority class right once, naive Bayes twice (see TREES.md)
    tree.learnOne(x("a", 0), false);
    tree.learnOne(x("a", 4), true);
    tree.learnOne(x("a", 2), false);
    tree.learnOne(x("a", 6), true);
    assertThat(tree.predictProbaOne(x("a", 4))).isCloseTo(0.8807970779778823, within(1e-12));
  }

  @Test
  void naiveBayesAdaptiveLeavesKeepTheMajorityClassWhenNaiveBayesWasWorse() {
    // judged before learning each example, majority class is right 3 times, naive Bayes twice:
    // (0, +) both wrong; (5, +) MC right, NB wrong (zero-variance likelihoods); (0, +) both
    // right; (1, -) both wrong; (2, +) both right
    double[][] stream = {{0, 1}, {5, 1}, {0, 1}, {1, 0}, {2, 1}};
    HoeffdingTree adaptive = new HoeffdingTree();
    HoeffdingTree naiveBayes =
        new HoeffdingTree(
            HoeffdingTreeOptions.DEFAULTS.withLeafPrediction(LeafPrediction.NAIVE_BAYES));
    for (double[] example : stream) {
      adaptive.learnOne(x("a", example[0]), example[1] == 1);
      naiveBayes.learnOne(x("a", example[0]), example[1] == 1);
    }
    // majority class: 4 of 5 positive
    assertThat(adaptive.predictProbaOne(x("a", 1))).isCloseTo(0.8, within(1e-15));
    // naive Bayes: 1/5 * 1 against 4/5 * N(1; 1.75, 16.75/3)
    double positive =
        0.8
            * Math.exp(-0.75 * 0.75 / (2 * 16.75 / 3))
            / (Math.sqrt(2 * Math.PI) * Math.sqrt(16.75 / 3));
    assertThat(naiveBayes.predictProbaOne(x("a", 1)))
        .isCloseTo(positive / (0.2 + positive), within(1e-12));
  }

  @Test
  void splitsANominalFeatureOneBranchPerCode() {
    HoeffdingTree tree =
        new HoeffdingTree(HoeffdingTreeOptions.DEFAULTS.withNominalFeatures(Set.of("colour")));
    Random random = new Random(6);
    for (int i = 0; i < 1000; i++) {
      int colour = random.nextInt(3);
      tree.learnOne(x("colour", colour, "noise", random.nextDouble()), colour != 1);
    }
    assertThat(tree.rootTest()).isEqualTo("colour (multiway)");
    assertThat(tree.leafCount()).isEqualTo(3);
    assertThat(tree.predictOne(x("colour", 1))).isFalse();
    assertThat(tree.predictOne(x("colour", 2))).isTrue();
    // a code never seen at the split is answered by the split node's distribution
    assertThat(tree.predictProbaOne(x("colour", 9))).isCloseTo(2.0 / 3, within(0.05));
  }

  @Test
  void withBinarySplitsANominalFeatureSplitsOneCodeAgainstTheRest() {
    HoeffdingTree tree =
        new HoeffdingTree(
            HoeffdingTreeOptions.DEFAULTS
                .withNominalFeatures(Set.of("colour"))
                .withBinarySplits(true));
    Random random = new Random(6);
    for (int i = 0; i < 1000; i++) {
      int colour = random.nextInt(3);
      tree.learnOne(x("colour", colour), colour != 1);
    }
    assertThat(tree.rootTest()).isEqualTo("colour = 1");
  }

  @Test
  void rejectsANominalValueThatIsNotACode() {
    HoeffdingTree tree =
        new HoeffdingTree(HoeffdingTreeOptions.DEFAULTS.withNominalFeatures(Set.of("colour")));
    assertThatThrownBy(() -> tree.learnOne(x("colour", 1.5), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("colour");
  }

  @Test
  void learnsTheSeaConceptToHighAccuracy() {
    HoeffdingTree tree = new HoeffdingTree();
    Random random = new Random(7);
    ConceptStreams.prequentialAccuracy(tree, () -> ConceptStreams.sea(random, 8), 20_000);
    double accuracy =
        ConceptStreams.prequentialAccuracy(tree, () -> ConceptStreams.sea(random, 8), 5_000);
    assertThat(accuracy).isGreaterThan(0.97);
  }

  @Test
  void aFeatureThatAppearsLateIsObservedAndSplitOn() {
    HoeffdingTree tree =
        new HoeffdingTree(
            HoeffdingTreeOptions.DEFAULTS.withLeafPrediction(LeafPrediction.MAJORITY_CLASS));
    Random random = new Random(8);
    for (int i = 0; i < 1000; i++) {
      tree.learnOne(x("noise", random.nextDouble()), random.nextBoolean());
    }
    for (int i = 0; i < 3000; i++) {
      double late = random.nextDouble();
      tree.learnOne(x("noise", random.nextDouble(), "late", late), late > 0.5);
    }
    assertThat(tree.predictOne(x("noise", 0.5, "late", 0.95))).isTrue();
    assertThat(tree.predictOne(x("noise", 0.5, "late", 0.05))).isFalse();
  }

  @Test
  void keepsPredictingWhenTheSplitFeatureVanishes() {
    HoeffdingTree tree = new HoeffdingTree();
    Random random = new Random(9);
    for (int i = 0; i < 2000; i++) {
      double a = random.nextDouble();
      tree.learnOne(x("a", a, "b", random.nextDouble()), a > 0.5);
    }
    assertThat(tree.rootTest()).startsWith("a <= ");
    for (int i = 0; i < 2000; i++) {
      double b = random.nextDouble();
      tree.learnOne(x("b", b), b > 0.5);
    }
    assertThat(tree.predictProbaOne(x("b", 0.9))).isBetween(0.0, 1.0);
    assertThat(tree.predictOne(x("b", 0.95))).isTrue();
    assertThat(tree.predictOne(x("b", 0.05))).isFalse();
  }

  @Test
  void neverMutatesTheFeatureMap() {
    HoeffdingTree tree = new HoeffdingTree();
    Random random = new Random(10);
    for (int i = 0; i < 4000; i++) {
      ConceptStreams.Example example = ConceptStreams.sea(random, 8);
      Map<String, Double> frozen = Map.copyOf(example.x());
      tree.learnOne(frozen, example.y());
      tree.predictProbaOne(frozen);
    }
    assertThat(tree.splitNodeCount()).isPositive();
  }

  @Test
  void theOrderOfFeaturesInTheMapDoesNotMatter() {
    HoeffdingTree forward = new HoeffdingTree();
    HoeffdingTree backward = new HoeffdingTree();
    Random random = new Random(11);
    for (int i = 0; i < 3000; i++) {
      ConceptStreams.Example example = ConceptStreams.sea(random, 8);
      List<String> names = new ArrayList<>(List.of("x1", "x2", "x3"));
      if (i == 500) {
        names.add("late");
      }
      Map<String, Double> ordered = new LinkedHashMap<>();
      Map<String, Double> reversed = new LinkedHashMap<>();
      for (String name : names) {
        ordered.put(name, example.x().getOrDefault(name, 1.0));
      }
      for (int j = names.size() - 1; j >= 0; j--) {
        reversed.put(names.get(j), example.x().getOrDefault(names.get(j), 1.0));
      }
      assertThat(forward.predictProbaOne(ordered)).isEqualTo(backward.predictProbaOne(reversed));
      forward.learnOne(ordered, example.y());
      backward.learnOne(reversed, example.y());
    }
  }

  @Test
  void aRestoredTreePredictsAndLearnsExactlyAsTheOriginal() throws IOException {
    HoeffdingTree original =
        new HoeffdingTree(HoeffdingTreeOptions.DEFAULTS.withNominalFeatures(Set.of("code")));
    Random random = new Random(12);
    for (int i = 0; i < 5000; i++) {
      ConceptStreams.Example example = ConceptStreams.sea(random, 8);
      Map<String, Double> x = new HashMap<>(example.x());
      x.put("code", (double) random.nextInt(4));
      original.learnOne(x, example.y());
    }
    HoeffdingTree restored = roundTrip(original);
    for (int i = 0; i < 3000; i++) {
      ConceptStreams.Example example = ConceptStreams.sea(random, 8);
      Map<String, Double> x = new HashMap<>(example.x());
      x.put("code", (double) random.nextInt(4));
      assertThat(restored.predictProbaOne(x)).isEqualTo(original.predictProbaOne(x));
      original.learnOne(x, example.y());
      restored.learnOne(x, example.y());
    }
    assertThat(restored.leafCount()).isEqualTo(original.leafCount());
    assertThat(bytes(restored)).isEqualTo(bytes(original));
  }

  @Test
  void rejectsAWeightThatIsNotPositiveAndFinite() {
    HoeffdingTree tree = new HoeffdingTree();
    for (double weight : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> tree.learnOne(x("a", 1), true, weight))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight");
    }
  }

  @Test
  void invalidOptionsAreAllReportedAtOnce() {
    assertThatThrownBy(
            () ->
                new HoeffdingTreeOptions(
                    0, 2.0, 0.05, LeafPrediction.MAJORITY_CLASS, 0, 10, 0.01, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gracePeriod")
        .hasMessageContaining("splitConfidence")
        .hasMessageContaining("nominalFeatures");
  }

  static byte[] bytes(HoeffdingTree tree) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    tree.writeTo(new DataOutputStream(buffer));
    return buffer.toByteArray();
  }

  static HoeffdingTree roundTrip(HoeffdingTree tree) throws IOException {
    return HoeffdingTree.read(
        new DataInputStream(new ByteArrayInputStream(bytes(tree))), tree.formatVersion(), null);
  }
}
