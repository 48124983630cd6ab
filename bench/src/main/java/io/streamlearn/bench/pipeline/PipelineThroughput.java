package io.streamlearn.bench.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.app.pipeline.ClusterConnection;
import io.streamlearn.app.pipeline.Engine;
import io.streamlearn.app.pipeline.PipelineDefinition;
import io.streamlearn.app.pipeline.PipelineFailure;
import io.streamlearn.app.pipeline.PipelineRuntime;
import io.streamlearn.app.pipeline.PipelineTopics;
import io.streamlearn.app.pipeline.RuntimeOptions;
import io.streamlearn.app.pipeline.Stage;
import io.streamlearn.bench.EarlierRounds;
import io.streamlearn.bench.SimulatedEvents;
import io.streamlearn.bench.ThreadCpu;
import io.streamlearn.bench.model.PredictionLatency;
import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.embedded.StackSettings;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.ingest.core.pacing.Pacing;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.kafka.SimulationPublisher;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroDeserializer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end throughput and latency of the fraud pipeline, transactions in and predictions out,
 * through the feature stage and the model stage running together as {@code streamlearn run} runs
 * them: the product's own {@link PipelineRuntime} on the built-in {@link
 * PipelineDefinition#fraud()} pipeline ({@code pipelines/fraud.yaml}), on the embedded stack (one
 * JVM: broker, registry, both stages, the load generator and the reader).
 *
 * <p>Configurations ({@code --engines}): {@code kstreams} (one {@code KafkaStreams} per stage),
 * {@code flink} (both stages as one local Flink job, the feature stage in the keyed plan) and
 * {@code flink-single-task} (the same with {@code features.plan: single-task}). Each runs under
 * every guarantee of {@code --guarantees} ({@code at_least_once}, {@code exactly_once_v2}: the
 * pipeline's {@code guarantee: exactly-once}). The monitoring stage is left out ({@link
 * RuntimeOptions#withStages}: the runtime runs any subset of stages, as the compose stack does);
 * docs/BENCHMARKS.md measures its overhead separately. The model starts untrained, as under {@code
 * streamlearn run}, and learns from the labels as they come.
 *
 * <p>Every round gets fresh output topics and a fresh application id prefix (consumer groups, Kafka
 * Streams application ids, Flink's transactional ids). The runtime creates the pipeline's topics as
 * it does for users, except three the benchmark creates first: {@code transactions} and {@code
 * labels} (with {@code --partitions} partitions, filled before the pipeline starts) and {@code
 * predictions} (the same partitions, {@code LogAppendTime}: the broker's append time is when a
 * prediction was written).
 *
 * <ul>
 *   <li><b>Throughput</b>: the simulator's transactions and labels ({@code --customers}, twice as
 *       many terminals, {@code --days}) are produced once, as fast as possible, as {@code
 *       streamlearn simulate} does; each round starts the pipeline on them from the beginning and
 *       counts the predictions ({@code read_committed}). The rate is predictions between 10% and
 *       100% of them over the span between their appends; the rate over the second half of them is
 *       printed too (JIT warm-up left out); the process CPU time (broker, registry and reader
 *       included) per prediction is taken between the moments the reader saw 10% and 100% of them.
 *       Under exactly-once the model stage reads feature vectors committed at checkpoints, so the
 *       predictions come in bursts and those figures are the model stage's burst rate; "from the
 *       start" divides every prediction by the time from the pipeline's start (before its jobs are
 *       submitted) to the last prediction's append, and the process CPU over that time, which holds
 *       for both guarantees (start-up included).
 *   <li><b>Latency</b>: after the pipeline runs, a fresh simulated stream (its transactions and
 *       their labels at the simulator's delays) is produced at {@code --rates} events per second
 *       (transactions and labels together) for {@code --warmup-seconds} plus {@code --seconds};
 *       each transaction carries its send time ({@code streamlearn.ingest.time} header), which the
 *       prediction carries on as {@code ingestTime}. Latency is {@code predictedAt - ingestTime}
 *       and the time a reader saw the prediction minus {@code ingestTime}, for transactions sent
 *       after the warm-up. The events are produced with Kafka's producer defaults ({@code
 *       linger.ms} {@code --producer-linger-ms}, 5; no compression; 16 KB batches) rather than the
 *       ingest CLI's bulk-load settings (20 ms, lz4, 512 KB). The stream is that of {@code
 *       --customers} over a year (it stops at the events asked). The reader waits at most {@code
 *       --drain-seconds} for the last predictions; when the rate was not sustained (sent rate below
 *       the asked rate, or predictions still missing) the line says so, with the backlog, and its
 *       percentiles are those of a queue, not of the pipeline.
 * </ul>
 *
 * Every round starts after the garbage of the rounds before it is collected ({@link
 * EarlierRounds#collect}, which says why: dead Flink jobs' tasks keep their state until then).
 *
 * <p>A broken run is not reported: the benchmark exits non-zero with one sentence when the pipeline
 * fails, when a throughput round does not predict every transaction exactly once in {@code
 * --timeout-seconds}, when a drained latency round has more or fewer predictions than transactions,
 * or when any dead letter is written.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -Xmx4g -cp bench/target/benchmarks.jar io.streamlearn.bench.pipeline.PipelineThroughput \
 *     [--engines kstreams,flink,flink-single-task] [--guarantees at_least_once,exactly_once_v2] \
 *     [--customers 3000] [--days 40] [--partitions 1] [--threads 1] [--rates 10000,50000] \
 *     [--seconds 10] [--warmup-seconds 5] [--drain-seconds 10] [--warmup-round] \
 *     [--timeout-seconds 300] [--skip-latency] [--skip-throughput] [--producer-linger-ms 5] \
 *     [--kafka-property key=value]... \
 *     [--bootstrap-servers localhost:9092 --schema-registry-url http://localhost:8081]
 * </pre>
 *
 * <p>{@code --kafka-property} gives the pipeline's Kafka clients a setting, as {@code streamlearn
 * run --kafka-property} does (the benchmark's own producers and reader keep theirs).
 *
 * <p>Without {@code --bootstrap-servers} the benchmark starts the embedded stack in its own JVM, so
 * the broker and the registry share its cores and its heap (and its garbage collector's pauses)
 * with the pipeline. With it, it uses the broker and registry given, e.g. {@code streamlearn stack
 * --fresh} started first as another process, as the compose stack and a cluster run them; the stack
 * must not already hold the benchmark's topics.
 *
 * <p>One input partition by default: a pre-filled backlog read from several partitions reaches the
 * entity states in an order that depends on how fast each partition is read, and transactions more
 * than the allowed lateness behind their entity are late and predicted never (see
 * FeatureEngineBenchmark). {@code --threads} is the runtime's threads: stream threads per stage on
 * Kafka Streams, the job's parallelism on Flink. {@code --warmup-round} runs one discarded
 * throughput round per configuration first.
 */
public final class PipelineThroughput {

  /** The simulated days of a latency round's world: more than the events asked need. */
  private static final int LATENCY_DAYS = 365;

  /**
   * The latency rounds' producer {@code linger.ms} unless {@code --producer-linger-ms} gives one:
   * Kafka's default, as a producer waiting for its events' scores would use. The ingest CLI's 20 ms
   * ({@code ProducerSettings}) is for bulk loads: each transaction would wait up to 20 ms in the
   * producer before the pipeline sees it.
   */
  static final int DEFAULT_LATENCY_LINGER_MS = 5;

  /**
   * The latency rounds' producer settings over the ingest CLI's: {@code lingerMs}, and Kafka's
   * defaults for a producer of single events in place of the ingest CLI's bulk-load settings (lz4,
   * 512 KB batches). The load generator shares the JVM and its heap with the pipeline here, and
   * with lz4 it allocated two 64 KB buffers per batch, a batch every few milliseconds: about a
   * fifth of everything the JVM allocated in a latency round (a JFR allocation profile).
   */
  static Map<String, String> latencyProducer(int lingerMs) {
    return Map.of(
        ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs),
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
        ProducerConfig.BATCH_SIZE_CONFIG, "16384");
  }

  private final ClusterConnection cluster;
  private final Path stateRoot;
  private final int partitions;
  private final int threads;
  private final long timeoutSeconds;
  private final int lingerMs;
  private int round;

  private PipelineThroughput(
      ClusterConnection cluster,
      Path stateRoot,
      int partitions,
      int threads,
      long timeoutSeconds,
      int lingerMs) {
    this.cluster = cluster;
    this.stateRoot = stateRoot;
    this.partitions = partitions;
    this.threads = threads;
    this.timeoutSeconds = timeoutSeconds;
    this.lingerMs = lingerMs;
  }

  /** A broken run: reported in one sentence, exit status 1. */
  private static final class BrokenRun extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrokenRun(String message) {
      super(message);
    }
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.streamlearn");
    }
    List<String> engines = List.of("kstreams", "flink", "flink-single-task");
    List<String> guarantees = List.of("at_least_once", "exactly_once_v2");
    List<Integer> rates = List.of(10_000, 50_000);
    int customers = 3_000;
    int days = 40;
    int partitions = 1;
    int threads = 1;
    int seconds = 10;
    int warmupSeconds = 5;
    int drainSeconds = 10;
    long timeoutSeconds = 300;
    int lingerMs = DEFAULT_LATENCY_LINGER_MS;
    String bootstrapServers = null;
    String registryUrl = null;
    List<String> kafkaProperties = new ArrayList<>();
    boolean warmupRound = false;
    boolean latency = true;
    boolean throughput = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--engines" -> engines = List.of(args[++i].split(","));
        case "--guarantees" -> guarantees = List.of(args[++i].split(","));
        case "--rates" -> {
          List<Integer> r = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            r.add(Integer.parseInt(s.trim()));
          }
          rates = r;
        }
        case "--customers" -> customers = Integer.parseInt(args[++i]);
        case "--days" -> days = Integer.parseInt(args[++i]);
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
        case "--drain-seconds" -> drainSeconds = Integer.parseInt(args[++i]);
        case "--timeout-seconds" -> timeoutSeconds = Long.parseLong(args[++i]);
        case "--producer-linger-ms" -> lingerMs = Integer.parseInt(args[++i]);
        case "--bootstrap-servers" -> bootstrapServers = args[++i];
        case "--schema-registry-url" -> registryUrl = args[++i];
        case "--kafka-property" -> kafkaProperties.add(args[++i]);
        case "--warmup-round" -> warmupRound = true;
        case "--skip-latency" -> latency = false;
        case "--skip-throughput" -> throughput = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    for (String engine : engines) {
      pipeline(engine, guarantee(guarantees.get(0))); // validates the names before the long run
    }
    for (String guarantee : guarantees) {
      guarantee(guarantee);
    }
    SimulatorOptions world =
        SimulatorOptions.DEFAULTS
            .withCustomers(customers)
            .withTerminals(2 * customers)
            .withDays(days);
    Path stateRoot = Files.createTempDirectory("pipeline-bench");
    if ((bootstrapServers == null) != (registryUrl == null)) {
      throw new IllegalArgumentException(
          "give both --bootstrap-servers and --schema-registry-url, or neither");
    }
    // an external broker and registry (e.g. `streamlearn stack --fresh` in its own JVM), or the
    // embedded stack in this one
    try (EmbeddedStack stack =
        bootstrapServers == null ? EmbeddedStack.start(StackSettings.defaults()) : null) {
      ClusterConnection cluster =
          stack == null
              ? ClusterConnection.fromOptions(bootstrapServers, registryUrl, null, kafkaProperties)
              : ClusterConnection.fromOptions(
                  stack.bootstrapServers(), stack.schemaRegistryUrl(), null, kafkaProperties);
      PipelineThroughput bench =
          new PipelineThroughput(cluster, stateRoot, partitions, threads, timeoutSeconds, lingerMs);
      System.out.println(
          stack == null
              ? "stack: the broker at " + bootstrapServers + ", the registry at " + registryUrl
              : "stack: embedded in this JVM");
      if (!kafkaProperties.isEmpty()) {
        System.out.println("the pipeline's Kafka clients: " + String.join(", ", kafkaProperties));
      }
      System.out.printf(
          Locale.ROOT,
          "fraud pipeline (features and model; monitoring left out), %d partition(s), threads %d,"
              + " latency rounds' producer linger.ms %d (no compression, 16 KB batches), %d cores,"
              + " load average %.2f%n",
          partitions,
          threads,
          lingerMs,
          Runtime.getRuntime().availableProcessors(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      Inputs filled = null;
      if (throughput) {
        filled = bench.fill(world);
        System.out.printf(
            Locale.ROOT,
            "input: %,d customers, %,d terminals, %d days: %,d transactions, %,d labels%n",
            customers,
            2 * customers,
            days,
            filled.transactions,
            filled.labels);
      }
      for (String engine : engines) {
        if (throughput && warmupRound) {
          System.out.println(
              "warm-up, discarded: "
                  + bench.throughput(engine, guarantees.get(0), filled).replace('\n', ' '));
        }
        for (String guarantee : guarantees) {
          if (throughput) {
            System.out.println(bench.throughput(engine, guarantee, filled));
          }
          if (latency) {
            for (int rate : rates) {
              System.out.println(
                  bench.latency(
                      engine, guarantee, world, rate, warmupSeconds, seconds, drainSeconds));
            }
          }
        }
      }
      System.out.printf(
          Locale.ROOT,
          "load average at the end %.2f%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } catch (BrokenRun | PipelineFailure e) {
      System.err.println("BROKEN RUN, no figures: " + e.getMessage());
      System.exit(1);
    }
    System.exit(0); // Flink's and Kafka's non-daemon threads
  }

  private static Guarantee guarantee(String name) {
    return switch (name) {
      case "at_least_once" -> Guarantee.AT_LEAST_ONCE;
      case "exactly_once_v2" -> Guarantee.EXACTLY_ONCE;
      default ->
          throw new IllegalArgumentException(
              "a guarantee is at_least_once or exactly_once_v2, not " + name);
    };
  }

  /** The built-in fraud pipeline on {@code engine} under {@code guarantee}. */
  private static PipelineDefinition pipeline(String engine, Guarantee guarantee) {
    PipelineDefinition fraud = PipelineDefinition.fraud().withGuarantee(guarantee);
    return switch (engine) {
      case "kstreams" -> fraud.withEngine(Engine.KSTREAMS);
      case "flink" -> fraud.withEngine(Engine.FLINK);
      case "flink-single-task" ->
          fraud
              .withEngine(Engine.FLINK)
              .withFeatures(fraud.features().withPlan(EnginePlan.SINGLE_TASK));
      default ->
          throw new IllegalArgumentException(
              "an engine is kstreams, flink or flink-single-task, not " + engine);
    };
  }

  /** The inputs of the throughput rounds. */
  private record Inputs(
      String transactionsTopic, String labelsTopic, long transactions, long labels) {}

  /** Topics of a round: {@code <default name>-<suffix>}. */
  private static PipelineTopics topics(String inputSuffix, String outputSuffix) {
    PipelineTopics d = PipelineTopics.DEFAULTS;
    return new PipelineTopics(
        d.transactions() + inputSuffix,
        d.labels() + inputSuffix,
        d.features() + outputSuffix,
        d.predictions() + outputSuffix,
        d.modelSnapshots() + outputSuffix,
        d.modelEvents() + outputSuffix,
        d.alerts() + outputSuffix,
        d.lateEvents() + outputSuffix);
  }

  /** What every client of the stack needs: bootstrap servers and registry URL. */
  private Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", cluster.bootstrapServers());
    props.put("schema.registry.url", cluster.schemaRegistryUrl());
    return props;
  }

  private void createTopics(String transactions, String labels, String predictions)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
      List<NewTopic> topics = new ArrayList<>();
      if (transactions != null) {
        topics.add(new NewTopic(transactions, partitions, (short) 1));
        topics.add(new NewTopic(labels, partitions, (short) 1));
      }
      if (predictions != null) {
        topics.add(
            new NewTopic(predictions, partitions, (short) 1)
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
      }
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  private Inputs fill(SimulatorOptions world) throws Exception {
    String transactions = "transactions-filled";
    String labels = "labels-filled";
    createTopics(transactions, labels, null);
    SimulationPublisher.Report report =
        SimulatedEvents.publish(
            cluster,
            world,
            transactions,
            labels,
            Pacing.asFastAsPossible(),
            Long.MAX_VALUE,
            Map.of());
    if (report.deadLettered() > 0 || report.failed() > 0) {
      throw new BrokenRun(
          "the simulator's events were not all written: "
              + report.deadLettered()
              + " dead-lettered, "
              + report.failed()
              + " failed");
    }
    return new Inputs(transactions, labels, report.transactions(), report.labels());
  }

  /** Starts the pipeline of a fresh round on {@code topics}, and waits until it runs. */
  private PipelineRuntime start(String engine, String guarantee, PipelineTopics topics)
      throws Exception {
    PipelineDefinition pipeline = pipeline(engine, guarantee(guarantee)).withTopics(topics);
    RuntimeOptions options =
        RuntimeOptions.defaults()
            .withApplicationIdPrefix("bench-pipeline-" + round)
            .withThreads(threads)
            .withPartitions(partitions)
            .withStages(EnumSet.of(Stage.FEATURES, Stage.MODEL));
    PipelineRuntime runtime =
        PipelineRuntime.start(
            pipeline,
            cluster,
            Files.createDirectories(stateRoot.resolve("round-" + round)),
            new SimpleMeterRegistry(),
            options);
    if (!runtime.awaitRunning(Duration.ofSeconds(120))) {
      runtime.close();
      throw new BrokenRun("the pipeline (" + engine + ") did not run within 120 s");
    }
    return runtime;
  }

  /** What the reader saw of the predictions topic. */
  private static final class Reader implements Runnable {
    private final Map<String, Object> properties;
    private final String topic;
    private final PredictionLatency latency;
    private final long[] appendTimes;
    private final long tenthAt;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong count = new AtomicLong();
    private volatile long tenthCpu = -1;
    private volatile long lastCpu = -1;
    private volatile Throwable failure;

    /**
     * @param expected the predictions a throughput round waits for (0 in a latency round)
     */
    Reader(Map<String, Object> properties, String topic, PredictionLatency latency, long expected) {
      this.properties = properties;
      this.topic = topic;
      this.latency = latency;
      this.appendTimes = new long[(int) Math.max(0, expected)];
      this.tenthAt = Math.max(1, expected / 10);
    }

    @Override
    public void run() {
      try (KafkaConsumer<byte[], Prediction> consumer =
          new KafkaConsumer<>(
              properties,
              new ByteArrayDeserializer(),
              AvroDeserializer.forSpecific(Prediction.class).configured(properties, false))) {
        consumer.subscribe(List.of(topic));
        while (!stop.get()) {
          for (ConsumerRecord<byte[], Prediction> r : consumer.poll(Duration.ofMillis(20))) {
            long n = count.incrementAndGet();
            if (latency != null) {
              latency.record(r.value(), System.currentTimeMillis());
            }
            if (n <= appendTimes.length) {
              appendTimes[(int) n - 1] = r.timestamp();
              if (n == tenthAt) {
                tenthCpu = ThreadCpu.processCpuNanos();
              }
              if (n == appendTimes.length) {
                lastCpu = ThreadCpu.processCpuNanos();
              }
            }
          }
        }
      } catch (Throwable e) {
        failure = e;
      }
    }
  }

  private Map<String, Object> readerProperties() {
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-pipeline-reader-" + round);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    return props;
  }

  /** One throughput round over the filled inputs. */
  String throughput(String engine, String guarantee, Inputs inputs) throws Exception {
    EarlierRounds.collect();
    round++;
    String suffix = "-r" + round;
    PipelineTopics topics = topics("", suffix);
    topics =
        new PipelineTopics(
            inputs.transactionsTopic,
            inputs.labelsTopic,
            topics.features(),
            topics.predictions(),
            topics.modelSnapshots(),
            topics.modelEvents(),
            topics.alerts(),
            topics.lateEvents());
    createTopics(null, null, topics.predictions());
    long deadBefore = deadLetters(topics);
    Reader reader = new Reader(readerProperties(), topics.predictions(), null, inputs.transactions);
    Thread thread = new Thread(reader, "bench-pipeline-reader");
    thread.start();
    long startedMillis = System.currentTimeMillis();
    long startedCpu = ThreadCpu.processCpuNanos();
    PipelineRuntime runtime = start(engine, guarantee, topics);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (reader.count.get() < inputs.transactions && System.nanoTime() < deadline) {
        if (runtime.failure().isPresent()) {
          throw runtime.failure().get();
        }
        if (reader.failure != null) {
          throw new BrokenRun("the prediction reader failed: " + reader.failure);
        }
        Thread.sleep(50);
      }
      // a moment more, to see duplicates, if any
      Thread.sleep(1_000);
    } finally {
      reader.stop.set(true);
      thread.join();
      runtime.close();
    }
    long predicted = reader.count.get();
    long dead = deadLetters(topics) - deadBefore;
    long late = count(topics.lateEvents());
    if (predicted != inputs.transactions || dead != 0) {
      throw new BrokenRun(
          String.format(
              Locale.ROOT,
              "%s %s predicted %,d of %,d transactions within %d s, with %,d dead letters and %,d"
                  + " late events",
              engine,
              guarantee,
              predicted,
              inputs.transactions,
              timeoutSeconds,
              dead,
              late));
    }
    int n = reader.appendTimes.length;
    int tenth = (int) reader.tenthAt - 1;
    int half = n / 2;
    long last = reader.appendTimes[n - 1];
    double rate = (n - 1 - tenth) / (Math.max(1, last - reader.appendTimes[tenth]) / 1e3);
    double secondHalf = (n - 1 - half) / (Math.max(1, last - reader.appendTimes[half]) / 1e3);
    double cpuMicros = (reader.lastCpu - reader.tenthCpu) / 1e3 / (n - 1 - tenth);
    double wholeRate = n / (Math.max(1, last - startedMillis) / 1e3);
    double wholeCpuMicros = (reader.lastCpu - startedCpu) / 1e3 / n;
    return String.format(
        Locale.ROOT,
        "| throughput | %s | %s | %,d transactions | %,.0f predictions/s (second half %,.0f/s) |"
            + " %.1f µs process CPU per transaction | from the start: %,.0f/s, %.1f µs |"
            + " %,d late, %,d dead letters |",
        engine,
        guarantee,
        inputs.transactions,
        rate,
        secondHalf,
        cpuMicros,
        wholeRate,
        wholeCpuMicros,
        late,
        dead);
  }

  /** One latency round: a fresh stream at {@code rate} events per second. */
  String latency(
      String engine,
      String guarantee,
      SimulatorOptions world,
      int rate,
      int warmupSeconds,
      int seconds,
      int drainSeconds)
      throws Exception {
    EarlierRounds.collect();
    round++;
    String suffix = "-r" + round;
    PipelineTopics topics = topics(suffix, suffix);
    createTopics(topics.transactions(), topics.labels(), topics.predictions());
    PipelineRuntime runtime = start(engine, guarantee, topics);
    long startMillis = System.currentTimeMillis();
    long warmUpEnds = startMillis + warmupSeconds * 1_000L;
    long end = warmUpEnds + seconds * 1_000L;
    PredictionLatency latency = new PredictionLatency(warmUpEnds, end);
    Reader reader = new Reader(readerProperties(), topics.predictions(), latency, 0);
    Thread thread = new Thread(reader, "bench-pipeline-reader");
    thread.start();
    SimulationPublisher.Report sent;
    long drained;
    try {
      long events = (long) rate * (warmupSeconds + seconds);
      long started = System.nanoTime();
      // a world long enough for the events asked (the simulator's events are generated lazily)
      sent =
          SimulatedEvents.publish(
              cluster,
              world.withDays(LATENCY_DAYS),
              topics.transactions(),
              topics.labels(),
              Pacing.eventsPerSecond(rate),
              events,
              latencyProducer(lingerMs));
      double sendSeconds = (System.nanoTime() - started) / 1e9;
      long backlogAtEnd = sent.transactions() - reader.count.get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
      while (reader.count.get() < sent.transactions() && System.nanoTime() < deadline) {
        if (runtime.failure().isPresent()) {
          throw runtime.failure().get();
        }
        Thread.sleep(50);
      }
      drained = reader.count.get();
      if (reader.failure != null) {
        throw new BrokenRun("the prediction reader failed: " + reader.failure);
      }
      reader.stop.set(true);
      thread.join();
      long dead = deadLetters(topics);
      long late = count(topics.lateEvents());
      // late events do not fail a run: they are labels or transactions later than the allowed
      // lateness for their entity (counted; a late transaction is never predicted, which the
      // count of predictions catches in a drained round)
      if (dead != 0 || drained > sent.transactions()) {
        throw new BrokenRun(
            String.format(
                Locale.ROOT,
                "%s %s at %,d events/s: %,d predictions of %,d transactions, %,d dead letters,"
                    + " %,d late events",
                engine,
                guarantee,
                rate,
                drained,
                sent.transactions(),
                dead,
                late));
      }
      double sentRate = sent.events() / sendSeconds;
      long backlog = sent.transactions() - drained;
      if (sent.events() < events) {
        throw new BrokenRun(
            String.format(
                Locale.ROOT,
                "%s %s at %,d events/s: the simulator gave %,d of the %,d events asked, %,d"
                    + " predictions read, %,d measured (sent after the warm-up)",
                engine,
                guarantee,
                rate,
                sent.events(),
                events,
                drained,
                latency.count()));
      }
      // sustained: every prediction in the end, at most one second of transactions behind when
      // the last was sent, and the rate asked sent
      boolean sustained =
          backlog == 0
              && backlogAtEnd <= sent.transactions() / (warmupSeconds + seconds)
              && sentRate >= 0.95 * rate;
      return String.format(
          Locale.ROOT,
          "| latency | %s | %s | %,d events/s asked, %,.0f/s sent (%,d transactions, %,d labels) |"
              + " %s | %s | %,d late |",
          engine,
          guarantee,
          rate,
          sentRate,
          sent.transactions(),
          sent.labels(),
          latency.count() == 0
              ? "no prediction of a transaction sent after the warm-up was read"
              : latency.percentiles(),
          sustained
              ? "sustained"
              : String.format(
                  Locale.ROOT,
                  "NOT SUSTAINED: %,d transactions not yet predicted when the last was sent, %,d"
                      + " still %d s later",
                  backlogAtEnd,
                  backlog,
                  drainSeconds),
          late);
    } finally {
      reader.stop.set(true);
      thread.join();
      runtime.close();
    }
  }

  /** The dead letters written so far to the dead-letter topics of {@code topics}. */
  private long deadLetters(PipelineTopics topics) {
    long total = 0;
    for (String topic : topics.deadLettered()) {
      total += count(DeadLetterHeaders.topicFor(topic));
    }
    return total;
  }

  /** The committed records of {@code topic} (0 when it does not exist). */
  private long count(String topic) {
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        return 0;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long n = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new BrokenRun("cannot read " + topic + " to its end within 60 s");
        }
        n += consumer.poll(Duration.ofMillis(200)).count();
      }
      return n;
    }
  }
}
