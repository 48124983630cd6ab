package io.streamlearn.model.core.serving;

import java.util.Map;

/**
 * The learner of the shipped fraud pipeline, as chosen by the fraud benchmark ({@code
 * io.streamlearn.bench.model.FraudBenchmark}; results, the selection protocol and the command in
 * {@code docs/BENCHMARKS.md}, "Online model: the fraud benchmark"): logistic regression with
 * AdaGrad at step 0.5, unweighted, the best of the learners that serve the stage's throughput
 * target on validation average precision. The Adaptive Random Forest (10 members, positives
 * weighing 2) scores higher and is the accuracy choice, but scores about ten times slower.
 */
final class FraudDefaults {

  static final String LEARNER_KIND = "logistic-regression";

  static final Map<String, String> LEARNER_PARAMS =
      Map.of("optimizer", "adagrad", "learning_rate", "0.5");

  static final ModelStageSettings.ClassWeighting CLASS_WEIGHT =
      new ModelStageSettings.ClassWeighting.None();

  private FraudDefaults() {}
}
