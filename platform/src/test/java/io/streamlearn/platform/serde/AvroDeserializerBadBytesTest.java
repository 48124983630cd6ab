package io.streamlearn.platform.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.serde.AvroSerdeException.Reason;
import io.streamlearn.platform.testing.Reading;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each kind of bad bytes gives a clear error naming the topic, never a null or a bare trace. */
class AvroDeserializerBadBytesTest {

  private static final String TOPIC = "readings";

  private InMemorySchemaRegistry registry;
  private AvroDeserializer<Reading> deserializer;
  private byte[] good;

  @BeforeEach
  void setUp() {
    registry = new InMemorySchemaRegistry();
    deserializer =
        AvroDeserializer.forSpecific(Reading.class, registry).configured(Map.of(), false);
    good =
        new AvroSerializer<Reading>(registry)
            .configured(Map.of(), false)
            .serialize(TOPIC, new Reading("s-1", 21.5, "celsius"));
  }

  @Test
  void shouldRejectUnknownMagicByte() {
    byte[] json = "{\"sensorId\":\"s-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, json))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessage(
            "Cannot deserialize the value of a record from topic 'readings': unknown magic byte"
                + " 0x7b, expected 0x00 (the Confluent Schema Registry wire format)")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.UNKNOWN_MAGIC_BYTE);
  }

  @Test
  void shouldRejectRecordShorterThanTheHeader() {
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0}))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessageContaining("topic 'readings'")
        .hasMessageContaining("it has 3 bytes, fewer than the 5-byte header")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void shouldRejectTruncatedAvroPayload() {
    byte[] truncated = Arrays.copyOf(good, good.length - 3);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessageContaining("topic 'readings'")
        .hasMessageContaining("the Avro payload ends before the record is complete")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void shouldRejectTrailingBytesAfterTheRecord() {
    byte[] padded = Arrays.copyOf(good, good.length + 2);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, padded))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessageContaining("bytes remain after the record")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.MALFORMED_PAYLOAD);
  }

  @Test
  void shouldRejectUnknownSchemaId() {
    byte[] unknownId = good.clone();
    unknownId[4] = 99;

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, unknownId))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessage(
            "Cannot deserialize the value of a record from topic 'readings': the Schema Registry"
                + " has no schema with id 99 (Schema 99 not found)")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
  }

  @Test
  void shouldReportAnUnreachableRegistryAsTransient() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    AvroDeserializer<Reading> offline =
        AvroDeserializer.forSpecific(Reading.class)
            .configured(Map.of("schema.registry.url", "http://127.0.0.1:" + closedPort), false);

    assertThatThrownBy(() -> offline.deserialize(TOPIC, good))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessageContaining("topic 'readings'")
        .hasMessageContaining("the Schema Registry is unavailable to fetch schema id 1")
        .hasMessageContaining("Cannot reach the Schema Registry at [http://127.0.0.1:" + closedPort)
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(((AvroSerdeException) e).isTransient())
                    .isTrue())
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isEqualTo(Reason.REGISTRY_UNAVAILABLE);
  }

  @Test
  void shouldRejectAPayloadThatDoesNotMatchItsWriterSchema() {
    byte[] garbage = good.clone();
    // the string length of sensorId becomes -64 (zig-zag 0x7f): impossible in valid Avro
    garbage[5] = 0x7f;

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, garbage))
        .isInstanceOf(AvroSerdeException.class)
        .hasMessageContaining("topic 'readings'")
        .extracting(e -> ((AvroSerdeException) e).reason())
        .isIn(Reason.MALFORMED_PAYLOAD, Reason.TRUNCATED);
  }

  @Test
  void shouldNameTheKeyWhenAKeyFails() {
    AvroDeserializer<Reading> keys =
        AvroDeserializer.forSpecific(Reading.class, registry).configured(Map.of(), true);

    assertThatThrownBy(() -> keys.deserialize(TOPIC, new byte[] {1, 0, 0, 0, 1}))
        .hasMessageStartingWith("Cannot deserialize the key of a record from topic 'readings'");
  }

  @Test
  void shouldAddPartitionAndOffsetWhenTheLayerKnowsThem() {
    AvroSerdeException failure =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            AvroSerdeException.class, () -> deserializer.deserialize(TOPIC, new byte[] {9}));

    org.assertj.core.api.Assertions.assertThat(failure.at(3, 1234L))
        .hasMessageStartingWith(
            "Cannot deserialize the value of a record from topic 'readings' (partition 3, offset"
                + " 1234): ");
  }
}
