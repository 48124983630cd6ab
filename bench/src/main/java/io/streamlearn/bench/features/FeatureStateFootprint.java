package io.streamlearn.bench.features;

import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeaturePlan;
import io.streamlearn.features.core.LocalFeaturePipeline;
import io.streamlearn.features.core.Rejection;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.spec.FeatureSpecYaml;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.OriginalRecord;
import io.streamlearn.features.stage.SingleTaskStage;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the state the default spec keeps per entity: serialized bytes per customer, terminal and
 * label-join key after 40 days of a handbook-shaped stream (each window full), and for single
 * entities of chosen activity. Prints a table for {@code docs/BENCHMARKS.md}.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar
 * io.streamlearn.bench.features.FeatureStateFootprint}
 */
public final class FeatureStateFootprint {

  private static final long DAY = 86_400_000L;

  private FeatureStateFootprint() {}

  public static void main(String[] args) {
    FeaturePlan plan = FeaturePlan.compile(FeatureSpecYaml.fraudBaseline());
    List<FeatureInput> inputs = SyntheticTransactions.handbookLike(40, 8_000, 42);
    LocalFeaturePipeline pipeline =
        new LocalFeaturePipeline(plan, LocalFeaturePipeline.Storage.OBJECTS);
    LocalFeaturePipeline.Sink sink =
        new LocalFeaturePipeline.Sink() {
          @Override
          public void vector(TransactionFeatures features) {}

          @Override
          public void rejection(Rejection rejection) {
            throw new IllegalStateException(rejection.message());
          }
        };
    for (FeatureInput input : inputs) {
      pipeline.accept(input, sink);
    }
    System.out.println(
        "Default spec, 40 days x 8,000 transactions/day, 5,000 customers, 10,000 terminals:");
    System.out.println("| state | keys | mean bytes | p50 | p99 | max |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (String key : List.of("customerId", "terminalId")) {
      report(key, pipeline.encodedStates(key));
    }
    System.out.println();
    heapPerState(plan, inputs);
    singleTaskHeap(inputs);
    System.out.println();
    System.out.println("Single entities after 40 days at a steady rate (default spec):");
    System.out.println("| entity | transactions/day | bytes | sealed buckets |");
    System.out.println("|---|---:|---:|---:|");
    for (int perDay : new int[] {1, 5, 50, 1_000}) {
      single(plan.entity("customerId"), perDay);
    }
    for (int perDay : new int[] {1, 50, 1_000}) {
      single(plan.entity("terminalId"), perDay);
    }
  }

  /** Heap held by entity states as objects, measured as the used-heap delta after full GCs. */
  private static void heapPerState(FeaturePlan plan, List<FeatureInput> inputs) {
    for (String key : List.of("customerId", "terminalId")) {
      EntityFeatures entity = plan.entity(key);
      long before = usedHeap();
      Map<String, EntityState> states = new HashMap<>();
      for (FeatureInput input : inputs) {
        if (input instanceof FeatureInput.Transaction transaction) {
          TransactionEvent event = transaction.event();
          states.computeIfAbsent(entity.keyOf(event), id -> entity.newState()).onTransaction(event);
        }
      }
      long after = usedHeap();
      System.out.printf(
          "heap per %s state (objects, incl. map entry and key): %d bytes over %d states%n",
          key, (after - before) / states.size(), states.size());
      copyCost(entity, key, states.values());
    }
  }

