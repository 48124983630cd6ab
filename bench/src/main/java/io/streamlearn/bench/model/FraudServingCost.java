package io.streamlearn.bench.model;

import io.streamlearn.model.core.FeatureVector;
import io.streamlearn.model.core.LearnerCodec;
import io.streamlearn.model.core.OnlineClassifier;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What serving a configuration of the fraud benchmark costs: thread CPU time of {@code learnOne}
 * over the first 200,000 transactions of the reference world, of {@code predictProbaOne} over the
 * next 200,000 (best of five passes), and the size of the learner's snapshot payload ({@link
 * LearnerCodec#payload}) once it has learned 400,000 (42 days).
 *
 * <p>Usage: {@code java -Xmx3g -cp bench/target/benchmarks.jar
 * io.streamlearn.bench.model.FraudServingCost [CONFIG...]} with names of {@link
 * FraudBenchmark#configs()} (default: the shipped learner and the two best forests).
 */
public final class FraudServingCost {

  private static final int HALF = 200_000;

  private FraudServingCost() {}

  public static void main(String[] args) throws IOException {
    List<String> names =
        args.length > 0
            ? List.of(args)
            : List.of("fraud-default", "arf-10-gp200-lambda3", "arf-25-gp200-lambda3");
    FraudDataset d = FraudDataset.load(0, Path.of("target", "fraud-benchmark"));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    FeatureVector.Schema schema = FeatureVector.Schema.of(d.featureNames);
    int width = d.featureNames.size();
    List<String> rows = new ArrayList<>();
    for (String name : names) {
      FraudBenchmark.Config config = FraudBenchmark.configs().get(name);
      if (config == null || config.pipeline()) {
        throw new IllegalArgumentException("not a learner configuration: " + name);
      }
      OnlineClassifier learner = config.create();
      FeatureVector x = schema.newVector();
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < HALF; i++) {
        fill(x, d, i, width);
        learner.learnOne(x, d.fraud[i]);
      }
      double learnMicros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / HALF;
      long best = Long.MAX_VALUE;
      double sink = 0;
      for (int pass = 0; pass < 5; pass++) {
        long s = threads.getCurrentThreadCpuTime();
        for (int i = HALF; i < 2 * HALF; i++) {
          fill(x, d, i, width);
          sink += learner.predictProbaOne(x);
        }
        best = Math.min(best, threads.getCurrentThreadCpuTime() - s);
      }
      for (int i = HALF; i < 2 * HALF; i++) {
        fill(x, d, i, width);
        learner.learnOne(x, d.fraud[i]);
      }
      int bytes = LearnerCodec.payload(learner).length;
      rows.add(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %,d | (mean score %.4f) |",
              name,
              best / 1e3 / HALF,
              learnMicros,
              bytes,
              sink / (5.0 * HALF)));
      System.out.println(rows.get(rows.size() - 1));
    }
    System.out.println();
    System.out.println(
        "| learner | predictProbaOne µs (CPU) | learnOne µs (CPU) | snapshot payload bytes after"
            + " 400,000 examples | |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static void fill(FeatureVector x, FraudDataset d, int i, int width) {
    for (int j = 0; j < width; j++) {
      x.set(j, d.features[i * width + j]);
    }
  }
}
