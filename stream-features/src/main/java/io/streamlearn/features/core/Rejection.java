package io.streamlearn.features.core;

import java.util.Objects;

/**
 * An input the core did not apply, and why. The engines route every rejection (to the {@code
 * late-events} topic) and count it; nothing is dropped silently.
 *
 * @param reason the kind of rejection
 * @param transactionId the transaction the input is (or whose label it is)
 * @param stage where it was rejected: an entity key field (e.g. {@code terminalId}) or {@link
 *     #LABEL_JOIN}
 * @param message a sentence for people, with the times involved
 */
public record Rejection(Reason reason, String transactionId, String stage, String message) {

  /** The stage name of rejections by the label join. */
  public static final String LABEL_JOIN = "label-join";

  /** Why an input was rejected. */
  public enum Reason {
    /** A transaction older than the entity's newest event time minus the allowed lateness. */
    LATE_TRANSACTION,
    /** A label whose label time is older than the entity's newest time minus the lateness. */
    LATE_LABEL,
    /** The transaction lacks the value of an entity key field. */
    MISSING_ENTITY_KEY,
    /** A label whose label time precedes its transaction's event time. */
    LABEL_BEFORE_TRANSACTION,
    /** A label so late after its transaction that no target window can ever count it. */
    LABEL_BEYOND_HORIZON,
    /** A second label for the same transaction; the first one counts. */
    DUPLICATE_LABEL,
    /** A second transaction with an id already seen; labels join the first. */
    DUPLICATE_TRANSACTION,
    /** A label whose transaction was not seen before the label expired from the join. */
    LABEL_WITHOUT_TRANSACTION
  }

  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(message, "message");
  }
}
