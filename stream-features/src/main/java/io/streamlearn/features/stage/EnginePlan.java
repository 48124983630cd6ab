package io.streamlearn.features.stage;

import java.util.Arrays;
import java.util.Optional;

/**
 * How an engine lays the feature stage out (docs/FEATURES.md, "The engine plan" and "The
 * single-task plan"). Both compute the same features from the same input order.
 */
public enum EnginePlan {
  /**
   * One keyed step per entity key and a label join keyed by transaction id: a transaction is
   * re-keyed from stage to stage. Scales out with the input partitions; the default.
   */
  KEYED("keyed"),
  /**
   * Every entity state and the label join in one task, which reads every partition of both inputs:
   * no re-keying, no stage messages. Does not scale beyond one task; several times the keyed plan's
   * throughput on one machine. Flink only.
   */
  SINGLE_TASK("single-task");

  private final String label;

  EnginePlan(String label) {
    this.label = label;
  }

  /** The name in the pipeline file. */
  public String label() {
    return label;
  }

  /** The plan named {@code label} in the pipeline file. */
  public static Optional<EnginePlan> fromLabel(String label) {
    return Arrays.stream(values()).filter(plan -> plan.label.equals(label)).findFirst();
  }
}
