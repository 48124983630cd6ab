package io.streamlearn.features.stage;

import static io.streamlearn.features.stage.StageRecords.DAY;
import static io.streamlearn.features.stage.StageRecords.HOUR;
import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.event;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.recordOf;
import static io.streamlearn.features.stage.StageRecords.text;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.LabelOutcome;
import io.streamlearn.features.core.LocalFeaturePipeline;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureStageTest {

  private final FeatureStage stage =
      new FeatureStage(FeatureStageSettings.defaults(), FeatureTopics.DEFAULTS);

  /** Runs transactions through every entity stage, states kept in maps, as an engine would. */
  private final List<Map<String, EntityState>> states = List.of(new HashMap<>(), new HashMap<>());

  private FeatureStage.Completion run(TransactionEvent transaction, long offset) {
    StagedTransaction staged = (StagedTransaction) stage.stage(event(transaction, offset));
    for (int index = 0; index < stage.entityStages(); index++) {
      String id = stage.entityId(staged, index);
      int current = index;
      EntityState state =
          id == null
              ? null
              : states.get(index).computeIfAbsent(id, ignored -> stage.entity(current).newState());
      staged = stage.applyTransaction(index, state, staged);
    }
    return stage.complete(staged);
  }

  @Test
  void theStagesInOrderGiveTheVectorTheLocalPipelineGives() {
    List<TransactionEvent> transactions =
        List.of(
            transaction("a", T0, "c1", "t1", 10),
            transaction("b", T0 + HOUR, "c1", "t2", 20),
            transaction("c", T0 + 2 * HOUR, "c2", "t1", 30));
    List<FeatureInput> inputs = new ArrayList<>();
    List<TransactionFeatures> vectors = new ArrayList<>();
    long offset = 0;
    for (TransactionEvent transaction : transactions) {
      inputs.add(new FeatureInput.Transaction(transaction));
      FeatureStage.Completion completion = run(transaction, offset++);
      assertThat(completion.deadLetters()).isEmpty();
      assertThat(completion.ingestTimeMillis()).isEqualTo(transaction.eventTimeMillis());
      vectors.add(completion.features());
    }

    FeatureRun local =
        LocalFeaturePipeline.run(stage.plan(), LocalFeaturePipeline.Storage.OBJECTS, inputs);

    assertThat(vectors).containsExactlyElementsOf(local.vectors());
  }

  @Test
  void aTransactionLateForItsEntitiesIsOneLateEventWithItsBytesUntouched() {
    run(transaction("a", T0 + 5 * HOUR, "c1", "t1", 10), 0);
    TransactionEvent late = transaction("b", T0, "c1", "t1", 10);

    FeatureStage.Completion completion = run(late, 1);

    assertThat(completion.features()).isNull();
    assertThat(completion.deadLetters()).hasSize(1);
    DeadLetterRecord letter = completion.deadLetters().get(0);
    assertThat(letter.topic()).isEqualTo("late-events");
    assertThat(letter.outcome()).isEqualTo(RecordOutcome.LATE);
    assertThat(text(letter.key())).isEqualTo("b");
    assertThat(letter.value()).isEqualTo(recordOf(late, 1).value());
    assertThat(letter.timestamp()).isEqualTo(T0);
    assertThat(letter.reason()).isEqualTo("LATE_EVENT");
    assertThat(letter.header(DeadLetterHeaders.FAILED_STAGE))
        .isEqualTo("features.customerId,terminalId");
    assertThat(letter.header(DeadLetterHeaders.ERROR_MESSAGE))
        .contains("transaction b at 2024-01-01T00:00:00Z is more than the allowed lateness")
        .contains("customerId c1")
        .contains("terminalId t1");
    assertThat(letter.header(DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("transactions");
    assertThat(letter.header(DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
    assertThat(letter.header("trace")).isEqualTo("\u0007");
  }

  @Test
  void aTransactionMissingAnEntityKeyGoesToTheDeadLetterTopicOfItsInput() {
    FeatureStage merchants =
        new FeatureStage(
            FeatureStageSettings.forSpec(
                FeatureSpecYaml.parse(
                    """
                    name: merchants
                    version: 1
                    entityKeys: [attributes.merchant]
                    resolution: 1h
                    features:
                      - {name: N, type: aggregate, entity: attributes.merchant, function: count, window: 1h}
                    """,
                    "merchants.yaml")),
            FeatureTopics.DEFAULTS);
    TransactionEvent transaction = transaction("a", T0, "c1", "t1", 10);
    StagedTransaction staged = (StagedTransaction) merchants.stage(event(transaction, 0));

    assertThat(merchants.entityId(staged, 0)).isNull();
    assertThat(merchants.routingKey(staged, 0)).isEqualTo("\u0000a");
    FeatureStage.Completion completion =
        merchants.complete(merchants.applyTransaction(0, null, staged));

    assertThat(completion.features()).isNull();
    DeadLetterRecord letter = completion.deadLetters().get(0);
    assertThat(letter.topic()).isEqualTo("transactions.dlq");
    assertThat(letter.outcome()).isEqualTo(RecordOutcome.DLQ);
    assertThat(letter.reason()).isEqualTo("MISSING_ENTITY_KEY");
    assertThat(letter.header(DeadLetterHeaders.FAILED_STAGE))
        .isEqualTo("features.attributes.merchant");
  }

  @Test
  void aLabelWaitsForItsTransactionAndIsRoutedToTheTerminalStage() {
    TransactionEvent transaction = transaction("a", T0, "c1", "t1", 10);
    LabelEvent label = label("a", true, T0 + 7 * DAY);
    JoinEntry entry = stage.newJoinEntry();

    FeatureStage.JoinStep waiting =
        stage.joinLabel(entry, new StagedLabel(label, recordOf(label, 4)));
    FeatureStage.JoinStep joined =
        stage.joinTransaction(entry, (StagedTransaction) stage.stage(event(transaction, 0)));

    assertThat(waiting.outcomes()).isEmpty();
    assertThat(waiting.deadLetters()).isEmpty();
    assertThat(joined.outcomes())
        .containsExactly(
            new RoutedOutcome(
                new LabelOutcome("a", T0, T0 + 7 * DAY, true, Map.of("terminalId", "t1")),
                1,
                "t1",
                recordOf(label, 4)));
    assertThat(stage.decodeJoinEntry(entry.toBytes()).expiresAt()).isEqualTo(entry.expiresAt());
  }

  @Test
  void labelDefectsGoToTheLabelsDeadLetterTopicWithTheRejectedLabelsBytes() {
    TransactionEvent transaction = transaction("a", T0 + DAY, "c1", "t1", 10);
    LabelEvent early = label("a", false, T0);
    JoinEntry entry = stage.newJoinEntry();
    stage.joinLabel(entry, new StagedLabel(early, recordOf(early, 8)));

    FeatureStage.JoinStep step =
        stage.joinTransaction(entry, (StagedTransaction) stage.stage(event(transaction, 0)));
    LabelEvent accepted = label("a", true, T0 + 2 * DAY);
    FeatureStage.JoinStep joined =
        stage.joinLabel(entry, new StagedLabel(accepted, recordOf(accepted, 9)));
    LabelEvent second = label("a", false, T0 + 3 * DAY);
    FeatureStage.JoinStep duplicate =
        stage.joinLabel(entry, new StagedLabel(second, recordOf(second, 10)));
    FeatureStage.JoinStep duplicateTransaction =
        stage.joinTransaction(entry, (StagedTransaction) stage.stage(event(transaction, 1)));

    assertThat(step.outcomes()).isEmpty();
    assertThat(step.deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.topic()).isEqualTo("labels.dlq");
              assertThat(letter.reason()).isEqualTo("LABEL_BEFORE_TRANSACTION");
              assertThat(letter.header(DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("8");
              assertThat(letter.header(DeadLetterHeaders.FAILED_STAGE))
                  .isEqualTo("features.label-join");
            });
    assertThat(joined.outcomes()).hasSize(1);
    assertThat(duplicate.deadLetters().get(0).reason()).isEqualTo("DUPLICATE_LABEL");
    assertThat(duplicate.deadLetters().get(0).header(DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo("10");
    assertThat(duplicateTransaction.deadLetters().get(0).topic()).isEqualTo("transactions.dlq");
    assertThat(duplicateTransaction.deadLetters().get(0).reason())
        .isEqualTo("DUPLICATE_TRANSACTION");
  }

  @Test
  void aLabelThatWaitedInVainIsDeadLetteredAsExpired() {
    LabelEvent orphan = label("ghost", true, T0);
    JoinEntry entry = stage.newJoinEntry();
    stage.joinLabel(entry, new StagedLabel(orphan, recordOf(orphan, 3)));

    DeadLetterRecord letter = stage.expireJoin(entry).orElseThrow();

    assertThat(letter.topic()).isEqualTo("labels.dlq");
    assertThat(letter.outcome()).isEqualTo(RecordOutcome.EXPIRED);
    assertThat(letter.reason()).isEqualTo("LABEL_WITHOUT_TRANSACTION");
    assertThat(text(letter.value())).isEqualTo("label:ghost");
    assertThat(entry.expiresAt()).isEqualTo(T0 + 37 * DAY);
  }

  @Test
  void aLabelLateForItsTerminalIsALateEvent() {
    run(transaction("now", T0 + 10 * DAY, "c1", "t1", 10), 0);
    LabelEvent label = label("old", true, T0 + 8 * DAY);
    RoutedOutcome outcome =
        new RoutedOutcome(
            new LabelOutcome("old", T0, T0 + 8 * DAY, true, Map.of("terminalId", "t1")),
            1,
            "t1",
            recordOf(label, 6));

    DeadLetterRecord letter = stage.applyOutcome(1, states.get(1).get("t1"), outcome).orElseThrow();

    assertThat(letter.topic()).isEqualTo("late-events");
    assertThat(letter.reason()).isEqualTo("LATE_EVENT");
    assertThat(letter.header(DeadLetterHeaders.FAILED_STAGE)).isEqualTo("features.terminalId");
    assertThat(text(letter.value())).isEqualTo("label:old");
  }

  @Test
  void anUndecodableRecordIsDeadLetteredWithTheErrorItsSourceReported() {
    SourceEvent failed =
        SourceEvent.failed(
            new OriginalRecord(
                "transactions", 1, 17, T0, "k".getBytes(), new byte[] {0x7b}, List.of()),
            SourceEvent.Kind.TRANSACTION,
            new SourceEvent.Failure(
                "UNKNOWN_MAGIC_BYTE",
                "io.streamlearn.platform.serde.AvroSerdeException",
                "unknown magic byte 0x7b",
                FeatureStage.DESERIALIZE_STAGE));

    DeadLetterRecord letter = stage.deadLetterOf(failed);

    assertThat(letter.topic()).isEqualTo("transactions.dlq");
    assertThat(letter.value()).containsExactly(0x7b);
    assertThat(letter.reason()).isEqualTo("UNKNOWN_MAGIC_BYTE");
    assertThat(letter.header(DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo("io.streamlearn.platform.serde.AvroSerdeException");
    assertThat(letter.header(DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("1");
    assertThat(letter.header(DeadLetterHeaders.FAILED_STAGE)).isEqualTo("features.deserialize");
  }

  @Test
  void theBufferOrderIsTheCoresCanonicalOrder() {
    TransactionEvent b = transaction("b", T0, "c", "t", 1);
    TransactionEvent a = transaction("a", T0, "c", "t", 1);
    TransactionEvent early = transaction("z", T0 - 1, "c", "t", 1);
    RoutedOutcome outcome =
        new RoutedOutcome(
            new LabelOutcome("y", T0 - DAY, T0, false, Map.of("terminalId", "t")),
            1,
            "t",
            recordOf(label("y", false, T0), 0));
    List<StageMessage> messages =
        new ArrayList<>(
            List.of(
                stage.stage(event(b, 0)),
                stage.stage(event(a, 1)),
                outcome,
                stage.stage(event(early, 2))));
    List<FeatureInput> inputs =
        new ArrayList<>(
            List.of(
                new FeatureInput.Transaction(b),
                new FeatureInput.Transaction(a),
                new FeatureInput.Label(label("y", false, T0)),
                new FeatureInput.Transaction(early)));

    messages.sort(FeatureStage.CANONICAL_ORDER);
    inputs.sort(FeatureInput.CANONICAL_ORDER);

    assertThat(messages.stream().map(StageMessage::transactionId))
        .containsExactlyElementsOf(inputs.stream().map(FeatureInput::transactionId).toList());
    assertThat(messages.get(1)).isSameAs(outcome);
  }
}
