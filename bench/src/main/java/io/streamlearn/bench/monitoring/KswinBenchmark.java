package io.streamlearn.bench.monitoring;

import io.streamlearn.monitoring.core.drift.Kswin;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one KSWIN update (River's defaults: a 30-against-30 exact KS test per update once the
 * window of 100 is full) on the reference protocol's Gaussian stream. MOA has no KSWIN.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar KswinBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class KswinBenchmark {

  private double[] values;
  private int next;
  private Kswin kswin;

  @Setup(Level.Trial)
  public void setUp() {
    values = DetectorComparison.Stream.GAUSSIAN.values(1, 100_000);
    kswin = new Kswin();
  }

  @Benchmark
  public boolean update() {
    if (next == values.length) {
      next = 0;
      kswin.reset();
    }
    kswin.update(values[next++]);
    return kswin.driftDetected();
  }
}
