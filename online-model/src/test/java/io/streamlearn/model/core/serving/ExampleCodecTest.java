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

  @Test
  void shouldJoinTheBytesOfAScoredEventToItsLabelAsEncodingTheJoinedExampleDoes() {
    for (JoinedExample e : ServingExamples.stream(5, 20, -1)) {
      byte[] scored = ExampleCodec.encode(e.scored());
      byte[] stored = new byte[7 + scored.length]; // behind another layout's header
      System.arraycopy(scored, 0, stored, 7, scored.length);

      assertThat(ExampleCodec.joined(scored, 0, e.label(), e.labelTimeMillis()))
          .isEqualTo(ExampleCodec.encode(e));
      assertThat(ExampleCodec.joined(stored, 7, e.label(), e.labelTimeMillis()))
          .isEqualTo(ExampleCodec.encode(e));
      ExampleCodec.checkScored(stored, 7);
      ExampleCodec.checkJoined(ExampleCodec.encode(e));
      assertThat(ExampleCodec.scoredTransactionId(stored, 7)).isEqualTo(e.transactionId());
      assertThat(ExampleCodec.scoredEventTime(stored, 7)).isEqualTo(e.eventTimeMillis());
    }
  }

  @Test
  void shouldReadATransactionIdBeyondAsciiFromTheBytes() {
    byte[] scored =
        ExampleCodec.encode(
            ScoredEvent.of(
                "tx-é€\u0000", -3L, Map.of(), ExampleFeatures.of(Map.of(), List.of()), 1.0, 0));

    assertThat(ExampleCodec.scoredTransactionId(scored, 0)).isEqualTo("tx-é€\u0000");
    assertThat(ExampleCodec.scoredEventTime(scored, 0)).isEqualTo(-3L);
  }

  @Test
  void shouldCheckScoredEventBytesAsStrictlyAsDecodingThem() {
    ScoredEvent event =
        ScoredEvent.of(
            "tx-7",
            1L,
            Map.of("customerId", "C1"),
            ExampleFeatures.ofSorted(
                new String[] {"a", "b"}, new double[] {1, Double.NaN}, new String[] {"b"}),
            0.5,
            2);
    byte[] bytes = ExampleCodec.encode(event);
    int scoreAt = 1 + 2 + "tx-7".length() + 8;
    byte[] outOfRange = bytes.clone();
    putLong(outOfRange, scoreAt, Double.doubleToLongBits(1.5));
    byte[] badPosition = bytes.clone();
    badPosition[badPosition.length - 1] = 2; // the imputed feature's position, of 2 features
    byte[] layout = bytes.clone();
    layout[0] = 2;

    for (byte[] bad :
        List.of(
            Arrays.copyOf(bytes, bytes.length - 3),
            Arrays.copyOf(bytes, bytes.length + 1),
            Arrays.copyOf(bytes, 5),
            outOfRange,
            badPosition,
            layout)) {
      assertThatThrownBy(() -> ExampleCodec.decodeScored(bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ExampleCodec.checkScored(bad, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("unreadable scored event bytes");
    }
    ExampleCodec.checkScored(bytes, 0);
    byte[] emptyId = new byte[bytes.length - 4];
    emptyId[0] = 1;
    System.arraycopy(bytes, 3 + 4, emptyId, 3, bytes.length - 7);
    assertThatThrownBy(() -> ExampleCodec.checkScored(emptyId, 0))
        .hasMessageContaining("needs a transaction id");
    assertThatThrownBy(() -> ExampleCodec.checkJoined(bytes))
        .hasMessageStartingWith("unreadable joined example bytes");
    assertThatThrownBy(() -> ExampleCodec.checkJoined(new byte[3]))
        .hasMessageContaining("truncated");
  }

  private static void putLong(byte[] bytes, int at, long v) {
    for (int i = at + 7; i >= at; i--) {
      bytes[i] = (byte) v;
      v >>>= 8;
    }
  }
}
