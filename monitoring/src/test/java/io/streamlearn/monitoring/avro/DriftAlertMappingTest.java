package io.streamlearn.monitoring.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.monitoring.core.monitor.AlertEvent;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DriftAlertMappingTest {

  private static AlertEvent alert(OptionalDouble pValue) {
    return new AlertEvent(
        "amount/TX_AMOUNT/0-3600000",
        "amount",
        io.streamlearn.monitoring.core.monitor.DriftKind.DATA_DRIFT,
        "KS",
        "TX_AMOUNT",
        0.31,
        pValue,
        0.1,
        0,
        3_600_000,
        io.streamlearn.monitoring.core.monitor.Severity.CRITICAL,
        Map.of("n", 300.0, "mean", 50.2),
        Map.of("n", 180.0, "mean", 74.9, "alpha", 0.01));
  }

  @Test
  void mapsEveryFieldToTheAvroRecordAndBack() {
    AlertEvent alert = alert(OptionalDouble.of(1e-12));

    DriftAlert avro = DriftAlertMapping.toAvro(alert);

    assertThat(avro.getAlertId()).isEqualTo("amount/TX_AMOUNT/0-3600000");
    assertThat(avro.getKind()).isEqualTo(DriftKind.DATA_DRIFT);
    assertThat(avro.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(avro.getPValue()).isEqualTo(1e-12);
    assertThat(avro.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(3_600_000));
    assertThat(avro.getCurrentSummary()).containsEntry("alpha", 0.01);
    assertThat(DriftAlertMapping.fromAvro(avro)).isEqualTo(alert);
  }

  @Test
  void anEmptyPValueIsNullInAvro() {
    AlertEvent alert = alert(OptionalDouble.empty());

    assertThat(DriftAlertMapping.toAvro(alert).getPValue()).isNull();
    assertThat(DriftAlertMapping.fromAvro(DriftAlertMapping.toAvro(alert))).isEqualTo(alert);
  }

  @Test
  void refusesARecordThatBreaksTheAlertsRules() {
    DriftAlert bad =
        DriftAlert.newBuilder(DriftAlertMapping.toAvro(alert(OptionalDouble.empty())))
            .setPValue(1.5)
            .build();

    assertThatThrownBy(() -> DriftAlertMapping.fromAvro(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pValue must be in [0, 1]");
  }
}
