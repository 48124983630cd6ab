package io.streamlearn.features.stage;

import static io.streamlearn.features.stage.StageRecords.DAY;
import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.recordOf;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.core.LabelOutcome;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StageCodecTest {

  private final TransactionEvent transaction =
      new TransactionEvent("tx-1", T0, "c-1", "t-1", 12.5, Map.of("mcc", "5411", "score", "0.3"));

  @Test
  void aStagedTransactionWithPartsAndRejectionsSurvivesItsBytes() {
    StagedTransaction staged =
        new StagedTransaction(
                transaction,
                recordOf(transaction, 42),
                new double[][] {{1.0, -0.0, Double.MIN_VALUE}, null, {}},
                List.of())
            .withRejection(
                new Rejection(Rejection.Reason.LATE_TRANSACTION, "tx-1", "terminalId", "too late"));

    StageMessage decoded = StageCodec.decodeMessage(StageCodec.encode(staged));

    assertThat(decoded).isEqualTo(staged);
    assertThat(((StagedTransaction) decoded).hasPart(1)).isFalse();
  }

  @Test
  void labelsAndOutcomesSurviveTheirBytes() {
    LabelEvent label = new LabelEvent("tx-1", true, T0 + 7 * DAY, OptionalLong.of(T0));
    StagedLabel staged = new StagedLabel(label, recordOf(label, 3));
    RoutedOutcome outcome =
        new RoutedOutcome(
            new LabelOutcome("tx-1", T0, T0 + DAY, true, Map.of("terminalId", "t-1")),
            1,
            "t-1",
            recordOf(label(("tx-1"), true, T0 + DAY), 9));

    assertThat(StageCodec.decodeMessage(StageCodec.encode(staged))).isEqualTo(staged);
    assertThat(StageCodec.decodeMessage(StageCodec.encode(outcome))).isEqualTo(outcome);
  }

  @Test
  void sourceEventsAndDeadLettersSurviveTheirBytes() {
    SourceEvent valid = SourceEvent.of(recordOf(transaction, 1), transaction);
    SourceEvent failed =
        SourceEvent.failed(
            new OriginalRecord("transactions", 2, 5, -1, null, new byte[] {1, 2}, List.of()),
            SourceEvent.Kind.TRANSACTION,
            new SourceEvent.Failure("UNKNOWN_MAGIC_BYTE", "x.Y", "bad", "features.deserialize"));
    DeadLetterRecord letter =
        new DeadLetterRecord(
            "late-events",
            null,
            new byte[] {9},
            T0,
            List.of(new OriginalRecord.Header("dlq.reason", "LATE_EVENT".getBytes())),
            RecordOutcome.LATE);

    assertThat(StageCodec.decodeSourceEvent(StageCodec.encode(valid))).isEqualTo(valid);
    assertThat(StageCodec.decodeSourceEvent(StageCodec.encode(failed))).isEqualTo(failed);
    assertThat(StageCodec.decodeDeadLetter(StageCodec.encode(letter))).isEqualTo(letter);
  }

  @Test
  void bytesOfAnotherFormatOrTruncatedAreRefusedNotMisread() {
    byte[] bytes =
        StageCodec.encode(
            new StagedLabel(label("tx", false, T0), recordOf(label("tx", false, T0), 0)));
    byte[] newer = bytes.clone();
    newer[0] = 2;
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

    assertThatThrownBy(() -> StageCodec.decodeMessage(newer))
        .hasMessage("stage bytes have format version 2; this build reads 1");
    assertThatThrownBy(() -> StageCodec.decodeMessage(truncated))
        .hasMessageContaining("truncated or corrupt");
    assertThatThrownBy(() -> StageCodec.decodeSourceEvent(bytes))
        .hasMessage("source event bytes hold a message of type 2");
  }
}
