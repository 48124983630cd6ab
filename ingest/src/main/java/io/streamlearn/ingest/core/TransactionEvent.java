package io.streamlearn.ingest.core;

import java.util.Map;
import java.util.Objects;

/**
 * A card payment at a terminal: the core (engine- and Avro-free) form of the {@code Transaction}
 * contract.
 *
 * @param transactionId unique id, non-empty
 * @param eventTimeMillis when the payment happened, epoch milliseconds (event time)
 * @param customerId the card holder, non-empty
 * @param terminalId the terminal, non-empty
 * @param amount the amount; finiteness and sign are checked by the validator, not here, so that
 *     invalid input can be represented and dead-lettered with a reason
 * @param attributes optional free-form attributes, never null
 */
public record TransactionEvent(
    String transactionId,
    long eventTimeMillis,
    String customerId,
    String terminalId,
    double amount,
    Map<String, String> attributes) {

  public TransactionEvent {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(terminalId, "terminalId");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** A transaction without optional attributes. */
  public TransactionEvent(
      String transactionId,
      long eventTimeMillis,
      String customerId,
      String terminalId,
      double amount) {
    this(transactionId, eventTimeMillis, customerId, terminalId, amount, Map.of());
  }
}
