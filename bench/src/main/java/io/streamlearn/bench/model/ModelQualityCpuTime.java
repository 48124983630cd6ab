package io.streamlearn.bench.model;

import io.streamlearn.model.core.serving.ExampleFeatures;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ModelQuality;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.QualityValues;
import io.streamlearn.model.core.serving.ScoredEvent;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The trainer's quality metrics ({@link ModelQuality}, the fraud settings: rolling window of
 * 10,000, card precision@100 over 7 days) per joined example, by the thread's CPU time: what the
 * trainer spends on {@code ModelQuality.update} besides learning. The examples are a fixed
 * fraud-like stream (seed 1): 0.8% positives scored higher, 5,000 cards, one event every 10 s of
 * event time. Each figure is the best of {@code rounds} rounds over the examples from empty
 * metrics, after as many warm-up rounds.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.streamlearn.bench.model.ModelQualityCpuTime \
 *     [rounds=10] [examples=200000]
 * </pre>
 */
public final class ModelQualityCpuTime {

  private ModelQualityCpuTime() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    ModelStageSettings settings = ModelStageSettings.fraud();
    List<JoinedExample> examples = examples(count);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double best = Double.MAX_VALUE;
    QualityValues values = null;
    for (int round = 0; round < 2 * rounds; round++) {
      ModelQuality quality = new ModelQuality(settings.quality(), settings.threshold());
      long start = threads.getCurrentThreadCpuTime();
      for (JoinedExample example : examples) {
        quality.update(example);
      }
      double ns = (threads.getCurrentThreadCpuTime() - start) / (double) count;
      values = quality.values();
      if (round >= rounds) {
        best = Math.min(best, ns);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ModelQuality.update: %.0f CPU ns per example (best of %d rounds of %,d); rolling ROC-AUC"
            + " %.4f, AP %.4f%n",
        best,
        rounds,
        count,
        values.rocAucRolling(),
        values.averagePrecisionRolling());
  }

  private static List<JoinedExample> examples(int count) {
    Random random = new Random(1);
    ExampleFeatures features = ExampleFeatures.of(Map.of("TX_AMOUNT", 1.0), List.of());
    List<JoinedExample> examples = new ArrayList<>(count);
    long start = 1_525_132_800_000L; // 2018-05-01, the handbook's first day
    for (int i = 0; i < count; i++) {
      boolean fraud = random.nextDouble() < 0.008;
      double score = Math.min(1, random.nextDouble() * 0.5 + (fraud ? 0.4 : 0));
      long time = start + i * 10_000L;
      ScoredEvent scored =
          ScoredEvent.of(
              "tx-" + i,
              time,
              Map.of("customerId", "C" + random.nextInt(5_000)),
              features,
              score,
              1);
      examples.add(new JoinedExample(scored, fraud, time + 7 * 86_400_000L));
    }
    return examples;
  }
}
