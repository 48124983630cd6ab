package io.streamlearn.model.kstreams;

import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.ScoredEvent;

/**
 * What the scorer emits for one feature vector: the prediction for the {@code predictions} topic
 * and the scored event for the label join.
 */
record ScoredRecord(Prediction prediction, ScoredEvent scored) {}
