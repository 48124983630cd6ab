package io.streamlearn.features.core;

import static io.streamlearn.features.core.Inputs.T0;
import static io.streamlearn.features.core.Inputs.days;
import static io.streamlearn.features.core.Inputs.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelJoinTest {

  private static final LabelJoin JOIN = FeaturePlan.compile(TestSpecs.fraudBaseline()).labelJoin();
  private static final TransactionEvent TX = transaction("t1", T0, "C1", "T1", 12.5);

  /** Round-trips the state through its bytes, as a RocksDB-backed engine would. */
  private static LabelJoinState stored(LabelJoinState state) {
    return JOIN.decode(state.toBytes());
  }

  @Test
  void theJoinRoutesOutcomesToTheTerminalsOnlyAndKnowsItsHorizon() {
    assertThat(JOIN.isNeeded()).isTrue();
    assertThat(JOIN.targetEntityKeys()).containsExactly("terminalId");
    assertThat(JOIN.horizonMillis()).isEqualTo(days(37));
  }

  @Test
  void aLabelAfterItsTransactionYieldsAnOutcomeWithTheTargetEntityIds() {
    LabelJoinState state = JOIN.newState();
    assertThat(state.onTransaction(TX)).isEqualTo(LabelJoinResult.NOTHING);

    LabelJoinResult result = stored(state).onLabel(new LabelEvent("t1", true, T0 + days(2)));

    assertThat(result.rejectionIfAny()).isEmpty();
    assertThat(result.outcome())
        .isEqualTo(new LabelOutcome("t1", T0, T0 + days(2), true, Map.of("terminalId", "T1")));
  }

  @Test
  void aLabelBeforeItsTransactionWaitsAndIsJoinedWhenItArrives() {
    LabelJoinState state = JOIN.newState();
    assertThat(state.onLabel(new LabelEvent("t1", false, T0 + days(1))))
        .isEqualTo(LabelJoinResult.NOTHING);

    LabelJoinResult result = stored(state).onTransaction(TX);

    assertThat(result.outcome())
        .isEqualTo(new LabelOutcome("t1", T0, T0 + days(1), false, Map.of("terminalId", "T1")));
  }

  @Test
  void aSecondLabelIsRejectedAsADuplicateWhicheverArrivedFirst() {
    LabelJoinState afterTransaction = JOIN.newState();
    afterTransaction.onTransaction(TX);
    afterTransaction.onLabel(new LabelEvent("t1", true, T0 + 1));
    LabelJoinState beforeTransaction = JOIN.newState();
    beforeTransaction.onLabel(new LabelEvent("t1", true, T0 + 1));

    for (LabelJoinState state : new LabelJoinState[] {afterTransaction, beforeTransaction}) {
      LabelJoinResult second = stored(state).onLabel(new LabelEvent("t1", false, T0 + 2));
      assertThat(second.outcome()).isNull();
      assertThat(second.rejection().reason()).isEqualTo(Rejection.Reason.DUPLICATE_LABEL);
      assertThat(second.rejection().stage()).isEqualTo(Rejection.LABEL_JOIN);
    }
  }

  @Test
  void aLabelTimeBeforeTheTransactionIsRejected() {
    LabelJoinState state = JOIN.newState();
    state.onTransaction(TX);

    LabelJoinResult result = state.onLabel(new LabelEvent("t1", true, T0 - 1));

    assertThat(result.rejection().reason()).isEqualTo(Rejection.Reason.LABEL_BEFORE_TRANSACTION);
    assertThat(result.rejection().message()).contains("precedes the transaction");
    // a correct label can still follow
    assertThat(state.onLabel(new LabelEvent("t1", true, T0)).outcomeIfAny()).isPresent();
  }

  @Test
  void aLabelAtOrBeyondTheTargetHorizonIsRejectedAndOneJustBeforeIsJoined() {
    LabelJoinState tooLate = JOIN.newState();
    tooLate.onTransaction(TX);
    LabelJoinState justInTime = JOIN.newState();
    justInTime.onTransaction(TX);

    assertThat(tooLate.onLabel(new LabelEvent("t1", true, T0 + days(37))).rejection().reason())
        .isEqualTo(Rejection.Reason.LABEL_BEYOND_HORIZON);
    assertThat(justInTime.onLabel(new LabelEvent("t1", true, T0 + days(37) - 1)).outcome())
        .isNotNull();
  }

  @Test
  void aRepeatedTransactionIdIsReportedAndLabelsJoinTheFirst() {
    LabelJoinState state = JOIN.newState();
    state.onTransaction(TX);

    LabelJoinResult repeated = state.onTransaction(transaction("t1", T0 + 5, "C9", "T9", 1));

    assertThat(repeated.rejection().reason()).isEqualTo(Rejection.Reason.DUPLICATE_TRANSACTION);
    assertThat(state.onLabel(new LabelEvent("t1", true, T0 + 9)).outcome().entityIds())
        .containsEntry("terminalId", "T1");
  }

  @Test
  void aWaitingLabelExpiresWithARejectionAndAJoinedOneSilently() {
    LabelJoinState waiting = JOIN.newState();
    waiting.onLabel(new LabelEvent("t1", true, T0));
    LabelJoinState joined = JOIN.newState();
    joined.onTransaction(TX);
    joined.onLabel(new LabelEvent("t1", true, T0 + 1));

    assertThat(waiting.expiresAt()).isEqualTo(T0 + days(37));
    assertThat(stored(waiting).onExpiry())
        .hasValueSatisfying(
            r -> assertThat(r.reason()).isEqualTo(Rejection.Reason.LABEL_WITHOUT_TRANSACTION));
    assertThat(joined.expiresAt()).isEqualTo(T0 + days(37));
    assertThat(joined.onExpiry()).isEmpty();
  }

  @Test
  void aStateRefusesInputsOfAnotherTransaction() {
    LabelJoinState state = JOIN.newState();
    state.onTransaction(TX);

    assertThatThrownBy(() -> state.onLabel(new LabelEvent("other", true, T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other");
  }

  @Test
  void aSpecWithoutTargetsNeedsNoLabelJoin() {
    assertThat(
            FeaturePlan.compile(
                    io.streamlearn.features.spec.FeatureSpecYaml.parse(
                        """
                        name: no-labels
                        version: 1
                        entityKeys: [customerId]
                        resolution: 1h
                        features:
                          - {name: N, type: aggregate, entity: customerId, function: count, window: 1d}
                        """,
                        "no-labels.yaml"))
                .labelJoin()
                .isNeeded())
        .isFalse();
  }

  @Test
  void aJoinedStateKeepsNoEntityIdsYetStillRefusesDuplicatesAndReadsStatesThatKeptThem() {
    LabelJoinState joined = JOIN.newState();
    joined.onTransaction(TX);
    LabelJoinState waiting = JOIN.newState();
    waiting.onTransaction(TX);
    byte[] beforeLabel = waiting.toBytes();
    joined.onLabel(new LabelEvent("t1", true, T0 + 1));

    // the ids, routed with the outcome, are not stored once it is joined
    assertThat(joined.toBytes()).hasSize(beforeLabel.length - 2 - "terminalId".length() - 2);
    // a joined state stored with its ids (before they were dropped) reads, without them
    ByteWriter old = new ByteWriter(64);
    old.writeByte(LabelJoin.FORMAT_VERSION);
    old.writeInt(JOIN.fingerprint);
    old.writeNullableString("t1");
    old.writeByte(1 | 2);
    old.writeSignedVarLong(T0);
    old.writeVarLong(1);
    old.writeString("terminalId");
    old.writeString("T1");
    LabelJoinState oldJoined = JOIN.decode(old.toByteArray());
    assertThat(oldJoined.toBytes()).isEqualTo(joined.toBytes());
    for (LabelJoinState state : new LabelJoinState[] {joined, stored(joined), oldJoined}) {
      assertThat(state.onLabel(new LabelEvent("t1", false, T0 + 2)).rejection().reason())
          .isEqualTo(Rejection.Reason.DUPLICATE_LABEL);
      assertThat(state.onTransaction(TX).rejection().reason())
          .isEqualTo(Rejection.Reason.DUPLICATE_TRANSACTION);
      assertThat(state.expiresAt()).isEqualTo(T0 + days(37));
    }
    // a state waiting for its label keeps them through its bytes
    assertThat(JOIN.decode(beforeLabel).onLabel(new LabelEvent("t1", true, T0 + 1)).outcome())
        .isEqualTo(new LabelOutcome("t1", T0, T0 + 1, true, Map.of("terminalId", "T1")));
  }

  @Test
  void aStateReadBackFromItsFlatFormIsTheStateItsBytesDecodeTo() {
    LabelJoinState waitingLabel = JOIN.newState();
    waitingLabel.onLabel(new LabelEvent("t1", true, T0 + 1));
    LabelJoinState waitingTransaction = JOIN.newState();
    waitingTransaction.onTransaction(TX);
    LabelJoinState joined = JOIN.newState();
    joined.onTransaction(TX);
    joined.onLabel(new LabelEvent("t1", false, T0 + 2));
    LabelJoinState rejectedItsLabel = JOIN.newState(); // a label that came first, too early
    rejectedItsLabel.onLabel(new LabelEvent("t1", true, T0 - 1));
    rejectedItsLabel.onTransaction(TX);

    for (LabelJoinState state :
        new LabelJoinState[] {waitingLabel, waitingTransaction, joined, rejectedItsLabel}) {
      LabelJoinState flat = JOIN.newState();
      flat.setFlat("t1", state.flatFlags(), state.flatTime(), state.flatEntityIds());
      assertThat(flat.toBytes()).isEqualTo(state.toBytes()).isEqualTo(stored(state).toBytes());
      assertThat(flat.expiresAt()).isEqualTo(state.expiresAt());
    }
    // a transaction waiting for its label joins it from the flat form
    LabelJoinState flat = JOIN.newState();
    flat.setFlat(
        "t1",
        waitingTransaction.flatFlags(),
        waitingTransaction.flatTime(),
        waitingTransaction.flatEntityIds());
    assertThat(flat.onLabel(new LabelEvent("t1", true, T0 + 4)).outcome())
        .isEqualTo(new LabelOutcome("t1", T0, T0 + 4, true, Map.of("terminalId", "T1")));
    // and the fraud flag of a waiting label survives it
    flat.setFlat("t1", waitingLabel.flatFlags(), waitingLabel.flatTime(), null);
    assertThat(flat.onTransaction(TX).outcome())
        .isEqualTo(new LabelOutcome("t1", T0, T0 + 1, true, Map.of("terminalId", "T1")));
  }

  @Test
  void flagsThatAreNoStateAreRefused() {
    LabelJoinState state = JOIN.newState();
    int both = LabelJoinState.HAS_TRANSACTION | LabelJoinState.HAS_PENDING;
    assertThatThrownBy(() -> state.setFlat("t1", both, T0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed flags");
    assertThatThrownBy(() -> state.setFlat("t1", LabelJoinState.PENDING_FRAUD, T0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> state.setFlat("t1", 16, T0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
