package io.streamlearn.bench.monitoring;

import io.streamlearn.monitoring.core.metrics.BinaryMetric;
import io.streamlearn.monitoring.core.metrics.LogLoss;
import io.streamlearn.monitoring.core.metrics.RocAuc;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one update plus one read of an exact rolling metric, by window size: rolling ROC-AUC
 * should grow like {@code log(window)} (a treap of distinct scores), not like the window. Scores
 * are continuous (all distinct) with 2% positives, the windows full before measurement.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RollingMetricBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RollingMetricBenchmark {

  @Param({"1000", "100000"})
  public int window;

  @Param({"roc_auc", "log_loss"})
  public String metric;

  private static final int STREAM = 1 << 20;

  private boolean[] labels;
  private double[] scores;
  private int next;
  private BinaryMetric rolling;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(1);
    labels = new boolean[STREAM];
    scores = new double[STREAM];
    for (int i = 0; i < STREAM; i++) {
      labels[i] = random.nextDouble() < 0.02;
      scores[i] = Math.min(1, random.nextDouble() * 0.8 + (labels[i] ? 0.2 : 0));
    }
    rolling = metric.equals("roc_auc") ? RocAuc.rolling(window) : LogLoss.rolling(window);
    for (int i = 0; i < window; i++) {
      rolling.update(labels[i], scores[i]);
    }
    next = window;
  }

  @Benchmark
  public double updateAndGet() {
    int i = next;
    next = (next + 1) & (STREAM - 1);
    rolling.update(labels[i], scores[i]);
    return rolling.get();
  }
}
