package io.streamlearn.model.core.serving;

import java.util.Locale;

/** What one input or one expiry did to the label join of a transaction. */
public enum JoinOutcome {
  /** Scored features are kept until their label arrives. */
  WAITING_FOR_LABEL,
  /** A label arrived first and waits for its features. */
  WAITING_FOR_FEATURES,
  /** Features and label met: one example for the trainer. */
  JOINED,
  /** Features for a transaction already scored: the first ones count. */
  DUPLICATE_FEATURES,
  /** A label for a transaction already labelled: the first one counts. */
  DUPLICATE_LABEL,
  /** A label later than the TTL after its event: it does not train the model. */
  LABEL_AFTER_TTL,
  /** Features whose label did not arrive within the TTL. */
  EXPIRED_UNLABELLED,
  /** A label whose features did not arrive within the TTL. */
  EXPIRED_UNMATCHED_LABEL;

  /** The metric tag: {@code joined}, {@code expired-unlabelled}... */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the outcome is the final one of an input that will not train the model. */
  public boolean isLoss() {
    return this == LABEL_AFTER_TTL || this == EXPIRED_UNLABELLED || this == EXPIRED_UNMATCHED_LABEL;
  }
}
