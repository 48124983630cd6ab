package io.streamlearn.ingest.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

  private static final long APRIL_2018 = Instant.parse("2018-04-01T10:00:00Z").toEpochMilli();

  private final EventValidator validator = EventValidator.withDefaults();

  private static Optional<String> messageOf(Optional<Violation> violation) {
    return violation.map(Violation::message);
  }

  @Test
  void everyViolationCarriesAStableCode() {
    assertThat(validator.check(new TransactionEvent("", APRIL_2018, "c", "t", 1)))
        .map(Violation::code)
        .hasValue(ViolationCode.EMPTY_ID);
    assertThat(validator.check(new TransactionEvent("1", APRIL_2018, "c", "t", Double.NaN)))
        .map(Violation::code)
        .hasValue(ViolationCode.NON_FINITE_AMOUNT);
    assertThat(validator.check(new TransactionEvent("1", APRIL_2018, "c", "t", -1)))
        .map(Violation::code)
        .hasValue(ViolationCode.NEGATIVE_AMOUNT);
    assertThat(validator.check(new TransactionEvent("1", 0, "c", "t", 1)))
        .map(Violation::code)
        .hasValue(ViolationCode.TIMESTAMP_OUT_OF_RANGE);
    assertThat(
            validator.check(new LabelEvent("1", true, APRIL_2018, OptionalLong.of(APRIL_2018 + 1))))
        .map(Violation::code)
        .hasValue(ViolationCode.LABEL_BEFORE_TRANSACTION);
    assertThat(validator.checkField(new FieldRule("x", FieldRole.ID, true), null))
        .map(Violation::code)
        .hasValue(ViolationCode.MISSING_FIELD);
    assertThat(validator.checkField(new FieldRule("x", FieldRole.AMOUNT, true), "1"))
        .map(Violation::code)
        .hasValue(ViolationCode.WRONG_TYPE);
  }

  @Test
  void aWellFormedTransactionPasses() {
    assertThat(messageOf(validator.check(new TransactionEvent("1", APRIL_2018, "c", "t", 0.0))))
        .isEmpty();
    assertThat(messageOf(validator.check(new TransactionEvent("1", APRIL_2018, "c", "t", 12.5))))
        .isEmpty();
  }

  @Test
  void emptyOrBlankIdsAreRejected() {
    assertThat(messageOf(validator.check(new TransactionEvent("", APRIL_2018, "c", "t", 1))))
        .hasValue("transactionId is empty");
    assertThat(messageOf(validator.check(new TransactionEvent("1", APRIL_2018, " ", "t", 1))))
        .hasValue("customerId is blank");
    assertThat(messageOf(validator.check(new TransactionEvent("1", APRIL_2018, "c", "", 1))))
        .hasValue("terminalId is empty");
  }

  @Test
  void amountsMustBeFiniteAndNotNegative() {
    assertThat(
            messageOf(validator.check(new TransactionEvent("1", APRIL_2018, "c", "t", Double.NaN))))
        .hasValue("amount is NaN, but amounts must be finite and >= 0");
    assertThat(messageOf(validator.check(new TransactionEvent("1", APRIL_2018, "c", "t", -0.01))))
        .hasValue("amount is -0.01, but amounts must be finite and >= 0");
    assertThat(
            messageOf(
                validator.check(
                    new TransactionEvent("1", APRIL_2018, "c", "t", Double.POSITIVE_INFINITY))))
        .hasValue("amount is Infinity, but amounts must be finite and >= 0");
  }

  @Test
  void timestampsMustLieInTheConfiguredRange() {
    assertThat(messageOf(validator.check(new TransactionEvent("1", 0, "c", "t", 1))))
        .hasValue(
            "eventTime 1970-01-01T00:00:00Z is outside the accepted range"
                + " [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z)");
    EventValidator narrow =
        new EventValidator(
            ValidationRules.timestampsBetween(
                Instant.parse("2018-04-01T00:00:00Z"), Instant.parse("2018-04-01T10:00:00Z")));
    assertThat(messageOf(narrow.check(new TransactionEvent("1", APRIL_2018 - 1, "c", "t", 1))))
        .isEmpty();
    assertThat(messageOf(narrow.check(new TransactionEvent("1", APRIL_2018, "c", "t", 1))))
        .isPresent();
    assertThatThrownBy(() -> new ValidationRules(5, 5))
        .hasMessage(
            "the earliest accepted timestamp 1970-01-01T00:00:00.005Z must be before the latest"
                + " 1970-01-01T00:00:00.005Z");
  }

  @Test
  void aLabelCannotBeKnownBeforeItsTransaction() {
    assertThat(
            messageOf(
                validator.check(
                    new LabelEvent("1", true, APRIL_2018, OptionalLong.of(APRIL_2018)))))
        .isEmpty();
    assertThat(messageOf(validator.check(new LabelEvent("1", false, APRIL_2018)))).isEmpty();
    assertThat(
            messageOf(
                validator.check(
                    new LabelEvent("1", true, APRIL_2018, OptionalLong.of(APRIL_2018 + 1)))))
        .hasValue(
            "labelTime 2018-04-01T10:00:00Z is before transactionTime 2018-04-01T10:00:00.001Z,"
                + " but a label cannot be known before its transaction happened");
    assertThat(messageOf(validator.check(new LabelEvent("", true, APRIL_2018))))
        .hasValue("transactionId is empty");
    assertThat(
            messageOf(validator.check(new LabelEvent("1", true, APRIL_2018, OptionalLong.of(-5)))))
        .hasValue(
            "transactionTime 1969-12-31T23:59:59.995Z is outside the accepted range"
                + " [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z)");
  }

  @Test
  void fieldByFieldChecksAgreeWithTheEventChecks() {
    assertThat(validator.checkTransaction("1", APRIL_2018, "c", "", 3))
        .isEqualTo(validator.check(new TransactionEvent("1", APRIL_2018, "c", "", 3)));
    assertThat(validator.checkLabel("1", APRIL_2018, APRIL_2018 + 1))
        .isEqualTo(
            validator.check(
                new LabelEvent("1", true, APRIL_2018, OptionalLong.of(APRIL_2018 + 1))));
    assertThat(validator.checkLabel("1", APRIL_2018, APRIL_2018)).isEmpty();
  }

  @Test
  void recordsOfAnySchemaAreCheckedFieldByFieldAndReportTheFirstViolation() {
    List<FieldRule> rules =
        List.of(
            new FieldRule("deviceId", FieldRole.ID, true),
            new FieldRule("reading", FieldRole.AMOUNT, false),
            new FieldRule("observedAt", FieldRole.TIMESTAMP_MICROS, true));
    Map<String, Object> record = new HashMap<>();
    record.put("deviceId", new StringBuilder("sensor-1"));
    record.put("observedAt", APRIL_2018 * 1000);

    assertThat(messageOf(validator.checkFields(rules, record::get))).isEmpty();
    record.put("reading", -1.0);
    assertThat(messageOf(validator.checkFields(rules, record::get)))
        .hasValue("reading is -1.0, but amounts must be finite and >= 0");
    record.put("deviceId", null);
    assertThat(messageOf(validator.checkFields(rules, record::get)))
        .hasValue("deviceId is missing");
    record.put("deviceId", 42);
    assertThat(messageOf(validator.checkFields(rules, record::get)))
        .hasValue("deviceId must be a string but was Integer '42'");
    record.put("deviceId", "d");
    record.put("reading", "7");
    assertThat(messageOf(validator.checkFields(rules, record::get)))
        .hasValue("reading must be a number but was String '7'");
    record.put("reading", 7);
    record.put("observedAt", 3L);
    assertThat(messageOf(validator.checkFields(rules, record::get)))
        .hasValue(
            "observedAt 1970-01-01T00:00:00Z is outside the accepted range"
                + " [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z)");
  }

  @Test
  void theTransactionFieldRulesAgreeWithTheTransactionCheck() {
    Map<String, Object> record =
        Map.of(
            "transactionId", "1",
            "eventTime", APRIL_2018,
            "customerId", "c",
            "terminalId", "t",
            "amount", Double.NaN);

    assertThat(validator.checkFields(EventValidator.TRANSACTION_FIELDS, record::get))
        .isEqualTo(validator.check(new TransactionEvent("1", APRIL_2018, "c", "t", Double.NaN)));
  }
}
