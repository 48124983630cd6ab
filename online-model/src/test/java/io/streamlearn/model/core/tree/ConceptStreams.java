package io.streamlearn.model.core.tree;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Small seeded streams for tree tests: labelled feature maps with known concepts. */
public final class ConceptStreams {

  /** One labelled example. */
  public record Example(Map<String, Double> x, boolean y) {}

  private ConceptStreams() {}

  /**
   * SEA concepts (Street and Kim, KDD 2001): three features uniform in [0, 10), positive when
   * {@code x1 + x2 <= threshold}; {@code x3} is irrelevant.
   */
  public static Example sea(Random random, double threshold) {
    Map<String, Double> x = new HashMap<>();
    double x1 = 10 * random.nextDouble();
    double x2 = 10 * random.nextDouble();
    x.put("x1", x1);
    x.put("x2", x2);
    x.put("x3", 10 * random.nextDouble());
    return new Example(x, x1 + x2 <= threshold);
  }

  /** Prequential accuracy (test, then train) of {@code learner} over {@code n} examples. */
  public static double prequentialAccuracy(
      io.streamlearn.model.core.OnlineClassifier learner,
      java.util.function.Supplier<Example> stream,
      int n) {
    int correct = 0;
    for (int i = 0; i < n; i++) {
      Example example = stream.get();
      if (learner.predictOne(example.x()) == example.y()) {
        correct++;
      }
      learner.learnOne(example.x(), example.y());
    }
    return (double) correct / n;
  }
}
