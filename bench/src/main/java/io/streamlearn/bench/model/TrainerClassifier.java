package io.streamlearn.bench.model;

import io.streamlearn.model.core.OnlineClassifier;
import io.streamlearn.model.core.serving.ExampleFeatures;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.Trainer;
import io.streamlearn.model.core.serving.TrainerEvent;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model stage's {@link Trainer} seen as a learner, so that the fraud benchmark can evaluate the
 * shipped pipeline as it trains in production: class weighting, concept-drift detection and the
 * configured drift response included. The trainer needs each example's event time, card and label
 * time, which a learner's {@code learnOne} does not get: the benchmark registers each example's
 * feature map with {@link #expect} before the validation sees it.
 */
final class TrainerClassifier implements OnlineClassifier {

  private final Trainer trainer;
  private final FraudDataset data;
  private final Map<Map<String, Double>, Integer> pending = new IdentityHashMap<>();
  private final List<TrainerEvent> events = new ArrayList<>();

  TrainerClassifier(ModelStageSettings settings, FraudDataset data) {
    this.trainer = Trainer.create(settings);
    this.data = data;
  }

  /** Example {@code index} of the dataset will be learned with features {@code x}. */
  void expect(Map<String, Double> x, int index) {
    pending.put(x, index);
  }

  @Override
  public void learnOne(Map<String, Double> x, boolean y, double weight) {
    Integer i = pending.remove(x);
    if (i == null) {
      throw new IllegalStateException("an example the benchmark did not register");
    }
    ScoredEvent scored =
        ScoredEvent.of(
            "tx-" + i,
            data.eventTime[i],
            Map.of("customerId", Integer.toString(data.customer[i])),
            ExampleFeatures.of(x, List.of()),
            0.5,
            0);
    events.addAll(trainer.learn(new JoinedExample(scored, y, data.labelTime[i])).events());
  }

  @Override
  public double predictProbaOne(Map<String, Double> x) {
    return trainer.predict(ExampleFeatures.of(x, List.of()));
  }

  /** The model events so far: warnings and drift responses. */
  List<TrainerEvent> events() {
    return events;
  }

  @Override
  public String kind() {
    return "model-stage-trainer";
  }

  @Override
  public int formatVersion() {
    return 1;
  }

  /** The trainer's checkpoint ({@code docs/SERVING.md}). */
  @Override
  public void writeTo(DataOutput out) throws IOException {
    byte[] checkpoint = trainer.checkpoint();
    out.writeInt(checkpoint.length);
    out.write(checkpoint);
  }
}
