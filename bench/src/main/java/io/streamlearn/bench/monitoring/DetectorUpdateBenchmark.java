package io.streamlearn.bench.monitoring;

import io.streamlearn.monitoring.core.drift.Adwin;
import io.streamlearn.monitoring.core.drift.ChangeDetector;
import io.streamlearn.monitoring.core.drift.Ddm;
import io.streamlearn.monitoring.core.drift.Eddm;
import io.streamlearn.monitoring.core.drift.HddmA;
import io.streamlearn.monitoring.core.drift.PageHinkley;
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
 * The cost of one detector update, ours next to MOA 2024.07.0's, on the reference protocol's
 * Bernoulli error stream (rate 0.1 for 50,000 values, then 0.3 for 50,000; seed 1), replayed in a
 * loop with a fresh detector at each replay (one reset per 100,000 updates).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar DetectorUpdateBenchmark}. KSWIN, which MOA
 * lacks, is in {@link KswinBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DetectorUpdateBenchmark {

  @Param({"ADWIN", "PageHinkley", "DDM", "EDDM", "HDDM_A"})
  public String detector;

  private double[] values;
  private int next;
  private ChangeDetector ours;
  private moa.classifiers.core.driftdetection.ChangeDetector moa;

  @Setup(Level.Trial)
  public void setUp() {
    values = DetectorComparison.Stream.BERNOULLI.values(1, 100_000);
    ours = newOurs();
    moa = newMoa();
    next = 0;
  }

  private ChangeDetector newOurs() {
    return switch (detector) {
      case "ADWIN" -> Adwin.increasesOnly(Adwin.DEFAULT_DELTA);
      case "PageHinkley" -> new PageHinkley();
      case "DDM" -> new Ddm();
      case "EDDM" -> new Eddm();
      case "HDDM_A" -> new HddmA();
      default -> throw new IllegalArgumentException(detector);
    };
  }

  private moa.classifiers.core.driftdetection.ChangeDetector newMoa() {
    String name =
        switch (detector) {
          case "ADWIN" -> "ADWINChangeDetector";
          case "PageHinkley" -> "PageHinkleyDM";
          case "DDM" -> "DDM";
          case "EDDM" -> "EDDM";
          case "HDDM_A" -> "HDDM_A_Test";
          default -> throw new IllegalArgumentException(detector);
        };
    return ((DetectorComparison.Moa) DetectorComparison.moa(name)).detector();
  }

  private double nextValue(boolean resetOurs, boolean resetMoa) {
    if (next == values.length) {
      next = 0;
      if (resetOurs) {
        ours.reset();
      }
      if (resetMoa) {
        moa.resetLearning();
      }
    }
    return values[next++];
  }

  @Benchmark
  public boolean streamlearn() {
    ours.update(nextValue(true, false));
    return ours.driftDetected();
  }

  @Benchmark
  public boolean moa() {
    moa.input(nextValue(false, true));
    return moa.getChange();
  }
}
