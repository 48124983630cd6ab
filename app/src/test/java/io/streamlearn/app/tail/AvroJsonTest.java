package io.streamlearn.app.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

  private static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Everything", "fields": [
                {"name": "id", "type": "string"},
                {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                {"name": "atMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
                {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                {"name": "maybe", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]},
                {"name": "absent", "type": ["null", "string"]},
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
                {"name": "scores", "type": {"type": "array", "items": "double"}},
                {"name": "ratio", "type": "float"},
                {"name": "tags", "type": {"type": "map", "values": "int"}},
                {"name": "raw", "type": "bytes"},
                {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
                {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [
                  {"name": "flag", "type": "boolean"}, {"name": "nothing", "type": "null"}]}}
              ]}
              """);

  @Test
  void shouldWritePlainJsonForPeopleAndJq() {
    Schema inner = SCHEMA.getField("inner").schema();
    GenericRecord innerRecord = new GenericData.Record(inner);
    innerRecord.put("flag", true);
    innerRecord.put("nothing", null);
    Schema priceSchema = SCHEMA.getField("price").schema();
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("id", new org.apache.avro.util.Utf8("x-1"));
    record.put("at", Instant.parse("2024-03-01T12:00:00.123Z").toEpochMilli());
    record.put("atMicros", 1_709_294_400_000_001L);
    record.put("day", (int) LocalDate.parse("2024-03-01").toEpochDay());
    record.put("maybe", 0L);
    record.put("absent", null);
    record.put("kind", new GenericData.EnumSymbol(SCHEMA.getField("kind").schema(), "B"));
    record.put("scores", List.of(0.5, Double.NaN, Double.NEGATIVE_INFINITY));
    record.put("ratio", 0.1f);
    record.put("tags", Map.of("a", 1));
    record.put("raw", ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
    record.put(
        "price",
        new Conversions.DecimalConversion()
            .toBytes(new BigDecimal("12.34"), priceSchema, LogicalTypes.decimal(9, 2)));
    record.put("inner", innerRecord);

    assertThat(AvroJson.toJson(record, SCHEMA).toString())
        .isEqualTo(
            "{\"id\":\"x-1\",\"at\":\"2024-03-01T12:00:00.123Z\","
                + "\"atMicros\":\"2024-03-01T12:00:00.000001Z\",\"day\":\"2024-03-01\","
                + "\"maybe\":\"1970-01-01T00:00:00Z\",\"absent\":null,\"kind\":\"B\","
                + "\"scores\":[0.5,\"NaN\",\"-Infinity\"],\"ratio\":0.1,\"tags\":{\"a\":1},"
                + "\"raw\":\"aGk=\",\"price\":12.34,"
                + "\"inner\":{\"flag\":true,\"nothing\":null}}");
  }

  @Test
  void shouldWriteAPrimitiveValue() {
    assertThat(AvroJson.toJson(42L, Schema.create(Schema.Type.LONG)).toString()).isEqualTo("42");
    assertThat(AvroJson.toJson("a", Schema.create(Schema.Type.STRING)).toString())
        .isEqualTo("\"a\"");
  }
}
