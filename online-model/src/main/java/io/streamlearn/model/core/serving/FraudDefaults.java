package io.streamlearn.model.core.serving;

import java.util.Map;

/**
 * The learner of the shipped fraud pipeline, as chosen by the fraud benchmark ({@code
 * io.streamlearn.bench.model.FraudBenchmark}; results, the selection protocol and the command in
 * {@code docs/BENCHMARKS.md}, "Fraud benchmark").
 */
final class FraudDefaults {

  static final String LEARNER_KIND = "logistic-regression";

  static final Map<String, String> LEARNER_PARAMS = Map.of("optimizer", "ftrl");

  static final ModelStageSettings.ClassWeighting CLASS_WEIGHT =
      ModelStageSettings.ClassWeighting.BALANCED;

  private FraudDefaults() {}
}
