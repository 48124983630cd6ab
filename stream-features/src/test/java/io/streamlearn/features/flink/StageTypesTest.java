package io.streamlearn.features.flink;

import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.event;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.JoinEntry;
import io.streamlearn.features.stage.SingleTaskStage;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StageRecords;
import io.streamlearn.features.stage.StagedLabel;
import io.streamlearn.features.stage.StagedTransaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class StageTypesTest {

  private final FeatureStage stage =
      new FeatureStage(FeatureStageSettings.defaults(), FeatureTopics.DEFAULTS);

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
    DataOutputSerializer config = new DataOutputSerializer(16);
    TypeSerializerSnapshot.writeVersionedSnapshot(config, snapshot);
    TypeSerializerSnapshot<T> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(config.getCopyOfBuffer()),
            StageTypesTest.class.getClassLoader());
    assertThat(
            restored
                .resolveSchemaCompatibility(serializer.snapshotConfiguration())
                .isCompatibleAsIs())
        .isTrue();
    return restored
        .restoreSerializer()
        .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  /** The single-task stage's outputs, not looked at here. */
  private static final SingleTaskStage.Output IGNORED =
      new SingleTaskStage.Output() {
        @Override
        public void vector(TransactionFeatures features, long ingestTimeMillis) {}

        @Override
        public void deadLetter(DeadLetterRecord letter) {}

        @Override
        public void outcomeApplied() {}
      };

  private static List<byte[]> chunksOf(SingleTaskCheckpoint checkpoint) {
    List<byte[]> chunks = new ArrayList<>();
    checkpoint.writeTo(chunks::add);
    return chunks;
  }

  @Test
  void theSingleTaskStateSerializerWritesACaptureAndReadsBackItsChunks() throws Exception {
    SingleTaskStage single = new SingleTaskStage(stage);
    for (int i = 0; i < 20_000; i++) { // more than one chunk of about 1 MB
      single.accept(event(transaction("tx" + i, T0 + i, "c" + i, "t" + i, 10), i), IGNORED);
    }
    List<byte[]> expected = new ArrayList<>();
    single.snapshot(expected::add);
    SingleTaskStateSerializer serializer = new SingleTaskStateSerializer();
    SingleTaskCheckpoint capture = SingleTaskCheckpoint.of(single.capture());

    assertThat(expected).hasSizeGreaterThan(1);
    assertThat(serializer.copy(capture)).isSameAs(capture);
    assertThat(chunksOf(roundTrip(serializer, capture))).containsExactlyElementsOf(expected);
    DataOutputSerializer written = new DataOutputSerializer(1024);
    serializer.serialize(capture, written);
    DataOutputSerializer copied = new DataOutputSerializer(written.length()); // it does not grow
    serializer.copy(new DataInputDeserializer(written.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(written.getCopyOfBuffer());
  }

  @Test
  void theSingleTaskStateSerializerRefusesANegativeChunkLength() {
    DataOutputSerializer out = new DataOutputSerializer(16);
    try {
      out.writeInt(-7);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThatThrownBy(
            () ->
                new SingleTaskStateSerializer()
                    .deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("negative length -7");
  }

  @Test
  void messagesAndSourceEventsSurviveFlinksSerializersAndTheirSnapshots() throws Exception {
    SourceEvent source = event(transaction("a", T0, "c1", "t1", 10), 0);
    StageMessage message = stage.stage(source);

    assertThat(
            roundTrip(
                StageTypes.STAGE_MESSAGES.createSerializer(new SerializerConfigImpl()), message))
        .isEqualTo(message);
    assertThat(
            roundTrip(
                StageTypes.SOURCE_EVENTS.createSerializer(new SerializerConfigImpl()), source))
        .isEqualTo(source);
  }

  @Test
  void anEntityStateCellCopiesDeeplyAndRestoresBitForBit() throws Exception {
    EntityFeatures terminal = stage.entity(1);
    EntityState state = terminal.newState();
    state.onTransaction(transaction("a", T0, "c1", "t1", 10));
    EntityStateCell cell = EntityStateCell.of(state);

    EntityStateCell copy = EntityStateCell.Serializer.INSTANCE.copy(cell);
    state.onTransaction(transaction("b", T0 + 1, "c1", "t1", 20));
    EntityStateCell restored = roundTrip(EntityStateCell.Serializer.INSTANCE, cell);

    assertThat(copy.state(terminal).toBytes()).isNotEqualTo(state.toBytes());
    assertThat(restored.state(terminal).toBytes()).isEqualTo(state.toBytes());
  }

  @Test
  void aJoinEntryCellCopiesDeeplyAndReadsTheEntriesOfByteArrayState() throws Exception {
    JoinEntry entry = stage.newJoinEntry();
    stage.joinLabel(
        entry,
        new StagedLabel(
            label("a", true, T0 + 1), StageRecords.recordOf(label("a", true, T0 + 1), 3)));
    JoinEntryCell cell = JoinEntryCell.of(entry);
    byte[] waiting = entry.toBytes();

    JoinEntryCell copy = JoinEntryCell.Serializer.INSTANCE.copy(cell);
    stage.joinTransaction(
        entry, (StagedTransaction) stage.stage(event(transaction("a", T0, "c1", "t1", 10), 0)));
    assertThat(copy.entry(stage).toBytes()).isEqualTo(waiting).isNotEqualTo(entry.toBytes());
    assertThat(roundTrip(JoinEntryCell.Serializer.INSTANCE, cell).entry(stage).toBytes())
        .isEqualTo(entry.toBytes());

    // the label join kept its entries as byte[] before: the same bytes, compatible as is
    DataOutputSerializer out = new DataOutputSerializer(64);
    BytePrimitiveArraySerializer.INSTANCE.serialize(waiting, out);
    JoinEntryCell restored =
        JoinEntryCell.Serializer.INSTANCE.deserialize(
            new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(restored.entry(stage).toBytes()).isEqualTo(waiting);
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<JoinEntryCell> old =
        (TypeSerializerSnapshot) BytePrimitiveArraySerializer.INSTANCE.snapshotConfiguration();
    assertThat(
            JoinEntryCell.Serializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(old)
                .isCompatibleAsIs())
        .isTrue();
  }
}
