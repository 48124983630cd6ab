package io.streamlearn.app.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The stages of a pipeline, in the order data flows (docs/PIPELINE.md). */
public enum Stage {
  /** stream-features: transactions and labels to feature vectors. */
  FEATURES("features"),
  /** online-model: scores feature vectors, learns from labels. */
  MODEL("model"),
  /** monitoring: data, prediction and label-rate drift. */
  MONITORING("monitoring");

  private final String label;

  Stage(String label) {
    this.label = label;
  }

  /** The stage's name: its section of the pipeline file and its metrics' {@code stage} tag. */
  public String label() {
    return label;
  }

  /** The stage named {@code label}. */
  public static Optional<Stage> fromLabel(String label) {
    return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
  }

  /** Every label, for messages. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(Stage::label).toList();
  }

  @Override
  public String toString() {
    return label;
  }
}
