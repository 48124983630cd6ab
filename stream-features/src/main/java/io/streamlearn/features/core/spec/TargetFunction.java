package io.streamlearn.features.core.spec;

import java.util.Arrays;
import java.util.Optional;

/** What a {@link TargetAggregate} computes over the labelled transactions of its window. */
public enum TargetFunction {
  /** Share of labelled transactions that were fraudulent (the risk); undefined without labels. */
  MEAN("mean"),
  /** Number of labelled transactions; 0 without labels. */
  COUNT("count"),
  /** Number of transactions labelled fraudulent; 0 without labels. */
  SUM("sum");

  private final String label;

  TargetFunction(String label) {
    this.label = label;
  }

  /** The name a spec file uses. */
  public String label() {
    return label;
  }

  /** The function a spec file names, if any. */
  public static Optional<TargetFunction> fromLabel(String label) {
    return Arrays.stream(values()).filter(f -> f.label.equals(label)).findFirst();
  }
}
