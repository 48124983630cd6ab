package io.streamlearn.model.kstreams;

import io.streamlearn.model.avro.ModelEvent;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.monitoring.avro.DriftAlert;

/** One output of the trainer, for one of its three topics. Exactly one is set. */
record TrainerOutput(ModelSnapshot snapshot, ModelEvent event, DriftAlert alert) {

  static TrainerOutput of(ModelSnapshot snapshot) {
    return new TrainerOutput(snapshot, null, null);
  }

  static TrainerOutput of(ModelEvent event) {
    return new TrainerOutput(null, event, null);
  }

  static TrainerOutput of(DriftAlert alert) {
    return new TrainerOutput(null, null, alert);
  }
}
