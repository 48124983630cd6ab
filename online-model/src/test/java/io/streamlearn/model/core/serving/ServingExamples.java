package io.streamlearn.model.core.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded streams of scored and joined examples for the serving tests: three features, a label drawn
 * from a logistic concept, one event a minute, labels a week later. With a switch, the concept
 * flips its sign at that example (an abrupt concept drift).
 */
final class ServingExamples {

  static final long START = 1_522_540_800_000L; // 2018-04-01T00:00Z
  static final long MINUTE = 60_000L;
  static final long WEEK = 7 * 86_400_000L;

  private ServingExamples() {}

  /** {@code n} examples; the concept flips at {@code switchAt} (never if negative). */
  static List<JoinedExample> stream(long seed, int n, int switchAt) {
    Random random = new Random(seed);
    List<JoinedExample> examples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      double c = random.nextDouble();
      double sign = switchAt >= 0 && i >= switchAt ? -1 : 1;
      double logit = sign * (2.5 * a - 1.5 * b) - 1;
      boolean y = random.nextDouble() < 1 / (1 + Math.exp(-logit));
      Map<String, Double> x = new TreeMap<>(Map.of("a", a, "b", b, "c", c));
      long t = START + i * MINUTE;
      ScoredEvent scored =
          ScoredEvent.of(
              "tx-" + i,
              t,
              Map.of("customerId", "C" + random.nextInt(40)),
              ExampleFeatures.of(x, List.of()),
              random.nextDouble(),
              0);
      examples.add(new JoinedExample(scored, y, t + WEEK));
    }
    return examples;
  }

  /**
   * {@code n} examples of an imbalanced, stationary stream shaped like card fraud: 1% positives,
   * whose feature {@code a} is shifted by 2.5 (the classes overlap), one event a minute, labels a
   * week later. From {@code changeAt} on (never if negative) the concept changes: 3% positives,
   * with a new pattern (shifted on {@code b} instead), as a fraud ring with a new modus operandi.
   */
  static List<JoinedExample> imbalanced(long seed, int n, int changeAt) {
    Random random = new Random(seed);
    List<JoinedExample> examples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean changed = changeAt >= 0 && i >= changeAt;
      boolean y = random.nextDouble() < (changed ? 0.03 : 0.01);
      double a = random.nextGaussian() + (y && !changed ? 2.5 : 0);
      double b = random.nextGaussian() + (y && changed ? 2.5 : 0);
      double c = random.nextGaussian();
      long t = START + i * MINUTE;
      ScoredEvent scored =
          ScoredEvent.of(
              "tx-" + i,
              t,
              Map.of("customerId", "C" + random.nextInt(1000)),
              ExampleFeatures.of(new TreeMap<>(Map.of("a", a, "b", b, "c", c)), List.of()),
              0.5,
              0);
      examples.add(new JoinedExample(scored, y, t + WEEK));
    }
    return examples;
  }

  static ScoredEvent scored(String id, long eventTime, double score) {
    return ScoredEvent.of(
        id,
        eventTime,
        Map.of("customerId", "C1"),
        ExampleFeatures.of(Map.of("a", 1.0, "b", 2.0), List.of()),
        score,
        3);
  }
}
