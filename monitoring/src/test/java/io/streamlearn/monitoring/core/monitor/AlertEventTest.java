package io.streamlearn.monitoring.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AlertEventTest {

  private static AlertEvent alert(long start, long end, OptionalDouble p, Map<String, Double> ref) {
    return new AlertEvent(
        AlertEvent.idOf("m", "amount", start, end),
        "m",
        DriftKind.DATA_DRIFT,
        "KS",
        "amount",
        0.3,
        p,
        0.1,
        start,
        end,
        Severity.WARNING,
        ref,
        Map.of("n", 10.0));
  }

  @Test
  void copiesItsSummariesIntoSortedUnmodifiableMaps() {
    Map<String, Double> reference = new HashMap<>(Map.of("n", 5.0, "mean", 1.0));
    AlertEvent alert = alert(0, 10, OptionalDouble.of(0.001), reference);
    reference.put("extra", 2.0);
    assertThat(alert.referenceSummary()).containsOnlyKeys("mean", "n");
    assertThat(alert.referenceSummary().keySet()).containsExactly("mean", "n");
    assertThatThrownBy(() -> alert.referenceSummary().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(alert.alertId()).isEqualTo("m/amount/0-10");
  }

  @Test
  void rejectsAWindowEndingBeforeItStartsAndPValuesOutsideTheUnitInterval() {
    assertThatThrownBy(() -> alert(10, 9, OptionalDouble.empty(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before it starts");
    assertThatThrownBy(() -> alert(0, 9, OptionalDouble.of(1.5), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pValue");
    Map<String, Double> withNull = new HashMap<>();
    withNull.put("n", null);
    assertThatThrownBy(() -> alert(0, 9, OptionalDouble.empty(), withNull))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void kindsAndSeveritiesMirrorTheAvroSchema() {
    assertThat(DriftKind.values())
        .extracting(Enum::name)
        .containsExactly(
            "DATA_DRIFT", "PREDICTION_DRIFT", "CONCEPT_DRIFT", "LABEL_RATE_DRIFT", "OTHER");
    assertThat(Severity.values())
        .extracting(Enum::name)
        .containsExactly("INFO", "WARNING", "CRITICAL");
  }
}
