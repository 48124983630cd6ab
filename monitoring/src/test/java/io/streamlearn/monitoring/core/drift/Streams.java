package io.streamlearn.monitoring.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded test streams and a runner that records detection indices. */
final class Streams {

  private Streams() {}

  /**
   * 0/1 values, 1 with probability {@code before} until {@code changeAt}, {@code after} from it.
   */
  static double[] bernoulli(long seed, int n, int changeAt, double before, double after) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextDouble() < (i < changeAt ? before : after) ? 1.0 : 0.0;
    }
    return values;
  }

  /** The 0-based indices of the updates at which the detector flagged a drift. */
  static List<Integer> drifts(ChangeDetector detector, double[] values) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      detector.update(values[i]);
      if (detector.driftDetected()) {
        at.add(i);
      }
    }
    return at;
  }

  /** The 0-based indices of the updates at which the detector was in its warning zone. */
  static List<Integer> warnings(ChangeDetector detector, double[] values) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      detector.update(values[i]);
      if (detector.warningDetected()) {
        at.add(i);
      }
    }
    return at;
  }

  /** How many of {@code seeds} stationary runs of {@code n} values at rate p alarm at all. */
  static int runsWithFalseAlarms(
      java.util.function.Supplier<ChangeDetector> make, int seeds, int n, double p) {
    int runs = 0;
    for (long seed = 1; seed <= seeds; seed++) {
      if (!drifts(make.get(), bernoulli(seed, n, n, p, p)).isEmpty()) {
        runs++;
      }
    }
    return runs;
  }
}
