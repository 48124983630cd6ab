package io.streamlearn.ingest.core.validation;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks events before they enter the system; the same rules serve the producer CLI and the
 * streaming jobs' input side. Every check returns the reason for rejecting the input as one
 * sentence with a stable {@link ViolationCode}, or empty when the input is valid. Stateless and
 * thread-safe.
 *
 * <p>The rules: ids are present and not blank; amounts are finite and at least 0; timestamps lie in
 * the configured range ({@link ValidationRules}); a label is not known before its transaction
 * happened.
 *
 * <pre>{@code
 * EventValidator validator = new EventValidator(ValidationRules.DEFAULTS);
 * validator.check(transaction).ifPresent(v -> deadLetter(record, v.code(), v.message()));
 * }</pre>
 */
public final class EventValidator {

  /** The rules {@link #check(TransactionEvent)} applies, for records of the Transaction schema. */
  public static final List<FieldRule> TRANSACTION_FIELDS =
      List.of(
          new FieldRule("transactionId", FieldRole.ID, true),
          new FieldRule("eventTime", FieldRole.TIMESTAMP_MILLIS, true),
          new FieldRule("customerId", FieldRole.ID, true),
          new FieldRule("terminalId", FieldRole.ID, true),
          new FieldRule("amount", FieldRole.AMOUNT, true));

  /** The field rules {@link #check(LabelEvent)} applies, for records of the Label schema. */
  public static final List<FieldRule> LABEL_FIELDS =
      List.of(
          new FieldRule("transactionId", FieldRole.ID, true),
          new FieldRule("labelTime", FieldRole.TIMESTAMP_MILLIS, true),
          new FieldRule("transactionTime", FieldRole.TIMESTAMP_MILLIS, false));

  private final ValidationRules rules;

