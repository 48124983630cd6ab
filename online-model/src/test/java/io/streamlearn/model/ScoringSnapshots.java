package io.streamlearn.model;

import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.ServingModel;
import io.streamlearn.model.core.serving.Trainer;

/** Snapshots of models trained offline on {@link TestEvents}, for scoring tests. */
public final class ScoringSnapshots {

  private ScoringSnapshots() {}

  /** A model of {@code settings} trained on {@code n} events, published as {@code version}. */
  public static ModelSnapshot trained(ModelStageSettings settings, int n, long version) {
    Trainer trainer = Trainer.create(settings);
    for (TestEvents.Event e : TestEvents.stream(42, n, -1)) {
      ServingModel.Score s = ServingModel.untrained(settings).score(e.features().getFeatures());
      trainer.learn(
          new JoinedExample(
              ScoredEvent.of(
                  e.id(),
                  e.features().getEventTime().toEpochMilli(),
                  e.features().getEntityIds(),
                  s.features(),
                  s.probability(),
                  0),
              e.label().getIsFraud(),
              e.label().getLabelTime().toEpochMilli()));
    }
    ModelSnapshot published = ModelAvroMapping.toAvro(trainer.publish().model());
    return ModelSnapshot.newBuilder(published).setVersion(version).build();
  }
}
