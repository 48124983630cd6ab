package io.streamlearn.bench;

/**
 * What a benchmark that runs several Flink jobs (or rounds) one after another in one JVM does
 * before each: collect what the ones before left. A finished Flink job's tasks are finalizable
 * ({@code StreamTask} and {@code SystemProcessingTimeService} override {@code finalize}), so each
 * dead task keeps its job's whole state reachable until a concurrent cycle finds it, and G1 then
 * marks that state in the cycle's Remark pause: 130–255 ms, in the round being measured, for state
 * that a process running one job never has (docs/BENCHMARKS.md, "Pipeline").
 */
public final class EarlierRounds {

  private EarlierRounds() {}

  /**
   * A full collection finds the finished jobs' finalizable tasks, their finalizers run, and a
   * second collection frees them with the state they held.
   */
  public static void collect() {
    System.gc();
    System.runFinalization();
    System.gc();
  }
}
