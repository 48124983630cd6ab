package io.streamlearn.bench.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-call CPU cost of {@code learnOne} and {@code predictProbaOne}, on the data of {@link
 * LearnerBenchmark}, measured with the thread's CPU time rather than the wall clock: on a shared
 * machine whose other processes steal the cores, JMH's wall-clock figures swing by several times,
 * CPU time much less. Each learner runs in its own JVM (no shared JIT profile); each figure is the
 * best of {@code rounds} rounds of {@code calls} calls, after as many warm-up rounds.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.streamlearn.bench.model.LearnerCpuTime \
 *     [attributes=20] [input=vector|hashmap] [rounds=20] [calls=200000]
 * </pre>
 */
public final class LearnerCpuTime {

  private static final int SIZE = 1024;

  private LearnerCpuTime() {}

  public static void main(String[] args) throws Exception {
    int attributes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    String input = args.length > 1 ? args[1] : "vector";
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int calls = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
    if (args.length > 4) {
      double[] ns = measure(args[4], input, attributes, rounds, calls);
      System.out.printf(Locale.ROOT, "RESULT %s %s%n", ns[0], ns[1]);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "CPU ns per call, %d numeric attributes, input %s, best of %d rounds of %,d calls%n%n",
        attributes,
        input,
        rounds,
        calls);
    System.out.println("| learner | learnOne ns | predictProbaOne ns |");
    System.out.println("|---|---|---|");
    for (String learner : LearnerFixture.LEARNERS) {
      double[] ns = forked(learner, input, attributes, rounds, calls);
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", learner, ns[0], ns[1]);
    }
  }

  private static double[] measure(
      String learner, String input, int attributes, int rounds, int calls) throws Exception {
    LearnerFixture fixture = new LearnerFixture(learner, input, SIZE, attributes);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double bestLearn = Double.MAX_VALUE;
    double bestPredict = Double.MAX_VALUE;
    double sink = 0;
    for (int r = 0; r < 2 * rounds; r++) {
      long t0 = threads.getCurrentThreadCpuTime();
      for (int k = 0; k < calls; k++) {
        fixture.learn(k & (SIZE - 1));
      }
      long t1 = threads.getCurrentThreadCpuTime();
      for (int k = 0; k < calls; k++) {
        sink += fixture.predict(k & (SIZE - 1));
      }
      long t2 = threads.getCurrentThreadCpuTime();
      if (r >= rounds) {
        bestLearn = Math.min(bestLearn, (t1 - t0) / (double) calls);
        bestPredict = Math.min(bestPredict, (t2 - t1) / (double) calls);
      }
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("a prediction was NaN");
    }
    return new double[] {bestLearn, bestPredict};
  }

  private static double[] forked(
      String learner, String input, int attributes, int rounds, int calls) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            LearnerCpuTime.class.getName(),
            Integer.toString(attributes),
            input,
            Integer.toString(rounds),
            Integer.toString(calls),
            learner));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    for (String line : output.split("\\R")) {
      if (line.startsWith("RESULT ")) {
        String[] f = line.split(" ");
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
      }
    }
    throw new IllegalStateException(learner + " failed (exit " + exit + "):\n" + output);
  }
}
