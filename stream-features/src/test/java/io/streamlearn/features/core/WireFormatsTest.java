package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The byte forms the engines ship between stages. */
class WireFormatsTest {

  @Test
  void aPartialVectorRoundTripsBitForBit() {
    PartialVector partial =
        new PartialVector(
            "tx-é", T0 - 5, "customerId", new double[] {-0.0, 1e-300, Double.MAX_VALUE, 3.25});

    PartialVector decoded = PartialVector.fromBytes(partial.toBytes());

    assertThat(decoded).isEqualTo(partial);
    assertThat(Double.doubleToRawLongBits(decoded.value(0)))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void aLabelOutcomeRoundTrips() {
    LabelOutcome outcome =
        new LabelOutcome(
            "t9", T0, T0 + 86_400_000L, true, Map.of("terminalId", "T1", "customerId", "C1"));

    assertThat(LabelOutcome.fromBytes(outcome.toBytes())).isEqualTo(outcome);
  }

  @Test
  void corruptOrForeignBytesAreRefusedWithAClearMessage() {
    byte[] bytes = new PartialVector("t", T0, "event", new double[] {1}).toBytes();
    byte[] wrongVersion = bytes.clone();
    wrongVersion[0] = 2;
    byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);

    assertThatThrownBy(() -> PartialVector.fromBytes(wrongVersion))
        .hasMessageContaining("unknown format version 2");
    assertThatThrownBy(() -> PartialVector.fromBytes(trailing))
        .hasMessageContaining("1 unexpected trailing bytes");
    assertThatThrownBy(() -> LabelOutcome.fromBytes(new byte[] {1, 5}))
        .hasMessageContaining("truncated or corrupt");
  }

  @Test
  void aLabelOutcomeBeforeItsTransactionCannotBeBuilt() {
    assertThatThrownBy(() -> new LabelOutcome("t", T0, T0 - 1, true, Map.of()))
        .hasMessageContaining("precedes its transaction time");
  }
}
