package io.streamlearn.features.stage;

import java.util.Arrays;
import java.util.Optional;

/**
 * When the feature stage computes a transaction's features (docs/FEATURES.md, "Ordering and
 * determinism").
 */
public enum EmitMode {
  /**
   * As each input arrives, from the entity's state as of then: a transaction's vector leaves the
   * stage milliseconds after it arrives. Out-of-order arrivals within the allowed lateness still
   * see only events at or before their own time; the result depends on arrival order only through
   * races between a label and transactions at nearly the same event time.
   */
  ON_ARRIVAL("on-arrival"),
  /**
   * Inputs wait per entity until the watermark (Flink) or stream time minus the allowed lateness
   * (Kafka Streams) passes them, then are applied in the core's canonical order: deterministic,
   * equal to the reference, at the cost of holding every vector back by the allowed lateness.
   */
  ON_WATERMARK("on-watermark");

  private final String label;

  EmitMode(String label) {
    this.label = label;
  }

  /** The name in the pipeline file. */
  public String label() {
    return label;
  }

  /** The mode named {@code label} in the pipeline file. */
  public static Optional<EmitMode> fromLabel(String label) {
    return Arrays.stream(values()).filter(mode -> mode.label.equals(label)).findFirst();
  }
}
