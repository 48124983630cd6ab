package io.streamlearn.model.kstreams;

import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.ScoredEvent;

/**
 * One input of the label join: an event as it was scored (its {@link ExampleCodec} bytes, which the
 * join keeps as they are), or a label. Exactly one is set.
 *
 * @param transactionId the transaction id, the join's key
 * @param timeMillis the event time of a scored event, the label time of a label
 * @param scored the scored event's bytes, or null
 * @param label the label, or null
 */
record JoinInput(String transactionId, long timeMillis, byte[] scored, Label label) {

  JoinInput {
    if ((scored == null) == (label == null)) {
      throw new IllegalArgumentException("a join input is a scored event or a label");
    }
  }

  /** The input of a scored event, encoded once here. */
  static JoinInput of(ScoredEvent scored) {
    return new JoinInput(
        scored.transactionId(), scored.eventTimeMillis(), ExampleCodec.encode(scored), null);
  }

  /** The input of a label. */
  static JoinInput of(Label label) {
    return new JoinInput(
        label.getTransactionId(), label.getLabelTime().toEpochMilli(), null, label);
  }
}
