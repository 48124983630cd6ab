package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.T0;
import static io.streamlearn.features.core.Inputs.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.core.TransactionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureVectorAssemblerTest {

  private static final FeaturePlan PLAN = FeaturePlan.compile(TestSpecs.fraudBaseline());
  private static final TransactionEvent TX = transaction("t1", T0, "C1", "T1", 42);

  private static List<PartialVector> parts() {
    List<PartialVector> parts = new ArrayList<>();
    parts.add(PLAN.eventFeatures().compute(TX));
    for (EntityFeatures entity : PLAN.entities()) {
      parts.add(entity.newState().onTransaction(TX).partial());
    }
    return parts;
  }

  @Test
  void mergesThePartsInTheSpecsOrderWhateverOrderTheyArriveIn() {
    List<PartialVector> parts = parts();
    List<PartialVector> reversed = new ArrayList<>(parts);
    java.util.Collections.reverse(reversed);

    FeatureValues vector = PLAN.assembler().assemble(parts);

    assertThat(PLAN.assembler().parts()).containsExactly("event", "customerId", "terminalId");
    assertThat(PLAN.assembler().assemble(reversed)).isEqualTo(vector);
    assertThat(vector.names()).isEqualTo(PLAN.featureNames());
    assertThat(vector.asMap().keySet()).containsExactlyElementsOf(PLAN.featureNames());
    assertThat(vector.get("TX_AMOUNT")).isEqualTo(42);
    assertThat(vector.get("CUSTOMER_ID_NB_TX_1DAY_WINDOW")).isEqualTo(1);
    assertThat(vector.get("CUSTOMER_ID_AVG_AMOUNT_30DAY_WINDOW")).isEqualTo(42);
    assertThat(vector.get("TERMINAL_ID_NB_TX_1DAY_WINDOW")).isEqualTo(0);
    assertThat(vector.get("TERMINAL_ID_RISK_30DAY_WINDOW")).isEqualTo(0);
  }

  @Test
  void refusesMissingRepeatedForeignOrMisshapenParts() {
    List<PartialVector> parts = parts();
    List<PartialVector> repeated = List.of(parts.get(0), parts.get(1), parts.get(1));
    List<PartialVector> foreign =
        List.of(
            parts.get(0),
            parts.get(1),
            new PartialVector("other", T0, "terminalId", parts.get(2).values()));
    List<PartialVector> misshapen =
        List.of(
            parts.get(0), parts.get(1), new PartialVector("t1", T0, "terminalId", new double[2]));

    assertThatThrownBy(() -> PLAN.assembler().assemble(parts.subList(0, 2)))
        .hasMessageContaining("needs the parts [event, customerId, terminalId]");
    assertThatThrownBy(() -> PLAN.assembler().assemble(repeated))
        .hasMessageContaining("repeated part 'customerId'");
    assertThatThrownBy(() -> PLAN.assembler().assemble(foreign))
        .hasMessageContaining("different transactions");
    assertThatThrownBy(() -> PLAN.assembler().assemble(misshapen))
        .hasMessageContaining("has 2 values, expected 6");
  }

  @Test
  void featureValuesRefuseNonFiniteValues() {
    assertThatThrownBy(() -> FeatureValues.of(List.of("x"), new double[] {Double.NaN}))
        .hasMessageContaining("finite");
  }
}
