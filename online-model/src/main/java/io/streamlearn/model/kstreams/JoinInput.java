package io.streamlearn.model.kstreams;

import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.core.serving.ScoredEvent;

/**
 * One input of the label join: an event as it was scored, or a label. Exactly one is set.
 *
 * @param scored the scored event, or null
 * @param label the label, or null
 */
record JoinInput(ScoredEvent scored, Label label) {

  JoinInput {
    if ((scored == null) == (label == null)) {
      throw new IllegalArgumentException("a join input is a scored event or a label");
    }
  }

  String transactionId() {
    return scored != null ? scored.transactionId() : label.getTransactionId();
  }

  long timeMillis() {
    return scored != null ? scored.eventTimeMillis() : label.getLabelTime().toEpochMilli();
  }
}
