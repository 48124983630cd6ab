package io.streamlearn.model.core.serving;

import static io.streamlearn.model.core.serving.ServingExamples.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelJoinStateTest {

  private static final Duration TTL = Duration.ofDays(30);
  private static final long DAY = 86_400_000L;
  private static final long T = 1_000_000_000_000L;

  private LabelJoinState join = LabelJoinState.empty(TTL);

  /** Stores and reloads the state between inputs, as the engines do. */
  private void reload() {
    join = LabelJoinState.fromBytes(join.toBytes(), TTL);
  }

  @Test
  void shouldJoinALabelToTheFeaturesItsTransactionWasScoredWith() {
    ScoredEvent event = scored("tx-1", T, 0.8);

    assertThat(join.onScored(event).outcome()).isEqualTo(JoinOutcome.WAITING_FOR_LABEL);
    assertThat(join.expiresAt()).isEqualTo(T + TTL.toMillis());
    reload();
    JoinResult result = join.onLabel("tx-1", true, T + 7 * DAY);

    assertThat(result.outcome()).isEqualTo(JoinOutcome.JOINED);
    assertThat(result.example()).isEqualTo(new JoinedExample(event, true, T + 7 * DAY));
  }

  @Test
  void shouldKeepALabelThatArrivesFirstUntilItsFeaturesCome() {
    assertThat(join.onLabel("tx-1", false, T + DAY).outcome())
        .isEqualTo(JoinOutcome.WAITING_FOR_FEATURES);
    assertThat(join.expiresAt()).isEqualTo(T + DAY + TTL.toMillis());
    reload();
    ScoredEvent event = scored("tx-1", T, 0.1);
    JoinResult result = join.onScored(event);

    assertThat(result.outcome()).isEqualTo(JoinOutcome.JOINED);
    assertThat(result.example()).isEqualTo(new JoinedExample(event, false, T + DAY));
    assertThat(join.expiresAt()).isEqualTo(T + TTL.toMillis());
  }

  @Test
  void shouldCountASecondLabelAsADuplicateAndNeverJoinItAgain() {
    join.onScored(scored("tx-1", T, 0.5));
    join.onLabel("tx-1", true, T + DAY);
    reload();

    assertThat(join.onLabel("tx-1", true, T + 2 * DAY).outcome())
        .isEqualTo(JoinOutcome.DUPLICATE_LABEL);
    assertThat(join.onScored(scored("tx-1", T, 0.5)).outcome())
        .isEqualTo(JoinOutcome.DUPLICATE_FEATURES);
    assertThat(join.onExpiry()).isEmpty();
  }

  @Test
  void shouldCountSecondFeaturesAsADuplicateAndKeepTheFirst() {
    ScoredEvent first = scored("tx-1", T, 0.2);
    join.onScored(first);

    assertThat(join.onScored(scored("tx-1", T, 0.9)).outcome())
        .isEqualTo(JoinOutcome.DUPLICATE_FEATURES);
    assertThat(join.onLabel("tx-1", true, T).example().scored()).isEqualTo(first);
  }

  @Test
  void shouldNotTrainOnALabelLaterThanTheTtlWhenTheStateIsStillThere() {
    join.onScored(scored("tx-1", T, 0.2));

    assertThat(join.onLabel("tx-1", true, T + TTL.toMillis() + 1).outcome())
        .isEqualTo(JoinOutcome.LABEL_AFTER_TTL);
    assertThat(join.onExpiry()).isEmpty();
  }

  @Test
  void shouldJoinALabelExactlyAtTheTtl() {
    join.onScored(scored("tx-1", T, 0.2));

    assertThat(join.onLabel("tx-1", true, T + TTL.toMillis()).outcome())
        .isEqualTo(JoinOutcome.JOINED);
  }

  @Test
  void shouldNotTrainOnAWaitingLabelWhoseFeaturesAreOlderThanTheTtl() {
    join.onLabel("tx-1", true, T + TTL.toMillis() + 5);

    assertThat(join.onScored(scored("tx-1", T, 0.2)).outcome())
        .isEqualTo(JoinOutcome.LABEL_AFTER_TTL);
    assertThat(join.expiresAt()).isEqualTo(T + 2 * TTL.toMillis() + 5);
  }

  @Test
  void shouldSayWhatExpiresWithEachState() {
    join.onScored(scored("tx-1", T, 0.2));
    assertThat(join.onExpiry()).contains(JoinOutcome.EXPIRED_UNLABELLED);

    LabelJoinState label = LabelJoinState.empty(TTL);
    label.onLabel("tx-2", true, T);
    assertThat(label.onExpiry()).contains(JoinOutcome.EXPIRED_UNMATCHED_LABEL);
  }

  @Test
  void shouldReadWhatExpiresFromTheStoredBytesAsFromTheState() {
    join.onScored(scored("tx-1", T, 0.2));
    LabelJoinState label = LabelJoinState.empty(TTL);
    label.onLabel("tx-2", true, T);
    LabelJoinState closed = LabelJoinState.empty(TTL);
    closed.onScored(scored("tx-3", T, 0.2));
    closed.onLabel("tx-3", false, T + DAY);

    assertThat(LabelJoinState.expiryOutcome(join.toBytes()))
        .contains(JoinOutcome.EXPIRED_UNLABELLED);
    assertThat(LabelJoinState.expiryOutcome(label.toBytes()))
        .contains(JoinOutcome.EXPIRED_UNMATCHED_LABEL);
    assertThat(LabelJoinState.expiryOutcome(closed.toBytes())).isEmpty();
    assertThatThrownBy(() -> LabelJoinState.expiryOutcome(new byte[] {1, 9, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LabelJoinState.expiryOutcome(new byte[] {2, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadTheExpiryFromTheStoredBytesAsFromTheState() {
    join.onScored(scored("tx-1", T, 0.2));
    LabelJoinState label = LabelJoinState.empty(TTL);
    label.onLabel("tx-2", true, T + 7);
    LabelJoinState late = LabelJoinState.empty(TTL);
    late.onLabel("tx-3", false, T + 3 * TTL.toMillis());
    late.onScored(scored("tx-3", T, 0.2)); // label after the TTL: closed at the label's expiry
    LabelJoinState negative = LabelJoinState.empty(TTL);
    negative.onScored(scored("tx-4", -5 * TTL.toMillis(), 0.2));

    for (LabelJoinState state : List.of(join, label, late, negative)) {
      assertThat(LabelJoinState.expiresAt(state.toBytes())).isEqualTo(state.expiresAt());
    }
    assertThat(negative.expiresAt()).isNegative();
    assertThat(late.expiresAt()).isEqualTo(T + 4 * TTL.toMillis());
    assertThatThrownBy(() -> LabelJoinState.expiresAt(new byte[] {1, 1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LabelJoinState.expiresAt(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNotStoreAnEmptyJoin() {
    assertThat(join.isEmpty()).isTrue();
    assertThat(join.expiresAt()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(join::toBytes).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseBytesThatAreNotAJoinState() {
    assertThatThrownBy(() -> LabelJoinState.fromBytes(new byte[] {1, 9, 0}, TTL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label-join state");
    assertThatThrownBy(() -> LabelJoinState.fromBytes(new byte[] {7}, TTL))
        .hasMessageContaining("layout 7 is not supported");
  }

  @Test
  void shouldStoreTheScoredEventAsItsOwnEncodingBehindTheHeaderAsLayoutOneAlwaysDid() {
    ScoredEvent event = scored("tx-1", T, 0.8);
    byte[] encoded = ExampleCodec.encode(event);
    join.onScored(event);

    byte[] stored = join.toBytes();
    java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(10 + encoded.length);
    expected.put((byte) 1).put((byte) 1).putLong(T + TTL.toMillis()).put(encoded);
    assertThat(stored).isEqualTo(expected.array());
    assertThat(LabelJoinState.fromBytes(stored, TTL).toBytes()).isEqualTo(stored);
    reload();
    JoinResult result = join.onLabel("tx-1", false, T + DAY);
    assertThat(result.exampleBytes())
        .isEqualTo(ExampleCodec.encode(new JoinedExample(event, false, T + DAY)));
    assertThat(join.toString()).contains("CLOSED tx-1");
  }

  @Test
  void shouldRefuseScoredEventBytesThatDoNotDecodeWhetherArrivingOrStored() {
    byte[] encoded = ExampleCodec.encode(scored("tx-1", T, 0.8));
    join.onScored(encoded);
    byte[] stored = join.toBytes();

    assertThatThrownBy(
            () -> LabelJoinState.empty(TTL).onScored(Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unreadable scored event bytes");
    assertThatThrownBy(
            () -> LabelJoinState.fromBytes(Arrays.copyOf(stored, stored.length + 2), TTL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unreadable label-join state bytes")
        .hasMessageContaining("2 bytes after the end");
    assertThat(join.toString()).contains("SCORED tx-1");
  }

  @Test
  void shouldKeepLocalBytesSmallerAndJoinFromThemAsFromThePortableOnes() {
    ScoredEvent event =
        ScoredEvent.of(
            "tx-1",
            T,
            java.util.Map.of("customerId", "C1"),
            ExampleFeatures.of(
                java.util.Map.of("CUSTOMER_ID_NB_TX_1DAY_WINDOW", 2.0, "TX_AMOUNT", 12.5),
                List.of()),
            0.8,
            3);
    join.onScored(event);
    byte[] portable = join.toBytes();
    byte[] local = join.toLocalBytes();

    assertThat(local).hasSize(portable.length - (2 + 29 + 2 + 9) + 8);
    assertThat(LabelJoinState.portable(local)).isEqualTo(portable);
    assertThat(LabelJoinState.local(portable)).isEqualTo(local);
    assertThat(LabelJoinState.expiresAt(local)).isEqualTo(LabelJoinState.expiresAt(portable));
    assertThat(LabelJoinState.expiryOutcome(local))
        .isEqualTo(LabelJoinState.expiryOutcome(portable));
    LabelJoinState fromLocal = LabelJoinState.fromBytes(local, TTL);
    assertThat(fromLocal.toBytes()).isEqualTo(portable);
    assertThat(fromLocal.toLocalBytes()).isEqualTo(local);
    assertThat(fromLocal.toString()).contains("SCORED tx-1");

    JoinResult result = fromLocal.onLabel("tx-1", true, T + DAY);
    assertThat(result.exampleBytes())
        .isEqualTo(ExampleCodec.encode(new JoinedExample(event, true, T + DAY)));
    byte[] closed = fromLocal.toLocalBytes();
    assertThat(closed).isEqualTo(fromLocal.toBytes());
    assertThat(LabelJoinState.portable(closed)).isSameAs(closed);
    assertThat(LabelJoinState.local(closed)).isSameAs(closed);
  }

  @Test
  void shouldReadAScoredStateStoredWithALayoutOneEventAndJoinIt() throws Exception {
    ScoredEvent event = scored("tx-1", T, 0.8);
    byte[] one = ExampleCodecTest.layoutOne(event);
    java.nio.ByteBuffer stored = java.nio.ByteBuffer.allocate(10 + one.length);
    stored.put((byte) 1).put((byte) 1).putLong(T + TTL.toMillis()).put(one);

    assertThat(LabelJoinState.local(stored.array())).isEqualTo(stored.array());
    join = LabelJoinState.fromBytes(stored.array(), TTL);
    assertThat(join.toLocalBytes()).isEqualTo(stored.array());
    JoinResult result = join.onLabel("tx-1", false, T + DAY);
    assertThat(result.example()).isEqualTo(new JoinedExample(event, false, T + DAY));
  }
}
