package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleCodecTest {

  @Test
  void shouldReadBackEveryFieldOfAJoinedExample() {
    Map<String, Double> raw = new HashMap<>();
    raw.put("amount", Double.NaN);
    raw.put("count", 3.0);
    raw.put("zeta", -0.0);
    ExampleFeatures features = new FeatureImputer(Map.of("amount", 12.0)).impute(raw);
    JoinedExample example =
        new JoinedExample(
            ScoredEvent.of(
                "tx-42", -5L, Map.of("customerId", "C9", "terminalId", "T3"), features, 0.25, 11),
            true,
            99L);

    JoinedExample back = ExampleCodec.decodeJoined(ExampleCodec.encode(example));

    assertThat(back).isEqualTo(example);
    assertThat(back.features().imputed()).containsExactly("amount");
  }

  @Test
  void shouldWriteTheSameBytesForTheSameExample() {
    for (JoinedExample e : ServingExamples.stream(3, 20, -1)) {
      assertThat(ExampleCodec.encode(ExampleCodec.decodeJoined(ExampleCodec.encode(e))))
          .isEqualTo(ExampleCodec.encode(e));
    }
  }

  @Test
  void shouldRefuseTruncatedAndTrailingBytes() {
    byte[] bytes = ExampleCodec.encode(ServingExamples.scored("tx", 1, 0.5));

    assertThatThrownBy(() -> ExampleCodec.decodeScored(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unreadable scored event bytes");
    assertThatThrownBy(() -> ExampleCodec.decodeScored(Arrays.copyOf(bytes, bytes.length + 1)))
        .hasMessageContaining("1 bytes after the end");
    assertThatThrownBy(() -> ExampleCodec.decodeJoined(bytes))
        .hasMessageStartingWith("unreadable joined example bytes");
  }

  @Test
  void shouldRejectAScoreOutsideZeroToOne() {
    assertThatThrownBy(
            () ->
                ScoredEvent.of(
                    "tx", 1, Map.of(), ExampleFeatures.of(Map.of(), List.of()), Double.NaN, 0))
        .hasMessageContaining("the score must be in [0, 1]");
  }

  @Test
  void shouldWriteTheBytesADataOutputStreamWritesTimeAfterTime() throws Exception {
    ScoredEvent event =
        ScoredEvent.of(
            "tx-é",
            5L,
            Map.of("customerId", "C1", "terminalId", "T€"),
            ExampleFeatures.of(Map.of("a", 1.0, "naïve", 2.0, "z", Double.NaN), List.of("z")),
            0.25,
            4);
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    ExampleCodec.write(event, new java.io.DataOutputStream(expected));

    for (int i = 0; i < 3; i++) {
      assertThat(ExampleCodec.encode(event)).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void shouldEncodeAnEncodingNestedInAnother() {
    byte[] inner = ExampleCodec.bytes(out -> out.writeLong(7));
    byte[] outer =
        ExampleCodec.bytes(
            out -> {
              out.writeInt(1);
              out.write(ExampleCodec.bytes(o -> o.writeLong(7)));
              out.writeInt(2);
            });

    assertThat(inner).hasSize(8);
    assertThat(outer).isEqualTo(new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 2});
    assertThat(ExampleCodec.bytes(out -> out.writeByte(3))).isEqualTo(new byte[] {3});
  }
}
