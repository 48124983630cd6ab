package io.streamlearn.features.stage;

import java.util.Arrays;
import java.util.Optional;

/** The processing guarantee of the stage's outputs (docs/PIPELINE.md, {@code guarantee}). */
public enum Guarantee {
  /**
   * After a failure, inputs since the last commit (Kafka Streams) or checkpoint (Flink) are
   * processed again; their outputs may be written twice.
   */
  AT_LEAST_ONCE("at-least-once"),
  /**
   * Outputs and state change together, once: Kafka Streams {@code exactly_once_v2}; Flink
   * checkpoints with a transactional Kafka sink. Readers of the outputs should use {@code
   * isolation.level=read_committed}.
   */
  EXACTLY_ONCE("exactly-once");

  private final String label;

  Guarantee(String label) {
    this.label = label;
  }

  /** The name in the pipeline file. */
  public String label() {
    return label;
  }

  /** The guarantee named {@code label} in the pipeline file. */
  public static Optional<Guarantee> fromLabel(String label) {
    return Arrays.stream(values()).filter(g -> g.label.equals(label)).findFirst();
  }
}
