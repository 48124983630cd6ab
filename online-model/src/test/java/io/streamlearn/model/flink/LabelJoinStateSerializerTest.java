package io.streamlearn.model.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.serving.ExampleFeatures;
import io.streamlearn.model.core.serving.LabelJoinState;
import io.streamlearn.model.core.serving.ScoredEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class LabelJoinStateSerializerTest {

  private static final Duration TTL = Duration.ofDays(30);
  private static final LabelJoinStateSerializer SERIALIZER = LabelJoinStateSerializer.INSTANCE;

  private static LabelJoinState scored(String id) {
    LabelJoinState state = LabelJoinState.empty(TTL);
    state.onScored(
        ScoredEvent.of(
            id,
            1_000L,
            Map.of("customerId", "C1", "terminalId", "T1"),
            ExampleFeatures.of(
                Map.of("CUSTOMER_ID_NB_TX_1DAY_WINDOW", 2.0, "TX_AMOUNT", 12.5), List.of()),
            0.25,
            3));
    return state;
  }

  private static byte[] serialize(TypeSerializer<byte[]> serializer, byte[] value)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    return out.getCopyOfBuffer();
  }

  @Test
  void shouldWriteTheLocalBytesAsFlinksByteArraySerializerWritesBytesAndReadThemBackAsTheyAre()
      throws IOException {
    LabelJoinState state = scored("tx-1");
    byte[] local = state.toLocalBytes();

    byte[] written = serialize(SERIALIZER, local);

    assertThat(local).hasSizeLessThan(state.toBytes().length);
    assertThat(written).isEqualTo(serialize(BytePrimitiveArraySerializer.INSTANCE, local));
    assertThat(SERIALIZER.deserialize(new DataInputDeserializer(written))).isEqualTo(local);
    DataOutputSerializer copied = new DataOutputSerializer(written.length);
    SERIALIZER.copy(new DataInputDeserializer(written), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(written);
    assertThat(SERIALIZER.copy(local)).isEqualTo(local).isNotSameAs(local);
  }

  @Test
  void shouldRestoreAStateWrittenByFlinksByteArraySerializer() throws IOException {
    byte[] portable = scored("tx-2").toBytes();
    byte[] written = serialize(BytePrimitiveArraySerializer.INSTANCE, portable);

    byte[] read = SERIALIZER.deserialize(new DataInputDeserializer(written));

    assertThat(read).isEqualTo(LabelJoinState.local(portable));
    assertThat(LabelJoinState.fromBytes(read, TTL).toBytes()).isEqualTo(portable);
    assertThat(
            SERIALIZER
                .snapshotConfiguration()
                .resolveSchemaCompatibility(
                    BytePrimitiveArraySerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs())
        .isTrue();
    assertThat(
            SERIALIZER
                .snapshotConfiguration()
                .resolveSchemaCompatibility(SERIALIZER.snapshotConfiguration())
                .isCompatibleAsIs())
        .isTrue();
    @SuppressWarnings("unchecked") // another serializer's snapshot, as a wrong restore passes it
    TypeSerializerSnapshot<byte[]> other =
        (TypeSerializerSnapshot<byte[]>)
            (TypeSerializerSnapshot<?>) StringSerializer.INSTANCE.snapshotConfiguration();
    assertThat(
            SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(other).isIncompatible())
        .isTrue();
  }

  @Test
  void shouldRefuseAStateThatDoesNotRead() throws IOException {
    byte[] portable = scored("tx-3").toBytes();
    byte[] truncated = java.util.Arrays.copyOf(portable, portable.length - 3);
    byte[] written = serialize(BytePrimitiveArraySerializer.INSTANCE, truncated);

    assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(written)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unreadable scored event bytes");
  }
}
