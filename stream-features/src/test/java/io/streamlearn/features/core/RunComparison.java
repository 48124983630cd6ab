package io.streamlearn.features.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.streamlearn.features.core.spec.AggregateFunction;
import io.streamlearn.features.core.spec.FeatureDefinition;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.RelativeToMean;
import io.streamlearn.features.core.spec.WindowAggregate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares two runs the way the parity test of the engines does: the same vectors in the same
 * order, counts (and every other exactly computable feature) equal, sums, means, standard
 * deviations and ratios within 1e-9 relative; the same rejections (reason, transaction, stage).
 */
final class RunComparison {

  static final double TOLERANCE = 1e-9;

  private RunComparison() {}

  static void assertSameRun(FeatureSpec spec, FeatureRun expected, FeatureRun actual) {
    assertThat(rejectionKeys(actual.rejections()))
        .as("rejections")
        .containsExactlyElementsOf(rejectionKeys(expected.rejections()));
    assertThat(actual.vectors().stream().map(TransactionFeatures::transactionId).toList())
        .as("transactions with vectors")
        .containsExactlyElementsOf(
            expected.vectors().stream().map(TransactionFeatures::transactionId).toList());
    Set<String> approximate = approximateFeatures(spec);
    List<String> names = spec.featureNames();
    for (int v = 0; v < expected.vectors().size(); v++) {
      TransactionFeatures want = expected.vectors().get(v);
      TransactionFeatures got = actual.vectors().get(v);
      assertThat(got.entityIds()).isEqualTo(want.entityIds());
      assertThat(got.specVersion()).isEqualTo(want.specVersion());
      for (int i = 0; i < names.size(); i++) {
        double w = want.features().value(i);
        double g = got.features().value(i);
        boolean equal =
            approximate.contains(names.get(i))
                ? Math.abs(w - g) <= TOLERANCE * Math.max(1.0, Math.abs(w))
                : w == g;
        if (!equal) {
          fail(
              "%s of %s (time %d): expected %s, got %s",
              names.get(i), want.transactionId(), want.eventTimeMillis(), w, g);
        }
      }
    }
  }

  static void assertBitIdentical(FeatureRun expected, FeatureRun actual) {
    assertThat(rejectionKeys(actual.rejections()))
        .containsExactlyElementsOf(rejectionKeys(expected.rejections()));
    assertThat(actual.vectors()).containsExactlyElementsOf(expected.vectors());
  }

  static List<String> rejectionKeys(List<Rejection> rejections) {
    return rejections.stream()
        .map(r -> r.reason() + " " + r.transactionId() + " @" + r.stage())
        .toList();
  }

  /** Features computed with floating-point sums, whose rounding differs between methods. */
  private static Set<String> approximateFeatures(FeatureSpec spec) {
    Set<String> names = new HashSet<>();
    for (FeatureDefinition feature : spec.features()) {
      if (feature instanceof RelativeToMean) {
        names.add(feature.name());
      } else if (feature instanceof WindowAggregate aggregate) {
        AggregateFunction function = aggregate.function();
        if (function == AggregateFunction.SUM
            || function == AggregateFunction.MEAN
            || function == AggregateFunction.STDDEV) {
          names.add(feature.name());
        }
      }
    }
    return names;
  }
}
