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
    layout[0] = 3;

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
    emptyId[0] = bytes[0];
    System.arraycopy(bytes, 3 + 4, emptyId, 3, bytes.length - 7);
    assertThatThrownBy(() -> ExampleCodec.checkScored(emptyId, 0))
        .hasMessageContaining("needs a transaction id");
    assertThatThrownBy(() -> ExampleCodec.checkJoined(bytes))
        .hasMessageStartingWith("unreadable joined example bytes");
    assertThatThrownBy(() -> ExampleCodec.checkJoined(new byte[3]))
        .hasMessageContaining("truncated");
  }

  /** The bytes of {@code e} in layout 1, as the codec wrote them before layout 2. */
  static byte[] layoutOne(ScoredEvent e) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeByte(1);
    out.writeUTF(e.transactionId());
    out.writeLong(e.eventTimeMillis());
    out.writeDouble(e.score());
    out.writeLong(e.modelVersion());
    out.writeInt(e.entityIds().size());
    for (Map.Entry<String, String> id : e.entityIds().entrySet()) {
      out.writeUTF(id.getKey());
      out.writeUTF(id.getValue());
    }
    ExampleFeatures f = e.features();
    out.writeInt(f.size());
    for (int i = 0; i < f.size(); i++) {
      out.writeUTF(f.name(i));
      out.writeDouble(f.value(i));
    }
    out.writeInt(f.imputedCount());
    for (String name : f.imputed()) {
      out.writeInt(f.names().indexOf(name));
    }
    return bytes.toByteArray();
  }

  private static byte[] local(byte[] scored) {
    return ExampleCodec.bytes(out -> ExampleCodec.writeLocal(scored, 0, out));
  }

  private static byte[] portable(byte[] scored) {
    return ExampleCodec.bytes(out -> ExampleCodec.writePortable(scored, 0, out));
  }

  @Test
  void shouldStillReadScoredEventsAndJoinedExamplesOfLayoutOne() throws Exception {
    for (JoinedExample e : ServingExamples.stream(7, 20, -1)) {
      byte[] one = layoutOne(e.scored());

      assertThat(one[0]).isEqualTo((byte) 1);
      ExampleCodec.checkScored(one, 0);
      assertThat(ExampleCodec.decodeScored(one)).isEqualTo(e.scored());
      byte[] joined = ExampleCodec.joined(one, 0, e.label(), e.labelTimeMillis());
      ExampleCodec.checkJoined(joined);
      assertThat(ExampleCodec.decodeJoined(joined)).isEqualTo(e);
      assertThat(local(one)).isEqualTo(one); // only layout 2 has a name block to refer to
    }
  }

  @Test
  void shouldWriteTheNamesTogetherSoThatDecodedEventsShareThem() {
    List<JoinedExample> stream = ServingExamples.stream(11, 20, -1);
    byte[] first = ExampleCodec.encode(stream.get(0).scored());
    byte[] second = ExampleCodec.encode(stream.get(1).scored());

    assertThat(first[0]).isEqualTo((byte) 2);
    ExampleFeatures a = ExampleCodec.decodeScored(first).features();
    ExampleFeatures b = ExampleCodec.decodeScored(second).features();
    assertThat(a.names()).isEqualTo(b.names());
    assertThat(b.namesArray()).isSameAs(a.namesArray());
    assertThat(b).isEqualTo(stream.get(1).scored().features());
  }

  @Test
  void shouldKeepNamesShorterThanAReferenceAsTheyAre() {
    byte[] scored = ExampleCodec.encode(ServingExamples.scored("tx", 1, 0.5)); // names a, b

    assertThat(local(scored)).isEqualTo(scored);
  }

  @Test
  void shouldHoldTheNamesOfALocalEventByReferenceAndWriteThemBackWhenItLeaves() {
    for (JoinedExample e : ServingExamples.stream(13, 20, -1)) {
      byte[] scored = ExampleCodec.encode(e.scored());
      byte[] local = local(scored);
      int names = 0;
      for (String name : e.features().names()) {
        names += 2 + name.length();
      }

      assertThat(local[0] & 0xFF).isEqualTo(ExampleCodec.SCORED_LOCAL);
      assertThat(local).hasSize(scored.length - names + 8);
      ExampleCodec.checkScored(local, 0);
      assertThat(ExampleCodec.decodeScored(local)).isEqualTo(e.scored());
      assertThat(portable(local)).isEqualTo(scored);
      assertThat(local(local)).isEqualTo(local);
      assertThat(ExampleCodec.scoredTransactionId(local, 0)).isEqualTo(e.transactionId());
      assertThat(ExampleCodec.scoredEventTime(local, 0)).isEqualTo(e.eventTimeMillis());
      assertThat(ExampleCodec.joined(local, 0, e.label(), e.labelTimeMillis()))
          .isEqualTo(ExampleCodec.encode(e));
    }
  }

  @Test
  void shouldRefuseALocalEventWhoseNamesThisProcessDoesNotHold() {
    ScoredEvent event = ServingExamples.stream(17, 1, -1).get(0).scored();
    byte[] local = local(ExampleCodec.encode(event));
    // the fingerprint, the values, the imputed count and positions
    int fingerprintAt =
        local.length - 4 * (1 + event.features().imputedCount()) - 8 * event.features().size() - 8;
    assertThat(local[0] & 0xFF).isEqualTo(ExampleCodec.SCORED_LOCAL);
    byte[] foreign = local.clone();
    foreign[fingerprintAt] ^= 0x5A;

    ExampleCodec.checkScored(local, 0);
    assertThatThrownBy(() -> ExampleCodec.checkScored(foreign, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which this process does not hold");
    assertThatThrownBy(() -> ExampleCodec.decodeScored(foreign))
        .hasMessageContaining("which this process does not hold");
    assertThatThrownBy(() -> portable(foreign)).hasMessageContaining("does not hold");
  }

  private static void putLong(byte[] bytes, int at, long v) {
    for (int i = at + 7; i >= at; i--) {
      bytes[i] = (byte) v;
      v >>>= 8;
    }
  }
}
