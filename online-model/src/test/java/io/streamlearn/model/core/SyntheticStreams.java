package io.streamlearn.model.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small, seeded example streams for learner tests. */
public final class SyntheticStreams {

  /** One labelled example. */
  public record Example(Map<String, Double> x, boolean y) {}

  private SyntheticStreams() {}

  /**
   * A linearly separable stream: four features uniform in [-1, 1], positive iff {@code f0 + 0.5 f1
   * > 0}, plus an irrelevant fifth feature uniform in [0, 100].
   */
  public static List<Example> separable(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Double> x = new LinkedHashMap<>();
      for (int f = 0; f < 4; f++) {
        x.put("f" + f, random.nextDouble(-1.0, 1.0));
      }
      x.put("noise", random.nextDouble(0.0, 100.0));
      out.add(new Example(x, x.get("f0") + 0.5 * x.get("f1") > 0.0));
    }
    return out;
  }

  /**
   * Pure noise: three features uniform in [0, 1] and a label that ignores them, positive w.p. p.
   */
  public static List<Example> noise(long seed, int n, double p) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Double> x = new LinkedHashMap<>();
      for (int f = 0; f < 3; f++) {
        x.put("u" + f, random.nextDouble());
      }
      out.add(new Example(x, random.nextDouble() < p));
    }
    return out;
  }
}
