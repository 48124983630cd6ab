package io.streamlearn.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.streamlearn.model.core.SyntheticStreams.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every learner of {@link LearnerCatalog#standard()} honours, in the spirit of River's
 * {@code checks}. Learners are found through the catalog: each kind runs with its defaults and once
 * more for every non-default value of each of its {@code CHOICE} parameters, so a new catalog entry
 * (or a new optimizer, split criterion, ...) is covered without touching this class.
 */
class LearnerContractTest {

  private static final LearnerCatalog STANDARD = LearnerCatalog.standard();

  /** One learner configuration under test. */
  record Configuration(
      LearnerCatalog catalog, LearnerKind<?> kind, Map<String, String> parameters) {
    OnlineClassifier create() {
      return catalog.create(kind.name(), parameters);
    }

    LearnerCodec codec() {
      return new LearnerCodec(catalog);
    }

    OnlineClassifier create(Map<String, String> extra) {
      Map<String, String> all = new HashMap<>(parameters);
      all.putAll(extra);
      return catalog.create(kind.name(), all);
    }

    String label() {
      return parameters.isEmpty() ? kind.name() + " (defaults)" : kind.name() + " " + parameters;
    }
  }

  static Stream<Configuration> configurations(LearnerCatalog catalog) {
    List<Configuration> all = new ArrayList<>();
    for (LearnerKind<?> kind : catalog.kinds()) {
      all.add(new Configuration(catalog, kind, Map.of()));
      for (Parameter p : kind.parameters()) {
        if (p.type() == Parameter.Type.CHOICE) {
          for (String choice : p.choices()) {
            if (!choice.equals(p.defaultValue())) {
              all.add(new Configuration(catalog, kind, Map.of(p.name(), choice)));
            }
          }
        }
      }
    }
    return all.stream();
  }

  @TestFactory
  Stream<DynamicContainer> everyLearnerInTheCatalogHonoursTheContract() {
    return configurations(STANDARD).map(c -> dynamicContainer(c.label(), contract(c)));
  }

  static Stream<DynamicTest> contract(Configuration c) {
    return Stream.of(
        test("itsKindAndFormatVersionMatchItsCatalogEntry", () -> kindMatchesCatalog(c)),
        test("anUntrainedLearnerPredictsAValidProbability", () -> untrainedPredictsValid(c)),
        test("learningDoesNotMutateItsInput", () -> learningDoesNotMutateInput(c)),
        test("predictingChangesNeitherItsInputNorTheLearner", () -> predictingIsPure(c)),
        test("aRestoredLearnerPredictsAndLearnsExactlyLikeTheOriginal", () -> roundTrip(c)),
        test("featureOrderIsIrrelevant", () -> featureOrderIsIrrelevant(c)),
        test("newAndVanishingFeaturesAreHandled", () -> newAndVanishingFeatures(c)),
        test("nullFeatureValuesCountAsAbsent", () -> nullValuesAreAbsent(c)),
        test("aFeatureVectorIsLearnedLikeTheEquivalentMap", () -> vectorsAreMaps(c)),
        test("theSameSettingsAndSeedGiveTheSameResults", () -> deterministic(c)),
        test("itBeatsChanceOnASimpleSeparableStream", () -> beatsChance(c)),
        test("weightTwoIsCloseToLearningTwice", () -> weightTwoIsLikeTwice(c)),
        test("upWeightingTheNegativeClassLowersPositiveProbabilities", () -> weightsCount(c)),
        test("badInputIsRejectedAndLeavesTheLearnerUnchanged", () -> badInputRejected(c)),
        test("itsParametersDefaultFromAnEmptyMapAndRejectUnknownKeys", () -> parameters(c)));
  }

  private static DynamicTest test(String name, Executable body) {
    return dynamicTest(name, body);
  }

  private static void kindMatchesCatalog(Configuration c) {
    OnlineClassifier learner = c.create();
    assertThat(learner.kind()).isEqualTo(c.kind().name());
    assertThat(learner.formatVersion()).isEqualTo(c.kind().formatVersion());
  }

  private static void untrainedPredictsValid(Configuration c) {
    OnlineClassifier learner = c.create();
    for (Example e : SyntheticStreams.separable(1, 10)) {
      assertThat(learner.predictProbaOne(e.x())).isBetween(0.0, 1.0);
    }
    assertThat(learner.predictProbaOne(Map.of())).isBetween(0.0, 1.0);
  }

  private static void learningDoesNotMutateInput(Configuration c) {
    OnlineClassifier learner = c.create();
    for (Example e : SyntheticStreams.separable(2, 300)) {
      Map<String, Double> before = new LinkedHashMap<>(e.x());
      List<String> order = new ArrayList<>(e.x().keySet());
      learner.learnOne(e.x(), e.y());
      assertThat(e.x()).isEqualTo(before);
      assertThat(new ArrayList<>(e.x().keySet())).isEqualTo(order);
    }
  }

  private static void predictingIsPure(Configuration c) {
    OnlineClassifier learner = c.create();
    List<Example> stream = SyntheticStreams.separable(3, 300);
    trainOn(learner, stream.subList(0, 200));
    byte[] before = c.codec().encode(learner);
    for (Example e : stream.subList(200, 300)) {
      Map<String, Double> copy = new LinkedHashMap<>(e.x());
      learner.predictProbaOne(e.x());
      assertThat(e.x()).isEqualTo(copy);
    }
    learner.predictProbaOne(Map.of("never-seen", 1.0));
    assertThat(c.codec().encode(learner)).isEqualTo(before);
  }

  private static void roundTrip(Configuration c) throws Exception {
    OnlineClassifier original = c.create();
    List<Example> stream = SyntheticStreams.separable(4, 1200);
    trainOn(original, stream.subList(0, 600));
    byte[] bytes = c.codec().encode(original);
    OnlineClassifier restored = c.codec().decode(bytes);
    assertThat(restored.kind()).isEqualTo(original.kind());
    assertThat(c.codec().encode(restored)).isEqualTo(bytes);
    for (Example e : stream.subList(600, 1200)) {
      assertThat(restored.predictProbaOne(e.x())).isEqualTo(original.predictProbaOne(e.x()));
      original.learnOne(e.x(), e.y());
      restored.learnOne(e.x(), e.y());
    }
    assertThat(c.codec().encode(restored)).isEqualTo(c.codec().encode(original));
  }

  private static void featureOrderIsIrrelevant(Configuration c) {
    OnlineClassifier inOrder = c.create();
    OnlineClassifier shuffled = c.create();
    Random random = new Random(5);
    for (Example e : SyntheticStreams.separable(5, 800)) {
      List<String> names = new ArrayList<>(e.x().keySet());
      Collections.shuffle(names, random);
      Map<String, Double> reordered = new LinkedHashMap<>();
      for (String n : names) {
        reordered.put(n, e.x().get(n));
      }
      assertThat(shuffled.predictProbaOne(reordered))
          .isCloseTo(inOrder.predictProbaOne(e.x()), within(1e-9));
      inOrder.learnOne(e.x(), e.y());
      shuffled.learnOne(reordered, e.y());
    }
  }

  private static void newAndVanishingFeatures(Configuration c) {
    OnlineClassifier learner = c.create();
    Random random = new Random(6);
    List<Example> stream = SyntheticStreams.separable(6, 1500);
    int correct = 0;
    for (int i = 0; i < stream.size(); i++) {
      Example e = stream.get(i);
      Map<String, Double> x = new LinkedHashMap<>(e.x());
      if (random.nextBoolean()) {
        x.remove("noise");
      }
      if (random.nextInt(4) == 0) {
        x.remove("f3");
      }
      if (i >= 500) {
        x.put("late-" + (i % 7), random.nextDouble());
      }
      if (i >= 1000) {
        x.remove("f2");
      }
      double p = learner.predictProbaOne(x);
      assertThat(p).isBetween(0.0, 1.0);
      if (i >= 1200 && (p >= 0.5) == e.y()) {
        correct++;
      }
      learner.learnOne(x, e.y());
    }
    assertThat(learner.predictProbaOne(Map.of("unheard-of", 3.0))).isBetween(0.0, 1.0);
    assertThat(correct / 300.0).as("accuracy after features came and went").isGreaterThan(0.7);
  }

  private static void nullValuesAreAbsent(Configuration c) {
    OnlineClassifier withNulls = c.create();
    OnlineClassifier without = c.create();
    for (Example e : SyntheticStreams.separable(7, 300)) {
      Map<String, Double> nulled = new HashMap<>(e.x());
      nulled.put("f3", null);
      nulled.put("absent", null);
      Map<String, Double> dropped = new HashMap<>(e.x());
      dropped.remove("f3");
      assertThat(withNulls.predictProbaOne(nulled)).isEqualTo(without.predictProbaOne(dropped));
      withNulls.learnOne(nulled, e.y());
      without.learnOne(dropped, e.y());
    }
    assertThat(c.codec().encode(withNulls)).isEqualTo(c.codec().encode(without));
  }

  private static void vectorsAreMaps(Configuration c) {
    OnlineClassifier fromMaps = c.create();
    OnlineClassifier fromVectors = c.create();
    FeatureVector.Schema schema = FeatureVector.Schema.of(List.of("f3", "noise", "f0", "f2", "f1"));
    FeatureVector vector = schema.newVector();
    Random random = new Random(13);
    for (Example e : SyntheticStreams.separable(13, 600)) {
      Map<String, Double> x = new HashMap<>(e.x());
      if (random.nextInt(3) == 0) {
        x.remove("f2");
      }
      vector.reset();
      x.forEach(vector::set);
      assertThat(vector).isEqualTo(x);
      // Summation order follows the input's order: equal up to rounding, as in featureOrder.
      assertThat(fromVectors.predictProbaOne(vector))
          .isCloseTo(fromMaps.predictProbaOne(x), within(1e-9));
      fromMaps.learnOne(x, e.y());
      fromVectors.learnOne(vector, e.y());
    }
  }

  private static void deterministic(Configuration c) {
    assertSameRun(c, c.create(), c.create());
    if (c.kind().parameters().stream().anyMatch(p -> p.name().equals("seed"))) {
      assertSameRun(c, c.create(Map.of("seed", "7")), c.create(Map.of("seed", "7")));
    }
  }

  private static void assertSameRun(Configuration c, OnlineClassifier a, OnlineClassifier b) {
    for (Example e : SyntheticStreams.separable(8, 800)) {
      assertThat(a.predictProbaOne(e.x())).isEqualTo(b.predictProbaOne(e.x()));
      a.learnOne(e.x(), e.y());
      b.learnOne(e.x(), e.y());
    }
    assertThat(c.codec().encode(a)).isEqualTo(c.codec().encode(b));
  }

  private static void beatsChance(Configuration c) {
    OnlineClassifier learner = c.create();
    List<Example> stream = SyntheticStreams.separable(9, 4000);
    int correct = 0;
    for (int i = 0; i < stream.size(); i++) {
      Example e = stream.get(i);
      if (i >= 3000 && learner.predictOne(e.x()) == e.y()) {
        correct++;
      }
      learner.learnOne(e.x(), e.y());
    }
    assertThat(correct / 1000.0)
        .as("prequential accuracy on examples 3000..3999")
        .isGreaterThan(0.85);
  }

  private static void weightTwoIsLikeTwice(Configuration c) {
    OnlineClassifier weighted = c.create();
    OnlineClassifier twice = c.create();
    List<Example> stream = SyntheticStreams.separable(10, 1500);
    for (Example e : stream.subList(0, 1000)) {
      weighted.learnOne(e.x(), e.y(), 2.0);
      twice.learnOne(e.x(), e.y());
      twice.learnOne(e.x(), e.y());
    }
    int agree = 0;
    for (Example e : stream.subList(1000, 1500)) {
      if (weighted.predictOne(e.x()) == twice.predictOne(e.x())) {
        agree++;
      }
    }
    assertThat(agree / 500.0).as("agreement of weight 2 with learning twice").isGreaterThan(0.95);
  }

  private static void weightsCount(Configuration c) {
    OnlineClassifier plain = c.create();
    OnlineClassifier negativesHeavy = c.create();
    List<Example> stream = SyntheticStreams.noise(11, 3000, 0.5);
    for (Example e : stream.subList(0, 2000)) {
      plain.learnOne(e.x(), e.y());
      negativesHeavy.learnOne(e.x(), e.y(), e.y() ? 1.0 : 5.0);
    }
    double plainMean = 0;
    double heavyMean = 0;
    for (Example e : stream.subList(2000, 3000)) {
      plainMean += plain.predictProbaOne(e.x()) / 1000;
      heavyMean += negativesHeavy.predictProbaOne(e.x()) / 1000;
    }
    assertThat(heavyMean).isLessThan(plainMean - 0.1);
  }

  private static void badInputRejected(Configuration c) {
    OnlineClassifier learner = c.create();
    trainOn(learner, SyntheticStreams.separable(12, 200));
    byte[] before = c.codec().encode(learner);
    Map<String, Double> nan = new LinkedHashMap<>();
    nan.put("brand-new", 1.0);
    nan.put("f0", Double.NaN);
    assertThatThrownBy(() -> learner.learnOne(nan, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f0");
    assertThatThrownBy(() -> learner.predictProbaOne(Map.of("f1", Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f1");
    for (double w : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> learner.learnOne(Map.of("f0", 1.0), true, w))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight");
    }
    assertThat(c.codec().encode(learner)).isEqualTo(before);
  }

  private static void parameters(Configuration c) {
    assertThat(c.kind().settings(Map.of(), c.catalog())).isNotNull();
    assertThatThrownBy(() -> c.catalog().create(c.kind().name(), Map.of("no_such_parameter", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(c.kind().name())
        .hasMessageContaining("no_such_parameter");
  }

  private static void trainOn(OnlineClassifier learner, List<Example> examples) {
    for (Example e : examples) {
      learner.learnOne(e.x(), e.y());
    }
  }
}
