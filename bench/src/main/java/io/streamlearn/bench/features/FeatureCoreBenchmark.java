package io.streamlearn.bench.features;

import io.streamlearn.features.avro.FeatureVectorMapping;
import io.streamlearn.features.avro.FeatureVectorWireEncoder;
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
import io.streamlearn.ingest.core.TransactionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the feature core on the default spec (the fraud handbook's 15 baseline features),
 * over 40 days of a handbook-shaped stream (5,000 customers, 10,000 terminals, 8,000 transactions a
 * day, all labelled 1 to 7 days later), replayed in a loop; each replay starts from empty state.
 *
 * <ul>
 *   <li>{@code entityUpdates}: one transaction through its customer's and its terminal's {@link
 *       EntityState} (two aggregator updates, 12 windowed features), states in hash maps;
 *   <li>{@code entityUpdatesInPlace}: the same through {@link EntityState#applyTransaction}, which
 *       writes the values into a caller's vector instead of returning a partial vector;
 *   <li>{@code pipeline}: one input (transaction or label) through the whole {@link
 *       LocalFeaturePipeline}: event features, both entities, label join, assembly; with {@code
 *       storage=BYTES} every state is decoded and re-encoded around each input, as with RocksDB.
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar FeatureCoreBenchmark -f 1 -wi 2 -i 3}
 *
 * <p>On a loaded machine, wall-clock throughput says little; {@link #main} runs the same operations
 * and reports CPU time per operation instead (this thread's and the whole process's, which includes
 * garbage collection and compilation) and bytes allocated per operation: {@code java -Xmx2g -cp
 * bench/target/benchmarks.jar io.streamlearn.bench.features.FeatureCoreBenchmark}. System
 * properties change the stream ({@code bench.customers}, {@code bench.days}, {@code bench.perDay})
 * and, for {@link #main}, run only the benchmarks whose name starts with {@code bench.only}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class FeatureCoreBenchmark {

  /** The generated stream, shared by all benchmarks of a trial. */
  @State(Scope.Benchmark)
  public static class Stream {
    FeaturePlan plan;
    List<FeatureInput> inputs;
    List<TransactionEvent> transactions;

    @Setup
    public void generate() {
      plan = FeaturePlan.compile(FeatureSpecYaml.fraudBaseline());
      inputs =
          SyntheticTransactions.stream(
              Integer.getInteger("bench.customers", 5_000),
              10_000,
              Integer.getInteger("bench.days", 40),
              Integer.getInteger("bench.perDay", 8_000),
              42);
      transactions = new ArrayList<>();
      for (FeatureInput input : inputs) {
        if (input instanceof FeatureInput.Transaction transaction) {
          transactions.add(transaction.event());
        }
      }
    }
  }

  /** Entity states in hash maps, as an engine's heap state backend holds them. */
  @State(Scope.Thread)
  public static class Entities {
    EntityFeatures customers;
    EntityFeatures terminals;
    Map<String, EntityState> customerStates;
    Map<String, EntityState> terminalStates;
    int[] customerPositions;
    int[] terminalPositions;
    double[] vector;
    int cursor;

    @Setup
    public void reset(Stream stream) {
      customers = stream.plan.entity("customerId");
      terminals = stream.plan.entity("terminalId");
      customerStates = new HashMap<>();
      terminalStates = new HashMap<>();
      int customerValues = customers.featureNames().size();
      customerPositions = new int[customerValues];
      terminalPositions = new int[terminals.featureNames().size()];
      for (int i = 0; i < customerPositions.length; i++) {
        customerPositions[i] = i;
      }
      for (int i = 0; i < terminalPositions.length; i++) {
        terminalPositions[i] = customerValues + i;
      }
      vector = new double[customerValues + terminalPositions.length];
      cursor = 0;
    }
  }

  /** A whole pipeline, with its states kept as objects or as bytes. */
  @State(Scope.Thread)
  public static class Pipeline implements LocalFeaturePipeline.Sink {
    @Param({"OBJECTS", "BYTES"})
    public String storage;

    LocalFeaturePipeline pipeline;
    int cursor;
    long emitted;

    @Setup
    public void reset(Stream stream) {
      pipeline =
          new LocalFeaturePipeline(stream.plan, LocalFeaturePipeline.Storage.valueOf(storage));
      cursor = 0;
    }

    @Override
    public void vector(TransactionFeatures features) {
      emitted += features.features().size();
    }

    @Override
    public void rejection(Rejection rejection) {
      throw new IllegalStateException("the benchmark stream is in canonical order: " + rejection);
    }
  }

  /**
   * The single-task plan's stage ({@link SingleTaskStage}: states, label join, expiry sweeps on a
   * watermark one hour behind the inputs) with each vector mapped to its Avro record and written by
   * the wire encoder, as the Flink job does between its source and its sink.
   */
  @State(Scope.Thread)
  public static class SingleTask implements SingleTaskStage.Output {
    SingleTaskStage stage;
    List<SourceEvent> events;
    FeatureVectorWireEncoder encoder;
    int cursor;
    long emitted;

    /**
     * Every how many inputs the stage is captured as a checkpoint takes it (its copy-on-write then
     * copies each state and join entry on its next change), or 0 for never.
     */
    int captureEvery;

    long inputs;

    @Setup
    public void reset(Stream stream) {
      FeatureStageSettings settings = FeatureStageSettings.defaults();
      stage = new SingleTaskStage(new FeatureStage(settings, FeatureTopics.DEFAULTS));
      encoder = new FeatureVectorWireEncoder(1);
      if (events == null) {
        events = new ArrayList<>(stream.inputs.size());
        long offset = 0;
        for (FeatureInput input : stream.inputs) {
          events.add(
              input instanceof FeatureInput.Transaction transaction
                  ? SourceEvent.of(
                      new OriginalRecord(
                          "transactions", 0, offset++, -1, null, new byte[0], List.of()),
                      transaction.event())
                  : SourceEvent.of(
                      new OriginalRecord("labels", 0, offset++, -1, null, new byte[0], List.of()),
                      ((FeatureInput.Label) input).event()));
        }
      }
      cursor = 0;
    }

    @Override
    public void vector(TransactionFeatures features, long ingestTimeMillis) {
      emitted += encoder.encode(FeatureVectorMapping.toAvro(features, ingestTimeMillis)).length;
    }

    @Override
    public void deadLetter(DeadLetterRecord letter) {
      throw new IllegalStateException("the benchmark stream is in canonical order: " + letter);
    }

    @Override
    public void outcomeApplied() {
      emitted++;
    }
  }

  /**
   * CPU time and allocation per operation of each benchmark, in rounds of whole replays of the
   * stream (so that every round sees states of every age), after {@code warmup} warm-up rounds.
   * Arguments: {@code [rounds [warmup]]}.
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Stream stream = new Stream();
    stream.generate();
    FeatureCoreBenchmark benchmark = new FeatureCoreBenchmark();
    Entities entities = new Entities();
    entities.reset(stream);
    int ops = 2 * stream.transactions.size();
    measure("entityUpdates", rounds, ops, warmup, () -> benchmark.entityUpdates(stream, entities));
    Entities inPlace = new Entities();
    inPlace.reset(stream);
    measure(
        "entityUpdatesInPlace",
        rounds,
        ops,
        warmup,
        () -> benchmark.entityUpdatesInPlace(stream, inPlace));
    for (String storage : new String[] {"OBJECTS", "BYTES"}) {
      Pipeline pipeline = new Pipeline();
      pipeline.storage = storage;
      pipeline.reset(stream);
      measure(
          "pipeline " + storage,
          rounds,
          stream.inputs.size(),
          warmup,
          () -> benchmark.pipeline(stream, pipeline));
    }
    SingleTask singleTask = new SingleTask();
    singleTask.reset(stream);
    measure(
        "singleTask",
        rounds,
        stream.inputs.size(),
        warmup,
        () -> benchmark.singleTask(stream, singleTask));
    // a checkpoint every 10 s at 20,000 transactions (40,000 inputs) a second
    SingleTask captured = new SingleTask();
    captured.captureEvery = 400_000;
    captured.reset(stream);
    measure(
        "singleTask, captured every 400,000 inputs",
        rounds,
        stream.inputs.size(),
        warmup,
        () -> benchmark.singleTask(stream, captured));
  }

  static void measure(
      String name, int rounds, int ops, int warmup, java.util.function.DoubleSupplier operation) {
    String only = System.getProperty("bench.only");
    if (only != null && !name.startsWith(only)) {
      return;
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long thread = Thread.currentThread().getId();
    double sink = 0;
    for (int round = -warmup; round < rounds; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long process = os.getProcessCpuTime();
      long allocated = threads.getThreadAllocatedBytes(thread);
      long wall = System.nanoTime();
      for (int i = 0; i < ops; i++) {
        sink += operation.getAsDouble();
      }
      long wallNanos = System.nanoTime() - wall;
      long cpuNanos = threads.getCurrentThreadCpuTime() - cpu;
      long processNanos = os.getProcessCpuTime() - process;
      long bytes = threads.getThreadAllocatedBytes(thread) - allocated;
      System.out.printf(
          "%-20s %s: thread CPU %7.3f us/op, process CPU %7.3f us/op, %7.1f B/op,"
              + " wall %9.0f ops/s, load %s%n",
          name,
          round < 0 ? "warm-up" : "round " + round,
          cpuNanos / 1e3 / ops,
          processNanos / 1e3 / ops,
          (double) bytes / ops,
          ops / (wallNanos / 1e9),
          String.format("%.2f", os.getSystemLoadAverage()));
    }
    if (sink == 42.0) {
      System.out.println(); // keeps the results alive
    }
  }

  @Benchmark
  public double entityUpdates(Stream stream, Entities entities) {
    if (entities.cursor == stream.transactions.size()) {
      entities.reset(stream);
    }
    TransactionEvent transaction = stream.transactions.get(entities.cursor++);
    EntityState customer =
        entities.customerStates.computeIfAbsent(
            transaction.customerId(), id -> entities.customers.newState());
    EntityState terminal =
        entities.terminalStates.computeIfAbsent(
            transaction.terminalId(), id -> entities.terminals.newState());
    return customer.onTransaction(transaction).partial().value(1)
        + terminal.onTransaction(transaction).partial().value(0);
  }

  @Benchmark
  public double entityUpdatesInPlace(Stream stream, Entities entities) {
    if (entities.cursor == stream.transactions.size()) {
      entities.reset(stream);
    }
    TransactionEvent transaction = stream.transactions.get(entities.cursor++);
    EntityState customer = entities.customerStates.get(transaction.customerId());
    if (customer == null) {
      customer = entities.customers.newState();
      entities.customerStates.put(transaction.customerId(), customer);
    }
    EntityState terminal = entities.terminalStates.get(transaction.terminalId());
    if (terminal == null) {
      terminal = entities.terminals.newState();
      entities.terminalStates.put(transaction.terminalId(), terminal);
    }
    Rejection late =
        customer.applyTransaction(transaction, entities.vector, entities.customerPositions);
    if (late == null) {
      late = terminal.applyTransaction(transaction, entities.vector, entities.terminalPositions);
    }
    if (late != null) {
      throw new IllegalStateException("the benchmark stream is in canonical order: " + late);
    }
    return entities.vector[1] + entities.vector[entities.customerPositions.length];
  }

  @Benchmark
  public long pipeline(Stream stream, Pipeline pipeline) {
    if (pipeline.cursor == stream.inputs.size()) {
      pipeline.reset(stream);
    }
    pipeline.pipeline.accept(stream.inputs.get(pipeline.cursor++), pipeline);
    return pipeline.emitted;
  }

  @Benchmark
  public long singleTask(Stream stream, SingleTask single) {
    if (single.cursor == stream.inputs.size()) {
      single.reset(stream);
    }
    SourceEvent event = single.events.get(single.cursor++);
    if ((single.cursor & 63) == 0) {
      single.stage.advanceWatermark(event.eventTimeOrMin() - 3_600_000L, single);
    }
    single.stage.accept(event, single);
    if (single.captureEvery > 0 && ++single.inputs % single.captureEvery == 0) {
      single.emitted += single.stage.capture().joinEntryCount(); // let go of at once: not encoded
    }
    return single.emitted;
  }
}
