package io.streamlearn.ingest.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.core.validation.FieldRole;
import io.streamlearn.ingest.core.validation.FieldRule;
import io.streamlearn.ingest.core.validation.Violation;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class AvroRecordValidatorTest {

  private static final Schema ORDER =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Order", "fields": [
                {"name": "order_id", "type": "string"},
                {"name": "userId", "type": ["null", "string"], "default": null},
                {"name": "totalAmount", "type": "double"},
                {"name": "discount", "type": "double"},
                {"name": "placedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                {"name": "note", "type": "string"}
              ]}
              """);

  @Test
  void rolesOfOtherSchemasFollowTheFieldNamesAndTypes() {
    AvroRecordValidator validator =
        AvroRecordValidator.forSchema(ORDER, EventValidator.withDefaults(), Set.of(), Set.of());

    assertThat(validator.rules())
        .containsExactly(
            new FieldRule("order_id", FieldRole.ID, true),
            new FieldRule("userId", FieldRole.ID, false),
            new FieldRule("totalAmount", FieldRole.AMOUNT, true),
            new FieldRule("placedAt", FieldRole.TIMESTAMP_MILLIS, true));
  }

  @Test
  void explicitIdAndAmountFieldsReplaceTheNamingRule() {
    AvroRecordValidator validator =
        AvroRecordValidator.forSchema(
            ORDER, EventValidator.withDefaults(), Set.of("note"), Set.of("discount"));

    assertThat(validator.rules())
        .containsExactly(
            new FieldRule("discount", FieldRole.AMOUNT, true),
            new FieldRule("placedAt", FieldRole.TIMESTAMP_MILLIS, true),
            new FieldRule("note", FieldRole.ID, true));
    assertThatThrownBy(
            () ->
                AvroRecordValidator.forSchema(
                    ORDER, EventValidator.withDefaults(), Set.of("nope"), Set.of()))
        .hasMessage("field 'nope' is not in schema Order");
  }

  @Test
  void aRecordIsCheckedForConformanceThenByItsRules() {
    AvroRecordValidator validator =
        AvroRecordValidator.forSchema(ORDER, EventValidator.withDefaults(), Set.of(), Set.of());
    GenericData.Record order = new GenericData.Record(ORDER);
    order.put("order_id", "o1");
    order.put("totalAmount", 3.0);
    order.put("discount", -1.0);
    order.put("placedAt", 1_522_540_800_000L);
    order.put("note", "");

    assertThat(validator.validate(order)).isEmpty();
    order.put("order_id", " ");
    assertThat(validator.validate(order).map(Violation::message)).hasValue("order_id is blank");
    order.put("order_id", "o1");
    order.put("totalAmount", Double.NEGATIVE_INFINITY);
    assertThat(validator.validate(order).map(Violation::message))
        .hasValue("totalAmount is -Infinity, but amounts must be finite and >= 0");
    order.put("totalAmount", "3");
    assertThat(validator.validate(order).map(Violation::message))
        .hasValue("the record does not conform to schema Order");
  }

  @Test
  void ourSchemasUseTheValidatorsOwnRules() {
    assertThat(
            AvroRecordValidator.forSchema(
                    Transaction.getClassSchema(), EventValidator.withDefaults(), Set.of(), Set.of())
                .rules())
        .isEqualTo(EventValidator.TRANSACTION_FIELDS);
    assertThat(
            AvroRecordValidator.forSchema(
                    Label.getClassSchema(), EventValidator.withDefaults(), Set.of(), Set.of())
                .rules())
        .isEqualTo(EventValidator.LABEL_FIELDS);
  }
}
