package io.streamlearn.bench.features;

import io.streamlearn.features.stage.SingleTaskStage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a checkpoint of the single-task plan costs its task thread, against what it costs in all:
 * {@link SingleTaskStage#capture} (on the task thread, at the barrier) and {@link
 * SingleTaskStage.Capture#writeTo} (the encoding, on Flink's asynchronous thread since the
 * operator's checkpoints are asynchronous; on the task thread before). The state is that of {@link
 * FeatureCoreBenchmark}'s single-task benchmark after one replay of its 40-day stream (5,000
 * customers, 10,000 terminals, every transaction labelled 1 to 7 days later), wall time per round.
 *
 * <p>Run: {@code java -Xmx2g -cp bench/target/benchmarks.jar
 * io.streamlearn.bench.features.SingleTaskCheckpointCost [rounds=10]}
 */
public final class SingleTaskCheckpointCost {

  private SingleTaskCheckpointCost() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    FeatureCoreBenchmark.Stream stream = new FeatureCoreBenchmark.Stream();
    stream.generate();
    FeatureCoreBenchmark.SingleTask single = new FeatureCoreBenchmark.SingleTask();
    single.reset(stream);
    FeatureCoreBenchmark benchmark = new FeatureCoreBenchmark();
    for (int i = 0; i < stream.inputs.size() - 1; i++) { // the last input would start a replay
      benchmark.singleTask(stream, single);
    }
    SingleTaskStage stage = single.stage;
    System.out.printf(
        "state: %,d entity states, %,d join entries, %,d waiting inputs%n",
        stage.entityStateCount(), stage.joinEntryCount(), stage.waitingCount());
    System.out.println(
        "| round | capture (task thread) | encoding (asynchronous) | bytes | chunks |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (int round = 1; round <= rounds; round++) {
      List<byte[]> chunks = new ArrayList<>();
      long start = System.nanoTime();
      SingleTaskStage.Capture capture = stage.capture();
      long captured = System.nanoTime();
      capture.writeTo(chunks::add);
      long encoded = System.nanoTime();
      System.out.printf(
          "| %d | %.1f ms | %.1f ms | %,d | %d |%n",
          round,
          (captured - start) / 1e6,
          (encoded - captured) / 1e6,
          chunks.stream().mapToLong(chunk -> chunk.length).sum(),
          chunks.size());
    }
  }
}
