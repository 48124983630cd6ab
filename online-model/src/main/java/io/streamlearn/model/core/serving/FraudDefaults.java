package io.streamlearn.model.core.serving;

import java.util.Map;

/**
 * The learner of the shipped fraud pipeline, as chosen by the fraud benchmark ({@code
 * io.streamlearn.bench.model.FraudBenchmark}; results, the selection protocol and the command in
 * {@code docs/BENCHMARKS.md}, "Online model: the fraud benchmark"): logistic regression with
 * AdaGrad at step 0.5, unweighted, the best of the linear learners on validation average precision.
 * The Adaptive Random Forest (25 members, grace period 200, lambda 3) is the accuracy choice and
 * meets the targets where this misses the average-precision one, but it costs 50 to 200
 * times more per score and its snapshots pass Kafka's default 1 MB record limit within six weeks;
 * the figures of both are in that section.
 */
final class FraudDefaults {

  static final String LEARNER_KIND = "logistic-regression";

  static final Map<String, String> LEARNER_PARAMS =
      Map.of("optimizer", "adagrad", "learning_rate", "0.5");

  static final ModelStageSettings.ClassWeighting CLASS_WEIGHT =
      new ModelStageSettings.ClassWeighting.None();

  private FraudDefaults() {}
}
