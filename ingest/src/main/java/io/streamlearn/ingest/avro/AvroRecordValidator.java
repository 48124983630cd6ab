package io.streamlearn.ingest.avro;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.core.validation.FieldRole;
import io.streamlearn.ingest.core.validation.FieldRule;
import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.ingest.core.validation.ViolationCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Applies the {@link EventValidator} rules to Avro records of one schema: schema conformance, then
 * the field rules. For our Transaction and Label schemas the rules are the validator's own; for any
 * other schema they are derived from the top-level fields (see {@link #forSchema}).
 */
public final class AvroRecordValidator {

  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private final Schema schema;
  private final EventValidator validator;
  private final List<FieldRule> rules;
  private final boolean isLabel;

  private AvroRecordValidator(
      Schema schema, EventValidator validator, List<FieldRule> rules, boolean isLabel) {
    this.schema = schema;
    this.validator = validator;
    this.rules = List.copyOf(rules);
    this.isLabel = isLabel;
  }

  /**
   * The validator for records of {@code schema}.
   *
   * <p>Field roles of other schemas: an id is a string field named {@code id} or ending in {@code
   * Id}, {@code ID} or {@code _id}; an amount is a numeric field named {@code amount} or ending in
   * {@code Amount} or {@code _amount}; a timestamp is a {@code timestamp-millis} or {@code
   * timestamp-micros} field. A field is required unless its type is nullable.
   *
   * @param idFields when not empty, exactly these fields are ids (instead of the naming rule)
   * @param amountFields when not empty, exactly these fields are amounts
   * @throws IllegalArgumentException when a named field is not in the schema
   */
  public static AvroRecordValidator forSchema(
      Schema schema, EventValidator validator, Set<String> idFields, Set<String> amountFields) {
    Objects.requireNonNull(validator, "validator");
    for (String name : concat(idFields, amountFields)) {
      if (schema.getField(name) == null) {
        throw new IllegalArgumentException(
            "field '" + name + "' is not in schema " + schema.getName());
      }
    }
    String fullName = schema.getFullName();
    boolean defaults = idFields.isEmpty() && amountFields.isEmpty();
    if (defaults && fullName.equals(Transaction.getClassSchema().getFullName())) {
      return new AvroRecordValidator(schema, validator, EventValidator.TRANSACTION_FIELDS, false);
    }
    if (defaults && fullName.equals(Label.getClassSchema().getFullName())) {
      return new AvroRecordValidator(schema, validator, EventValidator.LABEL_FIELDS, true);
    }
    List<FieldRule> rules = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      Schema type = nonNull(field.schema());
      boolean required = !isNullable(field.schema());
      LogicalType logical = type.getLogicalType();
      if (logical instanceof LogicalTypes.TimestampMillis) {
        rules.add(new FieldRule(field.name(), FieldRole.TIMESTAMP_MILLIS, required));
      } else if (logical instanceof LogicalTypes.TimestampMicros) {
        rules.add(new FieldRule(field.name(), FieldRole.TIMESTAMP_MICROS, required));
      } else if (idFields.isEmpty()
          ? type.getType() == Schema.Type.STRING && looksLikeId(field.name())
          : idFields.contains(field.name())) {
        rules.add(new FieldRule(field.name(), FieldRole.ID, required));
      } else if (amountFields.isEmpty()
          ? isNumeric(type) && looksLikeAmount(field.name())
          : amountFields.contains(field.name())) {
        rules.add(new FieldRule(field.name(), FieldRole.AMOUNT, required));
      }
    }
    return new AvroRecordValidator(schema, validator, rules, false);
  }

  /** The field rules applied, in field order. */
  public List<FieldRule> rules() {
    return rules;
  }

  /** Why {@code record} must be rejected, or empty when it is valid. */
  public Optional<Violation> validate(GenericRecord record) {
    if (!GenericData.get().validate(schema, record)) {
      return Optional.of(
          new Violation(
              ViolationCode.SCHEMA_MISMATCH,
              "the record does not conform to schema " + schema.getFullName()));
    }
    Optional<Violation> problem = validator.checkFields(rules, name -> valueOf(record, name));
    if (problem.isPresent() || !isLabel) {
      return problem;
    }
    Object transactionTime = record.get("transactionTime");
    LabelEvent label =
        new LabelEvent(
            record.get("transactionId").toString(),
            (Boolean) record.get("isFraud"),
            (Long) record.get("labelTime"),
            transactionTime == null
                ? OptionalLong.empty()
                : OptionalLong.of((Long) transactionTime));
    return validator.check(label);
  }

  private Object valueOf(GenericRecord record, String name) {
    Object value = record.get(name);
    Schema type = nonNull(schema.getField(name).schema());
    if (type.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
      if (value instanceof ByteBuffer bytes) {
        return DECIMALS.fromBytes(bytes.duplicate(), type, decimal);
      }
      if (value instanceof GenericFixed fixed) {
        return DECIMALS.fromFixed(fixed, type, decimal);
      }
    }
    return value;
  }

  private static boolean looksLikeId(String name) {
    return name.equals("id")
        || name.equals("ID")
        || name.endsWith("Id")
        || name.endsWith("ID")
        || name.toLowerCase(Locale.ROOT).endsWith("_id");
  }

  private static boolean looksLikeAmount(String name) {
    return name.equals("amount")
        || name.endsWith("Amount")
        || name.toLowerCase(Locale.ROOT).endsWith("_amount");
  }

  private static boolean isNumeric(Schema type) {
    return switch (type.getType()) {
      case INT, LONG, FLOAT, DOUBLE -> true;
      case BYTES, FIXED -> type.getLogicalType() instanceof LogicalTypes.Decimal;
      default -> false;
    };
  }

  private static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
  }

  /** The type of a field without its null branch, when it is a nullable single type. */
  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    List<Schema> others =
        schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    return others.size() == 1 ? others.get(0) : schema;
  }

  private static List<String> concat(Set<String> a, Set<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
