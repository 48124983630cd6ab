package io.streamlearn.bench.model;

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
 * The cost of one {@code learnOne} and one {@code predictProbaOne} of our logistic regression (each
 * optimizer, with the online scaler) and Gaussian naive Bayes, next to MOA's {@code functions.SGD}
 * and {@code bayes.NaiveBayes} on the same data: 1,024 instances of MOA's Hyperplane generator with
 * 20 numeric attributes, cycled (the working set stays in cache, as one event's features do in a
 * pipeline). Ours take a {@code FeatureVector} or a {@code HashMap<String, Double>} per example;
 * MOA takes its {@code Instance} (its two {@code input} rows measure the same thing). See {@link
 * LearnerFixture}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar LearnerBenchmark -f 1 -wi 2 -i 3
 * </pre>
 *
 * <p>On a loaded machine, prefer {@link LearnerCpuTime}, which counts the thread's CPU time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LearnerBenchmark {

  private static final int SIZE = 1024;

  /** Ours: {@code lr-*} (logistic regression, by optimizer, with the scaler) and {@code gnb}. */
  @Param({"lr-sgd", "lr-adagrad", "lr-ftrl", "gnb", "moa-sgd", "moa-naive-bayes"})
  public String learner;

  /** How our learners get the features: a shared-schema {@code FeatureVector} or any map. */
  @Param({"vector", "hashmap"})
  public String input;

  private LearnerFixture fixture;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new LearnerFixture(learner, input, SIZE, 20);
  }

  private int advance() {
    int i = next;
    next = (i + 1) & (SIZE - 1);
    return i;
  }

  @Benchmark
  public void learnOne() {
    fixture.learn(advance());
  }

  @Benchmark
  public double predictProbaOne() {
    return fixture.predict(advance());
  }
}
