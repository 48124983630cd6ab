package io.streamlearn.features.core.spec;

import io.streamlearn.ingest.core.TransactionEvent;
import java.util.List;

/**
 * The fields of a transaction that a {@link FeatureSpec} may name, and how they are read.
 *
 * <ul>
 *   <li>{@code transactionId}, {@code customerId}, {@code terminalId}: text;
 *   <li>{@code eventTime}: the event time (epoch milliseconds);
 *   <li>{@code amount}: a number;
 *   <li>{@code attributes.<name>}: the free-form attribute {@code <name>}, text; read as a number
 *       where a numeric field is needed (absent or unparseable values are missing).
 * </ul>
 *
 * A number that is absent, unparseable or not finite reads as {@code NaN}, which every feature
 * treats as a missing value; a text that is absent or empty reads as {@code null}.
 */
public final class TransactionFields {

  public static final String TRANSACTION_ID = "transactionId";
  public static final String EVENT_TIME = "eventTime";
  public static final String CUSTOMER_ID = "customerId";
  public static final String TERMINAL_ID = "terminalId";
  public static final String AMOUNT = "amount";
  public static final String ATTRIBUTE_PREFIX = "attributes.";

  private static final List<String> NAMED =
      List.of(TRANSACTION_ID, EVENT_TIME, CUSTOMER_ID, TERMINAL_ID, AMOUNT);

  /** Reads a numeric field; {@code NaN} when missing. */
  public interface NumberReader {
    double read(TransactionEvent event);
  }

  /** Reads a text field; {@code null} when missing. */
  public interface TextReader {
    String read(TransactionEvent event);
  }

  private TransactionFields() {}

  /** True for the event-time field. */
  public static boolean isTime(String field) {
    return EVENT_TIME.equals(field);
  }

  /** True for fields that can be read as a number: {@code amount} and attributes. */
  public static boolean isNumeric(String field) {
    return AMOUNT.equals(field) || isAttribute(field);
  }

  /** True for fields that can be read as text: the ids and attributes. */
  public static boolean isText(String field) {
    return TRANSACTION_ID.equals(field)
        || CUSTOMER_ID.equals(field)
        || TERMINAL_ID.equals(field)
        || isAttribute(field);
  }

  private static boolean isAttribute(String field) {
    return field != null
        && field.startsWith(ATTRIBUTE_PREFIX)
        && field.length() > ATTRIBUTE_PREFIX.length();
  }

  /** A phrase describing what kind of field {@code field} is, for error messages. */
  public static String describe(String field) {
    if (isTime(field)) {
      return "the event-time field";
    }
    if (AMOUNT.equals(field)) {
      return "a numeric field";
    }
    if (isText(field)) {
      return "a text field";
    }
    return "not a transaction field (known: " + String.join(", ", NAMED) + ", attributes.<name>)";
  }

  /** The reader of a numeric field. */
  public static NumberReader numberReader(String field) {
    if (AMOUNT.equals(field)) {
      return event -> finiteOrNaN(event.amount());
    }
    if (isAttribute(field)) {
      String name = field.substring(ATTRIBUTE_PREFIX.length());
      return event -> parseNumber(event.attributes().get(name));
    }
    throw new IllegalArgumentException("'" + field + "' is " + describe(field));
  }

  /** The reader of a text field. */
  public static TextReader textReader(String field) {
    switch (field) {
      case TRANSACTION_ID:
        return event -> emptyToNull(event.transactionId());
      case CUSTOMER_ID:
        return event -> emptyToNull(event.customerId());
      case TERMINAL_ID:
        return event -> emptyToNull(event.terminalId());
      default:
        if (isAttribute(field)) {
          String name = field.substring(ATTRIBUTE_PREFIX.length());
          return event -> emptyToNull(event.attributes().get(name));
        }
        throw new IllegalArgumentException("'" + field + "' is " + describe(field));
    }
  }

  private static double finiteOrNaN(double value) {
    return Double.isFinite(value) ? value : Double.NaN;
  }

  private static double parseNumber(String text) {
    if (text == null) {
      return Double.NaN;
    }
    try {
      return finiteOrNaN(Double.parseDouble(text.trim()));
    } catch (NumberFormatException notANumber) {
      return Double.NaN;
    }
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
