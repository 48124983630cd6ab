package io.streamlearn.features.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.core.spec.AggregateFunction;
import io.streamlearn.features.core.spec.FeatureDefinition;
import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.core.spec.RelativeToMean;
import io.streamlearn.features.core.spec.WindowAggregate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parity bar of docs/FEATURES.md: an engine's vectors are those of the reference, for exactly
 * the same transactions, counts (and every other exactly computable value) equal, sums, means,
 * deviations and ratios within 1e-9 relative. Engines write in parallel, so order is not compared.
 */
public final class ParityAssertions {

  public static final double TOLERANCE = 1e-9;

  private ParityAssertions() {}

  /** Asserts that {@code actual} holds exactly the reference's vectors. */
  public static void assertMatchesReference(
      FeatureSpec spec, FeatureRun reference, Collection<FeatureVector> actual) {
    Map<String, FeatureVector> byId = new HashMap<>();
    for (FeatureVector vector : actual) {
      if (byId.put(vector.getTransactionId(), vector) != null) {
        fail("transaction %s has two vectors", vector.getTransactionId());
      }
    }
    assertThat(byId.keySet())
        .as("transactions with vectors")
        .containsExactlyInAnyOrderElementsOf(
            reference.vectors().stream().map(TransactionFeatures::transactionId).toList());
    Set<String> approximate = approximateFeatures(spec);
    List<String> names = spec.featureNames();
    int exact = 0;
    for (TransactionFeatures want : reference.vectors()) {
      FeatureVector got = byId.get(want.transactionId());
      assertThat(got.getEntityIds()).isEqualTo(want.entityIds());
      assertThat(got.getSpecVersion()).isEqualTo(want.specVersion());
      assertThat(got.getEventTime().toEpochMilli()).isEqualTo(want.eventTimeMillis());
      assertThat(got.getFeatures().keySet()).containsExactlyInAnyOrderElementsOf(names);
      for (int i = 0; i < names.size(); i++) {
        double w = want.features().value(i);
        double g = got.getFeatures().get(names.get(i));
        boolean equal;
        if (approximate.contains(names.get(i))) {
          equal = Math.abs(w - g) <= TOLERANCE * Math.max(1.0, Math.abs(w));
        } else {
          equal = w == g;
          exact++;
        }
        if (!equal) {
          fail(
              "%s of %s (time %d): expected %s, got %s",
              names.get(i), want.transactionId(), want.eventTimeMillis(), w, g);
        }
      }
    }
    assertThat(exact).as("exactly compared values").isPositive();
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
