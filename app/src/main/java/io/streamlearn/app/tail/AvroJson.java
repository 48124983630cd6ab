package io.streamlearn.app.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro data (as {@link GenericData} reads it) as plain JSON for people and {@code jq}: unions
 * unwrapped to their value, timestamps and dates as ISO-8601 text, decimals as numbers, bytes and
 * fixed as base64 text, and non-finite floating-point values as the text {@code "NaN"}, {@code
 * "Infinity"} or {@code "-Infinity"} (JSON has no numbers for them). This is not Avro's JSON
 * encoding, which wraps union values in their type name.
 */
public final class AvroJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private AvroJson() {}

  /** The JSON of {@code datum}, written with {@code schema}. */
  public static JsonNode toJson(Object datum, Schema schema) {
    if (datum == null) {
      return NODES.nullNode();
    }
    LogicalType logical = schema.getLogicalType();
    return switch (schema.getType()) {
      case RECORD -> record((IndexedRecord) datum, schema);
      case ARRAY -> array((Collection<?>) datum, schema.getElementType());
      case MAP -> map((Map<?, ?>) datum, schema.getValueType());
      case UNION ->
          toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
      case ENUM, STRING -> NODES.textNode(datum.toString());
      case BYTES -> bytes(((ByteBuffer) datum).duplicate(), schema, logical);
      case FIXED -> bytes(ByteBuffer.wrap(((GenericFixed) datum).bytes()), schema, logical);
      case INT -> integer(((Number) datum).intValue(), logical);
      case LONG -> longValue(((Number) datum).longValue(), logical);
      case FLOAT -> floating((Float) datum);
      case DOUBLE -> floating((Double) datum);
      case BOOLEAN -> NODES.booleanNode((Boolean) datum);
      case NULL -> NODES.nullNode();
    };
  }

  private static ObjectNode record(IndexedRecord record, Schema schema) {
    ObjectNode node = NODES.objectNode();
    for (Schema.Field field : schema.getFields()) {
      node.set(field.name(), toJson(record.get(field.pos()), field.schema()));
    }
    return node;
  }

  private static ArrayNode array(Collection<?> items, Schema elementSchema) {
    ArrayNode node = NODES.arrayNode(items.size());
    for (Object item : items) {
      node.add(toJson(item, elementSchema));
    }
    return node;
  }

  private static ObjectNode map(Map<?, ?> entries, Schema valueSchema) {
    ObjectNode node = NODES.objectNode();
    entries.forEach((key, value) -> node.set(key.toString(), toJson(value, valueSchema)));
    return node;
  }

  private static JsonNode bytes(ByteBuffer buffer, Schema schema, LogicalType logical) {
    if (logical instanceof LogicalTypes.Decimal) {
      BigDecimal value = DECIMALS.fromBytes(buffer, schema, logical);
      return NODES.numberNode(value);
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
  }

  private static JsonNode integer(int value, LogicalType logical) {
    if (logical instanceof LogicalTypes.Date) {
      return NODES.textNode(LocalDate.ofEpochDay(value).toString());
    }
    if (logical instanceof LogicalTypes.TimeMillis) {
      return NODES.textNode(LocalTime.ofNanoOfDay(value * 1_000_000L).toString());
    }
    return NODES.numberNode(value);
  }

  private static JsonNode longValue(long value, LogicalType logical) {
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return NODES.textNode(Instant.ofEpochMilli(value).toString());
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      return NODES.textNode(micros(value).toString());
    }
    if (logical instanceof LogicalTypes.LocalTimestampMillis) {
      return NODES.textNode(
          LocalDateTime.ofInstant(Instant.ofEpochMilli(value), ZoneOffset.UTC).toString());
    }
    if (logical instanceof LogicalTypes.LocalTimestampMicros) {
      return NODES.textNode(LocalDateTime.ofInstant(micros(value), ZoneOffset.UTC).toString());
    }
    if (logical instanceof LogicalTypes.TimeMicros) {
      return NODES.textNode(LocalTime.ofNanoOfDay(value * 1_000L).toString());
    }
    return NODES.numberNode(value);
  }

  private static Instant micros(long value) {
    return Instant.ofEpochSecond(
        Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
  }

  private static JsonNode floating(float value) {
    return Float.isFinite(value) ? NODES.numberNode(value) : nonFinite(value);
  }

  private static JsonNode floating(double value) {
    return Double.isFinite(value) ? NODES.numberNode(value) : nonFinite(value);
  }

  private static JsonNode nonFinite(double value) {
    return NODES.textNode(Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
  }
}
