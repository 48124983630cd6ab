package io.streamlearn.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.registry.RegistryChange;
import io.streamlearn.platform.testing.GoldenPayment;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire format, checked against bytes computed by hand from the documented format (Confluent's
 * "Wire format" page and the Avro 1.12 specification's binary encoding), not against our own
 * output: this is exactly what Confluent's KafkaAvroSerializer writes for the record.
 */
class AvroSerdeGoldenBytesTest {

  private static final String TOPIC = "payments";
  private static final int SCHEMA_ID = 42;

  /**
   * Record {id="pay-1", amount=12.5, quantity=-2, createdAt=1000 ms, flagged=true, note="ok",
   * tags={k=v}} with schema id 42.
   */
  private static final String GOLDEN_HEX =
      "00" // magic byte
          + "0000002a" // schema id 42, 4 bytes big-endian
          + "0a"
          + "7061792d31" // id: string length 5 (zig-zag 10), then UTF-8 "pay-1"
          + "0000000000002940" // amount: IEEE-754 double 12.5 = 0x4029000000000000, little-endian
          + "03" // quantity: int -2, zig-zag (-2 << 1) ^ (-2 >> 31) = 3
          + "d00f" // createdAt: long 1000, zig-zag 2000 = 0b1111_1010000 -> 0xd0 0x0f (varint)
          + "01" // flagged: true
          + "02"
          + "04"
          + "6f6b" // note: union branch 1 (zig-zag 2), string length 2, "ok"
          + "02" // tags: a block of 1 entry (zig-zag 2)
          + "02"
          + "6b" // key "k"
          + "02"
          + "76" // value "v"
          + "00"; // end of map blocks

  private InMemorySchemaRegistry registry;

  @BeforeEach
  void registerTheSchemaUnderId42() {
    registry = new InMemorySchemaRegistry();
    registry.replay(
        new RegistryChange.SchemaVersionAdded(
            TOPIC + "-value", 1, SCHEMA_ID, GoldenPayment.getClassSchema().toString()));
  }

  private static GoldenPayment payment() {
    return GoldenPayment.newBuilder()
        .setId("pay-1")
        .setAmount(12.5)
        .setQuantity(-2)
        .setCreatedAt(Instant.ofEpochMilli(1000))
        .setFlagged(true)
        .setNote("ok")
        .setTags(Map.of("k", "v"))
        .build();
  }

  @Test
  void shouldWriteExactlyTheBytesOfTheDocumentedWireFormat() {
    AvroSerializer<GoldenPayment> serializer =
        new AvroSerializer<GoldenPayment>(registry).configured(Map.of(), false);

    byte[] bytes = serializer.serialize(TOPIC, payment());

    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN_HEX);
  }

  @Test
  void shouldWriteTheSameBytesForAnEqualGenericRecord() {
    GenericRecord generic = new GenericData.Record(GoldenPayment.getClassSchema());
    generic.put("id", "pay-1");
    generic.put("amount", 12.5);
    generic.put("quantity", -2);
    generic.put("createdAt", 1000L);
    generic.put("flagged", true);
    generic.put("note", "ok");
    generic.put("tags", Map.of("k", "v"));
    AvroSerializer<GenericRecord> serializer =
        new AvroSerializer<GenericRecord>(registry).configured(Map.of(), false);

    assertThat(HexFormat.of().formatHex(serializer.serialize(TOPIC, generic)))
        .isEqualTo(GOLDEN_HEX);
  }

  @Test
  void shouldReadBytesFramedAsConfluentsSerializerFramesThem() {
    AvroDeserializer<GoldenPayment> deserializer =
        AvroDeserializer.forSpecific(GoldenPayment.class, registry).configured(Map.of(), false);

    GoldenPayment read = deserializer.deserialize(TOPIC, HexFormat.of().parseHex(GOLDEN_HEX));

    assertThat(read).isEqualTo(payment());
    assertThat(read.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1000));
  }

  @Test
  void shouldReadTheGoldenBytesAsAGenericRecordWithTheWriterSchema() {
    AvroDeserializer<GenericRecord> deserializer =
        AvroDeserializer.forGeneric(GoldenPayment.getClassSchema(), registry)
            .configured(Map.of(), false);

    GenericRecord read = deserializer.deserialize(TOPIC, HexFormat.of().parseHex(GOLDEN_HEX));

    assertThat(read.get("id")).hasToString("pay-1");
    assertThat(read.get("amount")).isEqualTo(12.5);
    assertThat(read.get("quantity")).isEqualTo(-2);
    assertThat(read.get("createdAt")).isEqualTo(1000L);
    assertThat(read.get("flagged")).isEqualTo(true);
    assertThat(read.get("note")).hasToString("ok");
  }

  @Test
  void shouldFrameTheSchemaIdBigEndian() {
    byte[] framed = ConfluentWireFormat.frame(0x01020304, new byte[] {0x7f});

    assertThat(HexFormat.of().formatHex(framed)).isEqualTo("00" + "01020304" + "7f");
    assertThat(ConfluentWireFormat.schemaId(framed, TOPIC, false)).isEqualTo(0x01020304);
  }

  @Test
  void shouldSerializeNullAsATombstoneAndReadATombstoneAsNull() {
    AvroSerializer<GoldenPayment> serializer =
        new AvroSerializer<GoldenPayment>(registry).configured(Map.of(), false);
    AvroDeserializer<GoldenPayment> deserializer =
        AvroDeserializer.forSpecific(GoldenPayment.class, registry).configured(Map.of(), false);

    assertThat(serializer.serialize(TOPIC, null)).isNull();
    assertThat(deserializer.deserialize(TOPIC, (byte[]) null)).isNull();
  }
}
