package io.streamlearn.ingest.avro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.ingest.core.validation.ViolationCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Maps the named values of one input record (a CSV row or a JSON object) onto an Avro record of a
 * given schema: columns are matched to fields by name (or an alias, or a rename), values are
 * coerced to the field's type, and absent optional fields take their default.
 *
 * <p>Coercions: numbers from numbers or decimal text ({@code NaN} and {@code Infinity} accepted for
 * float and double, so that the validator can name them); whole numbers only for int and long;
 * booleans from {@code true/false/yes/no/1/0}; {@code timestamp-*} fields from ISO-8601 ({@code
 * 2018-04-01T00:00:31Z}, an offset, or a local date-time or date read as UTC) or from an epoch
 * number in the configured {@link EpochUnit}; {@code date} from an ISO date or a day number;
 * decimals from numbers (never rounded); bytes and fixed from base64; enums from their symbol;
 * arrays, maps and records from JSON (in a CSV cell too). An empty CSV cell or a JSON null is an
 * absent value. Thread-safe once built.
 */
public final class RecordMapper {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private final Schema schema;
  private final EpochUnit epochUnit;
  private final Map<String, Schema.Field> fieldsByInputName;

  /**
   * @param schema a record schema
   * @param columnToField renames: input column name to field name
   * @param epochUnit the unit of timestamps given as numbers
   * @throws IllegalArgumentException when the schema is not a record or a rename names no field
   */
  public RecordMapper(Schema schema, Map<String, String> columnToField, EpochUnit epochUnit) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.epochUnit = Objects.requireNonNull(epochUnit, "epochUnit");
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          "schema " + schema.getFullName() + " is a " + schema.getType() + ", not a record");
    }
    Map<String, Schema.Field> lookup = new HashMap<>();
    for (Schema.Field field : schema.getFields()) {
      for (String alias : field.aliases()) {
        lookup.put(alias, field);
      }
    }
    for (Schema.Field field : schema.getFields()) {
      lookup.put(field.name(), field);
    }
    for (Map.Entry<String, String> rename : columnToField.entrySet()) {
      Schema.Field field = schema.getField(rename.getValue());
      if (field == null) {
        throw new IllegalArgumentException(
            "column '"
                + rename.getKey()
                + "' is mapped to field '"
                + rename.getValue()
                + "', which schema "
                + schema.getName()
                + " does not have");
      }
      lookup.put(rename.getKey(), field);
    }
    this.fieldsByInputName = Map.copyOf(lookup);
  }

  /** The target schema. */
  public Schema schema() {
    return schema;
  }

  /** The input columns that map to no field, in input order. */
  public List<String> unknownColumns(Collection<String> columns) {
    return columns.stream().filter(c -> !fieldsByInputName.containsKey(c)).toList();
  }

  /** The required fields (no default, not nullable) that none of the columns provides. */
  public List<String> requiredFieldsMissingFrom(Collection<String> columns) {
    List<String> missing = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      boolean provided = columns.stream().anyMatch(c -> fieldsByInputName.get(c) == field);
      if (!provided && isRequired(field)) {
        missing.add(field.name());
      }
    }
    return missing;
  }

  /**
   * The record for the given input values (keyed by column name; unknown columns are ignored).
   *
   * @throws RecordMappingException with the reason when a value does not fit its field or a
   *     required field is absent
   */
  public GenericData.Record map(Map<String, JsonNode> values) throws RecordMappingException {
    JsonNode[] byField = new JsonNode[schema.getFields().size()];
    String[] sourceColumn = new String[byField.length];
    for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
      Schema.Field field = fieldsByInputName.get(entry.getKey());
      if (field == null || isAbsent(entry.getValue())) {
        continue;
      }
      if (byField[field.pos()] != null) {
        throw new RecordMappingException(
            ViolationCode.MALFORMED_RECORD,
            "columns '"
                + sourceColumn[field.pos()]
                + "' and '"
                + entry.getKey()
                + "' both give field "
                + field.name());
      }
      byField[field.pos()] = entry.getValue();
      sourceColumn[field.pos()] = entry.getKey();
    }
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      JsonNode node = byField[field.pos()];
      record.put(
          field.pos(),
          node == null
              ? absentValue(field, field.name())
              : coerce(field.schema(), node, field.name()));
    }
    return record;
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static boolean isRequired(Schema.Field field) {
    return !field.hasDefaultValue() && !isNullable(field.schema());
  }

  private static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.NULL
        || (schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
  }

  private static Object absentValue(Schema.Field field, String path) throws RecordMappingException {
    if (field.hasDefaultValue()) {
      return GenericData.get().getDefaultValue(field);
    }
    if (isNullable(field.schema())) {
      return null;
    }
    throw new RecordMappingException(ViolationCode.MISSING_FIELD, "missing required field " + path);
  }

  private Object coerce(Schema type, JsonNode node, String path) throws RecordMappingException {
    if (isAbsent(node) && type.getType() != Schema.Type.UNION) {
      if (type.getType() == Schema.Type.NULL) {
        return null;
      }
      throw new RecordMappingException(ViolationCode.MISSING_FIELD, path + " must not be null");
    }
    LogicalType logical = type.getLogicalType();
    return switch (type.getType()) {
      case UNION -> coerceUnion(type, node, path);
      case NULL -> throw new RecordMappingException(path + " must be null but was " + show(node));
      case BOOLEAN -> toBoolean(node, path);
      case INT -> logical instanceof LogicalTypes.Date ? toEpochDay(node, path) : toInt(node, path);
      case LONG -> toLong(node, logical, path);
      case FLOAT -> (float) toDouble(node, path);
      case DOUBLE -> toDouble(node, path);
      case STRING -> toText(node, logical, path);
      case BYTES ->
          logical instanceof LogicalTypes.Decimal decimal
              ? DECIMALS.toBytes(toDecimal(node, decimal, path), type, decimal)
              : ByteBuffer.wrap(fromBase64(node, path));
      case FIXED -> toFixed(type, node, logical, path);
      case ENUM -> toEnum(type, node, path);
      case ARRAY -> toArray(type, node, path);
      case MAP -> toMap(type, node, path);
      case RECORD -> toRecord(type, node, path);
    };
  }

  private Object coerceUnion(Schema union, JsonNode node, String path)
      throws RecordMappingException {
    if (isAbsent(node)) {
      if (isNullable(union)) {
        return null;
      }
      throw new RecordMappingException(ViolationCode.MISSING_FIELD, path + " must not be null");
    }
    List<Schema> branches =
        union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (node.isObject() && node.size() == 1) {
      String tag = node.fieldNames().next();
      for (Schema branch : branches) {
        if (tag.equals(branch.getFullName()) || tag.equals(branch.getName())) {
          return coerce(branch, node.get(tag), path);
        }
      }
    }
    // A branch of the value's own JSON type is tried first: 7 goes to long before string.
    List<Schema> ordered = new ArrayList<>();
    branches.stream().filter(b -> isNaturalFor(b, node)).forEach(ordered::add);
    branches.stream().filter(b -> !isNaturalFor(b, node)).forEach(ordered::add);
    RecordMappingException first = null;
    for (Schema branch : ordered) {
      try {
        return coerce(branch, node, path);
      } catch (RecordMappingException e) {
        first = first == null ? e : first;
      }
    }
    if (branches.size() == 1 && first != null) {
      throw first;
    }
    throw new RecordMappingException(
        path
            + ": "
            + show(node)
            + " matches none of the types "
            + branches.stream().map(Schema::getName).toList());
  }

  private static boolean isNaturalFor(Schema branch, JsonNode node) {
    return switch (branch.getType()) {
      case STRING, ENUM -> node.isTextual();
      case INT, LONG -> node.isIntegralNumber();
      case FLOAT, DOUBLE -> node.isNumber();
      case BOOLEAN -> node.isBoolean();
      case RECORD, MAP -> node.isObject();
      case ARRAY -> node.isArray();
      default -> false;
    };
  }

  private static boolean toBoolean(JsonNode node, String path) throws RecordMappingException {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && (node.asLong() == 0 || node.asLong() == 1)) {
      return node.asLong() == 1;
    }
    if (node.isTextual()) {
      switch (node.textValue().trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "y", "t", "1" -> {
          return true;
        }
        case "false", "no", "n", "f", "0" -> {
          return false;
        }
        default -> {}
      }
    }
    throw new RecordMappingException(path + ": " + show(node) + " is not a boolean");
  }

  private static BigDecimal toNumber(JsonNode node, String path) throws RecordMappingException {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual() && DECIMAL.matcher(node.textValue().trim()).matches()) {
      return new BigDecimal(node.textValue().trim());
    }
    throw new RecordMappingException(path + ": " + show(node) + " is not a number");
  }

  private static BigDecimal toWholeNumber(JsonNode node, String path)
      throws RecordMappingException {
    BigDecimal number = toNumber(node, path);
    try {
      BigDecimal whole = number.setScale(0, RoundingMode.UNNECESSARY);
      whole.longValueExact();
      return whole;
    } catch (ArithmeticException e) {
      throw new RecordMappingException(path + ": " + show(node) + " is not a whole number");
    }
  }

  private static int toInt(JsonNode node, String path) throws RecordMappingException {
    try {
      return toWholeNumber(node, path).intValueExact();
    } catch (ArithmeticException e) {
      throw new RecordMappingException(path + ": " + show(node) + " is out of range for an int");
    }
  }

  private static double toDouble(JsonNode node, String path) throws RecordMappingException {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      String text = node.textValue().trim();
      switch (text.toLowerCase(Locale.ROOT)) {
        case "nan" -> {
          return Double.NaN;
        }
        case "infinity", "+infinity", "inf", "+inf" -> {
          return Double.POSITIVE_INFINITY;
        }
        case "-infinity", "-inf" -> {
          return Double.NEGATIVE_INFINITY;
        }
        default -> {}
      }
    }
    return toNumber(node, path).doubleValue();
  }

  private Object toLong(JsonNode node, LogicalType logical, String path)
      throws RecordMappingException {
    if (logical instanceof LogicalTypes.TimestampMillis
        || logical instanceof LogicalTypes.LocalTimestampMillis) {
      return Math.floorDiv(toEpochMicros(node, path), 1_000L);
    }
    if (logical instanceof LogicalTypes.TimestampMicros
        || logical instanceof LogicalTypes.LocalTimestampMicros) {
      return toEpochMicros(node, path);
    }
    try {
      return toWholeNumber(node, path).longValueExact();
    } catch (ArithmeticException e) {
      throw new RecordMappingException(path + ": " + show(node) + " is out of range for a long");
    }
  }

  private long toEpochMicros(JsonNode node, String path) throws RecordMappingException {
    String text = node.isTextual() ? node.textValue().trim() : null;
    if (node.isNumber() || (text != null && DECIMAL.matcher(text).matches())) {
      BigDecimal value = toNumber(node, path);
      try {
        return value
            .multiply(BigDecimal.valueOf(epochUnit.micros()))
            .setScale(0, RoundingMode.FLOOR)
            .longValueExact();
      } catch (ArithmeticException e) {
        throw new RecordMappingException(path + ": " + show(node) + " is out of range");
      }
    }
    if (text != null) {
      try {
        String iso =
            text.length() > 10 && text.charAt(10) == ' ' ? text.replaceFirst(" ", "T") : text;
        if (iso.length() == 10) {
          return LocalDate.parse(iso).toEpochDay() * 86_400_000_000L;
        }
        if (iso.endsWith("Z") || hasOffset(iso)) {
          OffsetDateTime time = OffsetDateTime.parse(iso);
          return toMicros(time.toEpochSecond(), time.getNano());
        }
        LocalDateTime time = LocalDateTime.parse(iso);
        return toMicros(time.toEpochSecond(ZoneOffset.UTC), time.getNano());
      } catch (DateTimeParseException | ArithmeticException e) {
        // reported below
      }
    }
    throw new RecordMappingException(
        path
            + ": "
            + show(node)
            + " is neither an ISO-8601 timestamp nor a number of epoch "
            + epochUnit.name().toLowerCase(Locale.ROOT));
  }

  private static boolean hasOffset(String iso) {
    int t = iso.indexOf('T');
    return t > 0 && (iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0);
  }

  private static long toMicros(long epochSecond, int nanos) {
    return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nanos / 1_000);
  }

  private static int toEpochDay(JsonNode node, String path) throws RecordMappingException {
    if (node.isTextual() && !DECIMAL.matcher(node.textValue().trim()).matches()) {
      try {
        return Math.toIntExact(LocalDate.parse(node.textValue().trim()).toEpochDay());
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new RecordMappingException(
            path + ": " + show(node) + " is neither an ISO-8601 date nor a day number");
      }
    }
    try {
      return toWholeNumber(node, path).intValueExact();
    } catch (ArithmeticException e) {
      throw new RecordMappingException(path + ": " + show(node) + " is out of range for a date");
    }
  }

  private static String toText(JsonNode node, LogicalType logical, String path)
      throws RecordMappingException {
    if (!node.isValueNode()) {
      throw new RecordMappingException(path + ": " + show(node) + " is not a string");
    }
    String text = node.asText();
    if (logical != null && "uuid".equals(logical.getName())) {
      try {
        UUID.fromString(text.trim());
      } catch (IllegalArgumentException e) {
        throw new RecordMappingException(path + ": " + show(node) + " is not a UUID");
      }
    }
    return text;
  }

  private static BigDecimal toDecimal(JsonNode node, LogicalTypes.Decimal decimal, String path)
      throws RecordMappingException {
    BigDecimal value = toNumber(node, path);
    try {
      BigDecimal scaled = value.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
      if (scaled.precision() > decimal.getPrecision()) {
        throw new RecordMappingException(
            path + ": " + show(node) + " has more than " + decimal.getPrecision() + " digits");
      }
      return scaled;
    } catch (ArithmeticException e) {
      throw new RecordMappingException(
          path + ": " + show(node) + " has more than " + decimal.getScale() + " decimal places");
    }
  }

  private static byte[] fromBase64(JsonNode node, String path) throws RecordMappingException {
    if (node.isTextual()) {
      try {
        return Base64.getDecoder().decode(node.textValue().trim());
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw new RecordMappingException(path + ": " + show(node) + " is not base64");
  }

  private static Object toFixed(Schema type, JsonNode node, LogicalType logical, String path)
      throws RecordMappingException {
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return DECIMALS.toFixed(toDecimal(node, decimal, path), type, decimal);
    }
    byte[] bytes = fromBase64(node, path);
    if (bytes.length != type.getFixedSize()) {
      throw new RecordMappingException(
          path + ": has " + bytes.length + " bytes but must have " + type.getFixedSize());
    }
    return new GenericData.Fixed(type, bytes);
  }

  private static Object toEnum(Schema type, JsonNode node, String path)
      throws RecordMappingException {
    if (node.isTextual() && type.hasEnumSymbol(node.textValue().trim())) {
      return new GenericData.EnumSymbol(type, node.textValue().trim());
    }
    throw new RecordMappingException(
        path + ": " + show(node) + " is not one of " + type.getEnumSymbols());
  }

  private Object toArray(Schema type, JsonNode node, String path) throws RecordMappingException {
    JsonNode array = parseIfText(node, path);
    if (!array.isArray()) {
      throw new RecordMappingException(path + ": " + show(node) + " is not an array");
    }
    GenericData.Array<Object> result = new GenericData.Array<>(array.size(), type);
    for (int i = 0; i < array.size(); i++) {
      result.add(coerce(type.getElementType(), array.get(i), path + "[" + i + "]"));
    }
    return result;
  }

  private Object toMap(Schema type, JsonNode node, String path) throws RecordMappingException {
    JsonNode object = parseIfText(node, path);
    if (!object.isObject()) {
      throw new RecordMappingException(path + ": " + show(node) + " is not an object");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      result.put(
          entry.getKey(),
          coerce(type.getValueType(), entry.getValue(), path + "." + entry.getKey()));
    }
    return result;
  }

  private Object toRecord(Schema type, JsonNode node, String path) throws RecordMappingException {
    JsonNode object = parseIfText(node, path);
    if (!object.isObject()) {
      throw new RecordMappingException(path + ": " + show(node) + " is not an object");
    }
    GenericData.Record record = new GenericData.Record(type);
    for (Schema.Field field : type.getFields()) {
      JsonNode value = object.get(field.name());
      String fieldPath = path + "." + field.name();
      record.put(
          field.pos(),
          isAbsent(value)
              ? absentValue(field, fieldPath)
              : coerce(field.schema(), value, fieldPath));
    }
    return record;
  }

  private static JsonNode parseIfText(JsonNode node, String path) throws RecordMappingException {
    if (!node.isTextual()) {
      return node;
    }
    try {
      return JSON.readTree(node.textValue());
    } catch (JsonProcessingException e) {
      throw new RecordMappingException(path + ": " + show(node) + " is not valid JSON");
    }
  }

  /** A value as it appears in a reason: quoted text, or JSON. */
  private static String show(JsonNode node) {
    String text = node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "...'" : text;
  }
}