  public EventValidator(ValidationRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** A validator with {@link ValidationRules#DEFAULTS}. */
  public static EventValidator withDefaults() {
    return new EventValidator(ValidationRules.DEFAULTS);
  }

  /** The rules in force. */
  public ValidationRules rules() {
    return rules;
  }

  /** Why {@code transaction} must be rejected, or empty when it is valid. */
  public Optional<Violation> check(TransactionEvent transaction) {
    return checkTransaction(
        transaction.transactionId(),
        transaction.eventTimeMillis(),
        transaction.customerId(),
        transaction.terminalId(),
        transaction.amount());
  }

  /** Why a transaction with these fields must be rejected, or empty when it is valid. */
  public Optional<Violation> checkTransaction(
      String transactionId,
      long eventTimeMillis,
      String customerId,
      String terminalId,
      double amount) {
    Optional<Violation> violation = checkId("transactionId", transactionId);
    if (violation.isEmpty()) {
      violation = checkTimestampMillis("eventTime", eventTimeMillis);
    }
    if (violation.isEmpty()) {
      violation = checkId("customerId", customerId);
    }
    if (violation.isEmpty()) {
      violation = checkId("terminalId", terminalId);
    }
    if (violation.isEmpty()) {
      violation = checkAmount("amount", amount);
    }
    return violation;
  }

  /** Why {@code label} must be rejected, or empty when it is valid. */
  public Optional<Violation> check(LabelEvent label) {
    Optional<Violation> violation = checkId("transactionId", label.transactionId());
    if (violation.isEmpty()) {
      violation = checkTimestampMillis("labelTime", label.labelTimeMillis());
    }
    if (violation.isEmpty() && label.transactionTimeMillis().isPresent()) {
      violation =
          checkLabelTimes(label.labelTimeMillis(), label.transactionTimeMillis().getAsLong());
    }
    return violation;
  }

  /**
   * Why a label with these fields, for a transaction at {@code transactionTimeMillis}, must be
   * rejected, or empty when it is valid.
   */
  public Optional<Violation> checkLabel(
      String transactionId, long labelTimeMillis, long transactionTimeMillis) {
    Optional<Violation> violation = checkId("transactionId", transactionId);
    if (violation.isEmpty()) {
      violation = checkTimestampMillis("labelTime", labelTimeMillis);
    }
    if (violation.isEmpty()) {
      violation = checkLabelTimes(labelTimeMillis, transactionTimeMillis);
    }
    return violation;
  }

  private Optional<Violation> checkLabelTimes(long labelTimeMillis, long transactionTimeMillis) {
    Optional<Violation> violation = checkTimestampMillis("transactionTime", transactionTimeMillis);
    if (violation.isEmpty() && labelTimeMillis < transactionTimeMillis) {
      violation =
          violation(
              ViolationCode.LABEL_BEFORE_TRANSACTION,
              "labelTime "
                  + Instant.ofEpochMilli(labelTimeMillis)
                  + " is before transactionTime "
                  + Instant.ofEpochMilli(transactionTimeMillis)
                  + ", but a label cannot be known before its transaction happened");
    }
    return violation;
  }

  /**
   * Why a record of any schema must be rejected, or empty when it is valid.
   *
   * @param fieldRules the rules, checked in order; the first violation is reported
   * @param values the record's value for a field name: a {@link CharSequence} for ids, a {@link
   *     Number} for amounts and timestamps, null when absent
   */
  public Optional<Violation> checkFields(
      List<FieldRule> fieldRules, Function<String, Object> values) {
    for (FieldRule rule : fieldRules) {
      Optional<Violation> problem = checkField(rule, values.apply(rule.field()));
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** Why {@code value} is not acceptable under {@code rule}, or empty when it is. */
  public Optional<Violation> checkField(FieldRule rule, Object value) {
    String field = rule.field();
    if (value == null) {
      return rule.required()
          ? violation(ViolationCode.MISSING_FIELD, field + " is missing")
          : Optional.empty();
    }
    return switch (rule.role()) {
      case ID ->
          value instanceof CharSequence text
              ? checkId(field, text)
              : wrongType(field + " must be a string but was " + describe(value));
      case AMOUNT ->
          value instanceof Number number
              ? checkAmount(field, number.doubleValue())
              : wrongType(field + " must be a number but was " + describe(value));
      case TIMESTAMP_MILLIS ->
          value instanceof Long || value instanceof Integer
              ? checkTimestampMillis(field, ((Number) value).longValue())
              : wrongType(field + " must be a whole number but was " + describe(value));
      case TIMESTAMP_MICROS ->
          value instanceof Long || value instanceof Integer
              ? checkTimestampMillis(field, Math.floorDiv(((Number) value).longValue(), 1000L))
              : wrongType(field + " must be a whole number but was " + describe(value));
    };
  }

  /** Why {@code value} is not an acceptable id, or empty when it is. */
  public Optional<Violation> checkId(String field, CharSequence value) {
    if (value == null) {
      return violation(ViolationCode.MISSING_FIELD, field + " is missing");
    }
    if (value.length() == 0) {
      return violation(ViolationCode.EMPTY_ID, field + " is empty");
    }
    if (isBlank(value)) {
      return violation(ViolationCode.EMPTY_ID, field + " is blank");
    }
    return Optional.empty();
  }

  /** Why {@code value} is not an acceptable amount, or empty when it is. */
  public Optional<Violation> checkAmount(String field, double value) {
    if (Double.isFinite(value) && value >= 0) {
      return Optional.empty();
    }
    return violation(
        Double.isNaN(value) || Double.isInfinite(value)
            ? ViolationCode.NON_FINITE_AMOUNT
            : ViolationCode.NEGATIVE_AMOUNT,
        field + " is " + value + ", but amounts must be finite and >= 0");
  }

  /** Why {@code millis} is not an acceptable timestamp, or empty when it is. */
  public Optional<Violation> checkTimestampMillis(String field, long millis) {
    if (millis >= rules.minTimestampMillis() && millis < rules.maxTimestampMillis()) {
      return Optional.empty();
    }
    return violation(
        ViolationCode.TIMESTAMP_OUT_OF_RANGE,
        field
            + " "
            + Instant.ofEpochMilli(millis)
            + " is outside the accepted range ["
            + Instant.ofEpochMilli(rules.minTimestampMillis())
            + ", "
            + Instant.ofEpochMilli(rules.maxTimestampMillis())
            + ")");
  }

  private static boolean isBlank(CharSequence value) {
    for (int i = 0; i < value.length(); i++) {
      if (!Character.isWhitespace(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Violation> violation(ViolationCode code, String message) {
    return Optional.of(new Violation(code, message));
  }

  private static Optional<Violation> wrongType(String message) {
    return violation(ViolationCode.WRONG_TYPE, message);
  }

  private static String describe(Object value) {
    return value.getClass().getSimpleName() + " '" + value + "'";
  }
}
