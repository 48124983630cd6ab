package io.streamlearn.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.LearnerContractTest.Configuration;
import io.streamlearn.model.core.bayes.GaussianNaiveBayes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * The contract suite catches what it claims to: each deliberately broken learner below fails the
 * check aimed at its flaw, and the same learner without a flaw passes every check.
 */
class LearnerContractSelfTest {

  /** What is wrong with a {@link Flawed} learner. */
  enum Flaw {
    NONE,
    MUTATES_INPUT,
    FORGETS_STATE_WHEN_SAVED,
    DEPENDS_ON_FEATURE_ORDER,
    IGNORES_WEIGHTS,
    ACCEPTS_NAN,
    CHANGES_WHEN_PREDICTING
  }

  /** Gaussian naive Bayes with one flaw. */
  static final class Flawed implements OnlineClassifier {
    private final Flaw flaw;
    private final OnlineClassifier nb;

    Flawed(Flaw flaw, OnlineClassifier nb) {
      this.flaw = flaw;
      this.nb = nb;
    }

    @Override
    public void learnOne(Map<String, Double> x, boolean y, double weight) {
      if (flaw == Flaw.ACCEPTS_NAN) {
        Map<String, Double> finite = new HashMap<>();
        x.forEach((k, v) -> finite.put(k, v == null || v.isNaN() ? 0.0 : v));
        nb.learnOne(finite, y, weight);
        return;
      }
      nb.learnOne(x, y, flaw == Flaw.IGNORES_WEIGHTS ? 1.0 : weight);
      if (flaw == Flaw.MUTATES_INPUT && x.containsKey("noise")) {
        x.put("noise", 0.0);
      }
    }

    @Override
    public double predictProbaOne(Map<String, Double> x) {
      if (flaw == Flaw.ACCEPTS_NAN) {
        Map<String, Double> finite = new HashMap<>();
        x.forEach((k, v) -> finite.put(k, v == null || !Double.isFinite(v) ? 0.0 : v));
        return nb.predictProbaOne(finite);
      }
      double p = nb.predictProbaOne(x);
      if (flaw == Flaw.DEPENDS_ON_FEATURE_ORDER && !x.isEmpty()) {
        return 0.9 * p + 0.1 * Math.abs(Math.tanh(x.values().iterator().next()));
      }
      if (flaw == Flaw.CHANGES_WHEN_PREDICTING && !x.isEmpty()) {
        nb.learnOne(Map.of("seen-at-prediction", 1.0), true, 1.0);
      }
      return p;
    }

    @Override
    public String kind() {
      return kindName(flaw);
    }

    @Override
    public int formatVersion() {
      return 1;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      LearnerCodec.write(
          flaw == Flaw.FORGETS_STATE_WHEN_SAVED ? new GaussianNaiveBayes() : nb, out);
    }
  }

  private static String kindName(Flaw flaw) {
    return "flawed-" + flaw.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static LearnerKind<Flaw> kind(Flaw flaw) {
    return LearnerKind.<Flaw>builder(kindName(flaw))
        .description("Gaussian naive Bayes with a deliberate flaw: " + flaw)
        .parameters(List.of())
        .settings(p -> flaw)
        .factory(f -> new Flawed(f, new GaussianNaiveBayes()))
        .format(
            1,
            1,
            (DataInput in, int v, LearnerCatalog c) ->
                new Flawed(flaw, new LearnerCodec(c).read(in)))
        .build();
  }

  private static final LearnerCatalog FLAWED =
      LearnerCatalog.standard()
          .with(List.of(Flaw.values()).stream().map(LearnerContractSelfTest::kind).toList());

  private static Map<String, DynamicTest> checksOf(Flaw flaw) {
    Configuration c = new Configuration(FLAWED, FLAWED.kind(kindName(flaw)), Map.of());
    return LearnerContractTest.contract(c)
        .collect(Collectors.toMap(DynamicTest::getDisplayName, t -> t));
  }

  @Test
  void theLearnerWithoutAFlawPassesEveryCheck() throws Throwable {
    List<String> passed = new ArrayList<>();
    for (DynamicTest check : checksOf(Flaw.NONE).values()) {
      check.getExecutable().execute();
      passed.add(check.getDisplayName());
    }
    assertThat(passed).hasSizeGreaterThan(10);
  }

  @Test
  void eachFlawFailsTheCheckAimedAtIt() {
    Map<Flaw, String> aimedAt =
        Map.of(
            Flaw.MUTATES_INPUT, "learningDoesNotMutateItsInput",
            Flaw.FORGETS_STATE_WHEN_SAVED,
                "aRestoredLearnerPredictsAndLearnsExactlyLikeTheOriginal",
            Flaw.DEPENDS_ON_FEATURE_ORDER, "featureOrderIsIrrelevant",
            Flaw.IGNORES_WEIGHTS, "upWeightingTheNegativeClassLowersPositiveProbabilities",
            Flaw.ACCEPTS_NAN, "badInputIsRejectedAndLeavesTheLearnerUnchanged",
            Flaw.CHANGES_WHEN_PREDICTING, "predictingChangesNeitherItsInputNorTheLearner");
    aimedAt.forEach(
        (flaw, check) -> {
          DynamicTest test = checksOf(flaw).get(check);
          assertThat(test).as("check %s exists", check).isNotNull();
          assertThatThrownBy(() -> test.getExecutable().execute())
              .as("%s must fail %s", flaw, check)
              .isInstanceOf(AssertionError.class);
        });
  }
}
