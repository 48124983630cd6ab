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
}
