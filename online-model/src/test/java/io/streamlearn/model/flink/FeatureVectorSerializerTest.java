package io.streamlearn.model.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.model.TestEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The model job's feature vectors between its tasks: the wire bytes, read back exactly. */
class FeatureVectorSerializerTest {

  private final FeatureVectorSerializer serializer = FeatureVectorSerializer.INSTANCE;

  private static FeatureVector vector() {
    Map<String, Double> features = new HashMap<>();
    features.put("TX_AMOUNT", 57.16);
    features.put("CUSTOMER_ID_NB_TX_1DAY_WINDOW", 3.0);
    features.put("naïve €", -0.0);
    features.put("missing", Double.NaN);
    return new FeatureVector(
        "tx-é1",
        Instant.ofEpochMilli(1_522_540_800_123L),
        new HashMap<>(Map.of("customerId", "C1", "terminalId", "T€9")),
        features,
        "fraud-baseline@3",
        Instant.ofEpochMilli(1_700_000_000_000L));
  }

  private byte[] serialize(FeatureVector v) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(v, out);
    return out.getCopyOfBuffer();
  }

  @Test
  void shouldReadBackEveryVectorItWrites() throws IOException {
    FeatureVector original = vector();
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(original, out);
    for (TestEvents.Event e : TestEvents.stream(3, 50, -1)) {
      serializer.serialize(e.features(), out);
    }

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    FeatureVector back = serializer.deserialize(in);
    assertThat(back).isEqualTo(original);
    assertThat(back.getFeatures().get("naïve €")).isEqualTo(-0.0);
    for (TestEvents.Event e : TestEvents.stream(3, 50, -1)) {
      assertThat(serializer.deserialize(in)).isEqualTo(e.features());
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void shouldCopyTheMapsOfAVectorAndItsSerializedBytes() throws IOException {
    FeatureVector original = vector();
    FeatureVector copy = serializer.copy(original);
    copy.getFeatures().put("TX_AMOUNT", 1.0);
    copy.getEntityIds().clear();

    assertThat(original).isEqualTo(vector());
    DataOutputSerializer copied = new DataOutputSerializer(1024); // it does not grow for a copy
    serializer.copy(new DataInputDeserializer(serialize(original)), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(serialize(original));
  }

  @Test
  void shouldRefuseBytesThatAreNotASerializedVector() throws IOException {
    byte[] bytes = serialize(vector());
    byte[] shortLength = bytes.clone();
    shortLength[3] = 2; // a length of 2: not even a wire header
    byte[] garbled = bytes.clone();
    garbled[9] = (byte) 0x7f; // the transaction id's length, now past the end

    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(shortLength)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has 2 bytes");
    assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(garbled)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("do not read back");
  }

  @Test
  void shouldRestoreItselfFromItsSnapshot() throws IOException {
    TypeSerializerSnapshot<FeatureVector> snapshot = serializer.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

    TypeSerializerSnapshot<FeatureVector> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    TypeSerializer<FeatureVector> restored = read.restoreSerializer();
    TypeSerializerSchemaCompatibility<FeatureVector> compatibility =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(read);

    assertThat(restored).isSameAs(serializer);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
    assertThat(FeatureVectorSerializer.TYPE.createSerializer(null)).isSameAs(serializer);
  }
}