  /**
   * What the single-task stage's copy-on-write costs per state (docs/FEATURES.md, "The single-task
   * plan"): a copy as objects ({@code EntityState.copy()}, since 2026-11-22) against the round trip
   * through the bytes it replaced; thread CPU, best of 10 passes over every state.
   */
  private static void copyCost(EntityFeatures entity, String key, Collection<EntityState> states) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double bestCopy = Double.MAX_VALUE;
    double bestBytes = Double.MAX_VALUE;
    long sink = 0;
    for (int pass = 0; pass < 20; pass++) {
      long t0 = threads.getCurrentThreadCpuTime();
      for (EntityState state : states) {
        sink += state.copy().expiresAt();
      }
      long t1 = threads.getCurrentThreadCpuTime();
      for (EntityState state : states) {
        sink += entity.decode(state.toBytes()).expiresAt();
      }
      long t2 = threads.getCurrentThreadCpuTime();
      if (pass >= 10) {
        bestCopy = Math.min(bestCopy, (t1 - t0) / (double) states.size());
        bestBytes = Math.min(bestBytes, (t2 - t1) / (double) states.size());
      }
    }
    System.out.printf(
        "copy of a %s state: %.0f CPU ns as objects, %.0f ns through its bytes (checksum %d)%n",
        key, bestCopy, bestBytes, sink);
  }

  /**
   * Heap held by the single-task stage (every entity state and label join entry) once the stream is
   * through, each input given fresh id strings as a source's decoder gives them (so that the stage,
   * not the input list, holds the strings it keeps), and the watermark an hour behind the inputs.
   */
  private static void singleTaskHeap(List<FeatureInput> inputs) {
    SingleTaskStage.Output output =
        new SingleTaskStage.Output() {
          @Override
          public void vector(TransactionFeatures features, long ingestTimeMillis) {}

          @Override
          public void deadLetter(DeadLetterRecord letter) {
            throw new IllegalStateException(letter.toString());
          }

          @Override
          public void outcomeApplied() {}
        };
    OriginalRecord original = new OriginalRecord("inputs", 0, 0, -1, null, new byte[0], List.of());
    long before = usedHeap();
    SingleTaskStage stage =
        new SingleTaskStage(
            new FeatureStage(FeatureStageSettings.defaults(), FeatureTopics.DEFAULTS));
    for (int i = 0; i < inputs.size(); i++) {
      SourceEvent event = freshlyDecoded(inputs.get(i), original);
      if ((i & 63) == 0) {
        stage.advanceWatermark(event.eventTimeOrMin() - 3_600_000L, output);
      }
      stage.accept(event, output);
    }
    long after = usedHeap();
    java.lang.ref.Reference.reachabilityFence(inputs); // held through both measures
    System.out.printf(
        "heap of the single-task stage: %,d bytes for %,d entity states and %,d join entries%n",
        after - before, stage.entityStateCount(), stage.joinEntryCount());
  }

  /** The input as a source event with its own strings, as a source's decoder makes them. */
  private static SourceEvent freshlyDecoded(FeatureInput input, OriginalRecord original) {
    if (input instanceof FeatureInput.Transaction transaction) {
      TransactionEvent event = transaction.event();
      return SourceEvent.of(
          original,
          new TransactionEvent(
              fresh(event.transactionId()),
              event.eventTimeMillis(),
              fresh(event.customerId()),
              fresh(event.terminalId()),
              event.amount(),
              event.attributes()));
    }
    LabelEvent event = ((FeatureInput.Label) input).event();
    return SourceEvent.of(
        original,
        new LabelEvent(
            fresh(event.transactionId()),
            event.fraud(),
            event.labelTimeMillis(),
            event.transactionTimeMillis()));
  }

  /** A string equal to {@code s} with bytes of its own (a copy constructor would share them). */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void report(String key, Map<String, byte[]> states) {
    int[] sizes = states.values().stream().mapToInt(b -> b.length).sorted().toArray();
    double mean = Arrays.stream(sizes).average().orElse(0);
    System.out.printf(
        "| %s | %d | %.0f | %d | %d | %d |%n",
        key,
        sizes.length,
        mean,
        sizes[sizes.length / 2],
        sizes[(int) (sizes.length * 0.99)],
        sizes[sizes.length - 1]);
  }

  private static void single(EntityFeatures entity, int perDay) {
    EntityState state = entity.newState();
    long step = DAY / perDay;
    long time = SyntheticTransactions.START;
    for (int i = 0; i < 40 * perDay; i++, time += step) {
      double amount = 10 + (i * 37 % 200) + 0.01 * (i % 100);
      state.onTransaction(new TransactionEvent("t" + i, time, "C1", "T1", amount));
    }
    System.out.printf(
        "| %s | %d | %d | %d |%n",
        entity.entityKey(), perDay, state.toBytes().length, state.bucketCount());
  }
}
