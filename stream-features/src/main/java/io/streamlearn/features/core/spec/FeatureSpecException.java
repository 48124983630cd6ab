package io.streamlearn.features.core.spec;

import java.util.List;

/**
 * A feature spec, or one of its definitions, is invalid. Carries every problem found, each a
 * sentence naming what is wrong, e.g. {@code feature 'x': window must be positive}.
 */
public final class FeatureSpecException extends IllegalArgumentException {

  private final List<String> problems;

  public FeatureSpecException(List<String> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, one sentence each, in the order they were found. */
  public List<String> problems() {
    return problems;
  }

  private static String describe(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a FeatureSpecException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " problems:\n  - " + String.join("\n  - ", problems);
  }
}
