package io.streamlearn.ingest.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

  private static final Schema READING =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Reading", "fields": [
                {"name": "deviceId", "type": "string", "aliases": ["device"]},
                {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
                {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
                {"name": "count", "type": "int", "default": 1},
                {"name": "value", "type": "float"},
                {"name": "ok", "type": "boolean"},
                {"name": "price", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2}], "default": null},
                {"name": "state", "type": {"type": "enum", "name": "State", "symbols": ["ON", "OFF"]}, "default": "OFF"},
                {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
                {"name": "extra", "type": {"type": "map", "values": "long"}, "default": {}},
                {"name": "where", "type": ["null", {"type": "record", "name": "Place", "fields": [
                    {"name": "lat", "type": "double"}, {"name": "lon", "type": "double"}]}], "default": null},
                {"name": "note", "type": ["null", "string", "long"], "default": null}
              ]}
              """);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecordMapper mapper =
      new RecordMapper(READING, Map.of("sensor", "deviceId"), EpochUnit.MILLIS);

  @Test
  void csvTextIsCoercedToEveryFieldType() throws Exception {
    GenericData.Record record =
        mapper.map(
            csv(
                "sensor", "s-1",
                "at", "2018-04-01T02:00:00.123456+02:00",
                "day", "2018-04-01",
                "count", "12.0",
                "value", "2.5",
                "ok", "YES",
                "price", "12.3",
                "state", "ON",
                "tags", "[\"a\",\"b\"]",
                "extra", "{\"k\": 4}",
                "where", "{\"lat\": 1.5, \"lon\": 2}",
                "note", "hello"));

    assertThat(record.get("deviceId")).isEqualTo("s-1");
    assertThat(record.get("at")).isEqualTo(1_522_540_800_123_456L);
    assertThat(record.get("day")).isEqualTo(17622);
    assertThat(record.get("count")).isEqualTo(12);
    assertThat(record.get("value")).isEqualTo(2.5f);
    assertThat(record.get("ok")).isEqualTo(true);
    Schema priceType = READING.getField("price").schema().getTypes().get(1);
    assertThat(
            new Conversions.DecimalConversion()
                .fromBytes((ByteBuffer) record.get("price"), priceType, LogicalTypes.decimal(6, 2)))
        .isEqualTo(new BigDecimal("12.30"));
    assertThat(record.get("state")).hasToString("ON");
    assertThat(record.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(record.get("extra")).isEqualTo(Map.of("k", 4L));
    assertThat(((GenericData.Record) record.get("where")).get("lon")).isEqualTo(2.0);
    assertThat(record.get("note")).isEqualTo("hello");
    assertThat(GenericData.get().validate(READING, record)).isTrue();
  }

  @Test
  void absentOptionalFieldsTakeTheirDefaults() throws Exception {
    GenericData.Record record =
        mapper.map(json("{\"device\": \"d\", \"at\": 1522540800000, \"value\": 1, \"ok\": false}"));

    assertThat(record.get("deviceId")).isEqualTo("d");
    assertThat(record.get("at")).isEqualTo(1_522_540_800_000_000L);
    assertThat(record.get("day")).isNull();
    assertThat(record.get("count")).isEqualTo(1);
    assertThat(record.get("state")).hasToString("OFF");
    assertThat(record.get("tags")).isEqualTo(List.of());
    assertThat(record.get("extra")).isEqualTo(Map.of());
    assertThat(GenericData.get().validate(READING, record)).isTrue();
  }

  @Test
  void jsonValuesKeepTheirTypesAndUnionsTakeTheFirstFittingBranch() throws Exception {
    GenericData.Record record =
        mapper.map(
            json(
                "{\"deviceId\": 42, \"at\": \"1522540800000\", \"value\": \"NaN\", \"ok\": 1,"
                    + " \"note\": 7, \"where\": {\"Place\": {\"lat\": 0, \"lon\": 0}}}"));

    assertThat(record.get("deviceId")).isEqualTo("42");
    assertThat(record.get("value")).isEqualTo(Float.NaN);
    assertThat(record.get("note")).isEqualTo(7L);
    assertThat(record.get("where")).isNotNull();
  }

  @Test
  void valuesThatDoNotFitAreRejectedWithTheFieldAndTheValue() {
    String base = "\"deviceId\": \"d\", \"at\": 1522540800000, \"value\": 1, \"ok\": true";
    assertRejected("{" + base + ", \"count\": 1.5}", "count: 1.5 is not a whole number");
    assertRejected(
        "{" + base + ", \"count\": 3000000000}", "count: 3000000000 is out of range for an int");
    assertRejected("{" + base + ", \"state\": \"DIM\"}", "state: 'DIM' is not one of [ON, OFF]");
    assertRejected(
        "{" + base + ", \"price\": 1.234}", "price: 1.234 has more than 2 decimal places");
    assertRejected("{" + base + ", \"tags\": \"[1,\"}", "tags: '[1,' is not valid JSON");
    assertRejected("{" + base + ", \"extra\": {\"k\": \"x\"}}", "extra.k: 'x' is not a number");
    assertRejected("{" + base + ", \"where\": {\"lat\": 1}}", "missing required field where.lon");
    assertRejected(
        "{" + base + ", \"note\": [true]}",
        "note: [true] matches none of the types [string, long]");
    assertRejected("{\"deviceId\": \"d\", \"at\": 1, \"value\": 1}", "missing required field ok");
    assertRejected(
        "{\"deviceId\": \"d\", \"at\": 1, \"value\": 1, \"ok\": \"maybe\"}",
        "ok: 'maybe' is not a boolean");
    assertRejected(
        "{\"deviceId\": [1], \"at\": 1, \"value\": 1, \"ok\": true}",
        "deviceId: [1] is not a string");
    assertRejected(
        "{\"deviceId\": \"d\", \"sensor\": \"e\", \"at\": 1, \"value\": 1, \"ok\": true}",
        "columns 'deviceId' and 'sensor' both give field deviceId");
  }

  @Test
  void unknownColumnsAndMissingRequiredFieldsAreFoundFromTheHeader() {
    assertThat(mapper.unknownColumns(List.of("sensor", "at", "colour", "device")))
        .containsExactly("colour");
    assertThat(mapper.requiredFieldsMissingFrom(List.of("device", "value")))
        .containsExactly("at", "ok");
  }

  @Test
  void aRenameToAFieldTheSchemaDoesNotHaveIsRefused() {
    assertThatThrownBy(() -> new RecordMapper(READING, Map.of("x", "nope"), EpochUnit.MILLIS))
        .hasMessage("column 'x' is mapped to field 'nope', which schema Reading does not have");
  }

  @Test
  void numericTimestampsAreReadInTheConfiguredUnit() throws Exception {
    Schema transaction = Transaction.getClassSchema();
    Map<String, JsonNode> row =
        csv(
            "transactionId",
            "t",
            "eventTime",
            "1522540831.5",
            "customerId",
            "c",
            "terminalId",
            "T",
            "amount",
            "1");

    assertThat(new RecordMapper(transaction, Map.of(), EpochUnit.SECONDS).map(row).get("eventTime"))
        .isEqualTo(1_522_540_831_500L);
    row.put("eventTime", JsonNodeFactory.instance.textNode("1522540831500000"));
    assertThat(new RecordMapper(transaction, Map.of(), EpochUnit.MICROS).map(row).get("eventTime"))
        .isEqualTo(1_522_540_831_500L);
  }

  private void assertRejected(String json, String reason) {
    assertThatThrownBy(() -> mapper.map(json(json)))
        .isInstanceOf(RecordMappingException.class)
        .hasMessage(reason);
  }

  private static Map<String, JsonNode> csv(String... namesAndValues) {
    Map<String, JsonNode> row = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put(namesAndValues[i], JsonNodeFactory.instance.textNode(namesAndValues[i + 1]));
    }
    return row;
  }

  private static Map<String, JsonNode> json(String text) throws Exception {
    Map<String, JsonNode> row = new LinkedHashMap<>();
    JSON.readTree(text).properties().forEach(e -> row.put(e.getKey(), e.getValue()));
    return row;
  }
}
