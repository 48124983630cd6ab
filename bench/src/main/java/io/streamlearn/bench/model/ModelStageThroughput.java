package io.streamlearn.bench.model;

import io.streamlearn.app.pipeline.FlinkBufferTimeout;
import io.streamlearn.bench.EarlierRounds;
import io.streamlearn.bench.ThreadCpu;
import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.embedded.StackSettings;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.model.flink.ModelJob;
import io.streamlearn.model.kstreams.ModelSerdes;
import io.streamlearn.model.kstreams.ModelTopology;
import io.streamlearn.platform.deadletter.DeadLetterDeserializationExceptionHandler;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end throughput and latency of the model stage on Kafka Streams ({@link ModelTopology},
 * with {@link ModelTopology#config(Map)} as the app sets it) or Flink ({@link ModelJob} on a local
 * environment, checkpointed every {@code --checkpoint-interval-ms}, with the 5 ms buffer timeout
 * {@code streamlearn run} sets: {@link FlinkBufferTimeout}), on the embedded stack (one JVM:
 * broker, registry, the stage, the load generator and the reader).
 *
 * <ul>
 *   <li><b>Throughput</b>: {@code features} is pre-filled with N feature vectors of the fraud
 *       benchmark's reference world (the handbook's 15 features); the stage starts and scores them
 *       (each one also written to the label join); the rate is measured between 10% and 100% of the
 *       predictions (committed ones under exactly-once), from the topic's end offsets, with the
 *       process CPU time per prediction over the same span (broker and registry included).
 *   <li><b>Latency</b>: a producer sends feature vectors at a fixed rate, each stamped with its
 *       send time ({@code ingestTime}); latency is {@code predictedAt - ingestTime} as the
 *       prediction records it, and the time at which a reader saw the prediction minus {@code
 *       ingestTime} (under exactly-once, a prediction is visible once its transaction commits).
 * </ul>
 *
 * The model served is the fraud pipeline's default learner, trained offline on the first 100,000
 * examples and published as a snapshot before the stage starts. Labels are not sent: they come 7
 * days later in production; scoring is the hot path measured here.
 *
 * <pre>
 * java -Xmx3g -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.streamlearn -cp bench/target/benchmarks.jar \
 *     io.streamlearn.bench.model.ModelStageThroughput \
 *     [--events 500000] [--partitions 2] [--threads 2] [--rates 10000,50000] [--seconds 30] \
 *     [--learner KIND[:key=value,...]] [--positive-weight W] \
 *     [--guarantees at_least_once,exactly_once_v2] [--commit-interval-ms N] \
 *     [--engines kstreams,flink] [--checkpoint-interval-ms 1000] [--producer-linger-ms N] \
 *     [--warmup-events 400000] [--streams-config key=value]...
 * </pre>
 *
 * <p>Each engine first runs a throughput round of {@code --warmup-events} under the first guarantee
 * and discards it: without it, whichever guarantee ran first paid the JVM's warm-up (compilation,
 * class loading, the broker's first segments), 70 to 87 against 45 to 50 µs per prediction; a
 * warm-up of 100,000 events was not enough. After the default 400,000 the JIT still compiles during
 * the measured round (a fifth of the process's CPU on 2 cores); after {@code --warmup-events
 * 1500000} the figures are a quarter to a third lower ({@code docs/BENCHMARKS.md}).
 *
 * <p>{@code --producer-linger-ms} replaces the stage's {@code linger.ms} on Kafka Streams (100 is
 * Kafka Streams' own default). On Flink, {@code exactly_once_v2} means the transactional sinks: a
 * prediction is visible once the checkpoint after it completes.
 *
 * <p>{@code --streams-config key=value} (repeatable) puts a Kafka Streams property after all the
 * others (e.g. {@code producer.batch.size=65536}, {@code max.task.idle.ms=-1}).
 *
 * <p>{@code --learner} and {@code --positive-weight} replace the fraud pipeline's learner and class
 * weighting (e.g. {@code --learner adaptive-random-forest:lambda=3 --positive-weight 2}).
 */
public final class ModelStageThroughput {

  private final EmbeddedStack stack;
  private final FraudDataset data;
  private final ModelStageSettings settings;
  private final int partitions;

  /** Kafka Streams' {@code commit.interval.ms}, or -1 for its default. */
  private static long commitIntervalMs = -1;

  /** The Kafka Streams producers' {@code linger.ms} instead of the stage's, or -1. */
  private static int producerLingerMs = -1;

  /** Kafka Streams properties put last, over the stage's ({@code --streams-config}). */
  private static final Map<String, String> extraStreamsConfig = new java.util.TreeMap<>();

  /** Flink's checkpoint interval (exactly-once: how often predictions become visible). */
  private static long checkpointIntervalMs = 1_000;

  /** The engine of the runs: {@code kstreams} or {@code flink}. */
  private String engine = "kstreams";

  /** The Kafka Streams application running, if any. */
  private KafkaStreams streams;

  private final int threads;
  private final Path stateRoot;
  private int round;

  private ModelStageThroughput(
      EmbeddedStack stack,
      FraudDataset data,
      ModelStageSettings settings,
      int partitions,
      int threads,
      Path stateRoot) {
    this.stack = stack;
    this.settings = settings;
    this.data = data;
    this.partitions = partitions;
    this.threads = threads;
    this.stateRoot = stateRoot;
  }

  public static void main(String[] args) throws Exception {
    int events = 500_000;
    int partitions = 2;
    int threads = 2;
    int seconds = 30;
    List<Integer> rates = List.of(10_000, 50_000);
    ModelStageSettings settings = ModelStageSettings.fraud();
    List<String> guarantees = List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2);
    List<String> engines = List.of("kstreams");
    int warmupEvents = 400_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--guarantees" -> guarantees = List.of(args[++i].split(","));
        case "--commit-interval-ms" -> commitIntervalMs = Long.parseLong(args[++i]);
        case "--checkpoint-interval-ms" -> checkpointIntervalMs = Long.parseLong(args[++i]);
        case "--engines" -> engines = List.of(args[++i].split(","));
        case "--producer-linger-ms" -> producerLingerMs = Integer.parseInt(args[++i]);
        case "--streams-config" -> {
          String[] pair = args[++i].split("=", 2);
          if (pair.length != 2) {
            throw new IllegalArgumentException("--streams-config takes key=value: " + args[i]);
          }
          extraStreamsConfig.put(pair[0].trim(), pair[1].trim());
        }
        case "--learner" -> {
          String[] kindAndParams = args[++i].split(":", 2);
          Map<String, String> params = new java.util.TreeMap<>();
          if (kindAndParams.length > 1 && !kindAndParams[1].isBlank()) {
            for (String kv : kindAndParams[1].split(",")) {
              String[] pair = kv.split("=", 2);
              params.put(pair[0].trim(), pair[1].trim());
            }
          }
          settings = settings.withLearner(kindAndParams[0], params);
        }
        case "--positive-weight" ->
            settings =
                settings.withClassWeight(
                    new ModelStageSettings.ClassWeighting.Fixed(Double.parseDouble(args[++i]), 1));
        case "--events" -> events = Integer.parseInt(args[++i]);
        case "--warmup-events" -> warmupEvents = Integer.parseInt(args[++i]);
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--rates" -> {
          List<Integer> r = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            r.add(Integer.parseInt(s.trim()));
          }
          rates = r;
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    FraudDataset data = FraudDataset.load(0, Path.of("target", "fraud-benchmark"));
    Path stateRoot = Files.createTempDirectory("model-stage-bench");
    try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.defaults())) {
      ModelStageThroughput bench =
          new ModelStageThroughput(stack, data, settings, partitions, threads, stateRoot);
      System.out.printf(
          Locale.ROOT,
          "model stage, %d partitions, %d stream threads (Flink: parallelism), %d cores, learner"
              + " %s%s%n",
          partitions,
          threads,
          Runtime.getRuntime().availableProcessors(),
          bench.settings.learnerFingerprint(),
          extraStreamsConfig.isEmpty() ? "" : ", Kafka Streams config " + extraStreamsConfig);
      for (String engine : engines) {
        bench.engine = engine;
        if (warmupEvents > 0) {
          System.out.println(
              "warm-up, discarded: " + bench.throughput(guarantees.get(0), warmupEvents));
        }
        for (String guarantee : guarantees) {
          System.out.println(bench.throughput(guarantee, events));
          for (int r : rates) {
            System.out.println(bench.latency(guarantee, r, seconds));
          }
        }
      }
    }
  }

  private ModelTopics topics() {
    round++;
    String suffix = "-" + round;
    ModelTopics topics =
        new ModelTopics(
            "features" + suffix,
            "labels" + suffix,
            "predictions" + suffix,
            "model-snapshots" + suffix,
            "model-events" + suffix,
            "alerts" + suffix);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.features(), partitions, (short) 1),
                  new NewTopic(topics.labels(), partitions, (short) 1),
                  new NewTopic(topics.predictions(), partitions, (short) 1),
                  new NewTopic(DeadLetterHeaders.topicFor(topics.features()), 1, (short) 1),
                  new NewTopic(DeadLetterHeaders.topicFor(topics.labels()), 1, (short) 1),
                  new NewTopic(topics.modelSnapshots(), 1, (short) 1)
                      .configs(
                          Map.of(
                              TopicConfig.CLEANUP_POLICY_CONFIG,
                              TopicConfig.CLEANUP_POLICY_COMPACT)),
                  new NewTopic(topics.modelEvents(), 1, (short) 1),
                  new NewTopic(topics.alerts(), 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the topics: " + e, e);
    }
    publishTrainedSnapshot(topics);
    return topics;
  }

  private void publishTrainedSnapshot(ModelTopics topics) {
    ModelSnapshot snapshot = ModelAvroMapping.toAvro(FraudDataset.trained(settings, data, 100_000));
    try (KafkaProducer<String, ModelSnapshot> producer =
        new KafkaProducer<>(
            stack.clientProperties(),
            new StringSerializer(),
            new AvroSerializer<ModelSnapshot>().configured(stack.clientProperties(), false))) {
      producer.send(new ProducerRecord<>(topics.modelSnapshots(), settings.name(), snapshot)).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish the snapshot: " + e, e);
    }
  }

  private FeatureVector vector(int n, long ingestTime) {
    int i = n % data.size;
    int width = data.featureNames.size();
    Map<String, Double> x = new HashMap<>();
    for (int j = 0; j < width; j++) {
      x.put(data.featureNames.get(j), data.features[i * width + j]);
    }
    return FeatureVector.newBuilder()
        .setTransactionId("tx-" + n)
        .setEventTime(Instant.ofEpochMilli(data.eventTime[i]))
        .setEntityIds(Map.of("customerId", "C" + data.customer[i]))
        .setFeatures(x)
        .setSpecVersion("fraud-baseline:1")
        .setIngestTime(Instant.ofEpochMilli(ingestTime))
        .build();
  }

  /** Starts the stage on {@link #engine}; closing it stops it. */
  private AutoCloseable start(ModelTopics topics, String guarantee) throws Exception {
    if (engine.equals("flink")) {
      return startFlink(topics, guarantee);
    }
    KafkaStreams started = startKafkaStreams(topics, guarantee);
    streams = started;
    return () -> {
      started.close(Duration.ofSeconds(30));
      streams = null;
    };
  }

  private AutoCloseable startFlink(ModelTopics topics, String guarantee) throws Exception {
    Configuration configuration = new Configuration();
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    configuration.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        Files.createDirectories(stateRoot.resolve("flink-" + round)).toUri().toString());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(threads, configuration);
    env.enableCheckpointing(checkpointIntervalMs);
    FlinkBufferTimeout.apply(env); // 5 ms, as streamlearn run sets it
    ModelJob.kafka(
            settings,
            topics,
            stack.bootstrapServers(),
            Map.of("schema.registry.url", stack.schemaRegistryUrl()),
            guarantee.equals(StreamsConfig.AT_LEAST_ONCE)
                ? DeliveryGuarantee.AT_LEAST_ONCE
                : DeliveryGuarantee.EXACTLY_ONCE)
        .addTo(env);
    JobClient job = env.executeAsync("bench-model-" + round);
    return () -> job.cancel().get(60, TimeUnit.SECONDS);
  }

  private KafkaStreams startKafkaStreams(ModelTopics topics, String guarantee) throws IOException {
    Properties props = new Properties();
    props.putAll(stack.clientProperties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "model-stage-bench-" + round);
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Files.createDirectories(stateRoot.resolve("r" + round)).toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    if (commitIntervalMs >= 0) {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    }
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationExceptionHandler.class);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putAll(ModelTopology.config(props)); // the stage's own settings, as the app sets them
    if (producerLingerMs >= 0) {
      props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), producerLingerMs);
    }
    props.putAll(extraStreamsConfig);
    KafkaStreams streams =
        new KafkaStreams(
            ModelTopology.build(settings, topics, ModelSerdes.avro(stack.clientProperties())),
            props);
    streams.start();
    return streams;
  }

  /**
   * Predictions per second over a pre-filled topic, between 10% and 100% of them, and the process
   * CPU time (broker, registry and stage) per prediction over the same span.
   */
  String throughput(String guarantee, int events) throws Exception {
    EarlierRounds.collect();
    ModelTopics topics = topics();
    AvroSerializer<FeatureVector> serializer =
        new AvroSerializer<FeatureVector>().configured(stack.clientProperties(), false);
    Map<String, Object> producerProps = new HashMap<>(stack.clientProperties());
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
      long now = System.currentTimeMillis();
      for (int n = 0; n < events; n++) {
        String id = "tx-" + n;
        producer.send(
            new ProducerRecord<>(
                topics.features(), id, serializer.serialize(topics.features(), vector(n, now))));
      }
      producer.flush();
    }
    AutoCloseable stage = start(topics, guarantee);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      long tenth = 0;
      long tenthCount = 0;
      long tenthCpu = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
      while (System.nanoTime() < deadline) {
        long done = committedOffsets(admin, topics.predictions());
        if (tenth == 0 && done >= events / 10) {
          tenth = System.nanoTime();
          tenthCount = done;
          tenthCpu = ThreadCpu.processCpuNanos();
        }
        if (done >= events) {
          double rate = (done - tenthCount) / ((System.nanoTime() - tenth) / 1e9);
          double cpuMicros = (ThreadCpu.processCpuNanos() - tenthCpu) / 1e3 / (done - tenthCount);
          return String.format(
              Locale.ROOT,
              "| throughput | %s | %s | %,d events | %,.0f predictions/s | %.1f µs process CPU per"
                  + " prediction |%s",
              engine,
              guarantee,
              events,
              rate,
              cpuMicros,
              producerBatching());
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException("the stage did not score " + events + " events in time");
    } finally {
      stage.close();
    }
  }

  /** The Kafka Streams producers' records per produce request and bytes per batch, averaged. */
  private String producerBatching() {
    if (streams == null) {
      return "";
    }
    double records = 0;
    double bytes = 0;
    int producers = 0;
    for (var metric : streams.metrics().entrySet()) {
      if (!metric.getKey().group().equals("producer-metrics")) {
        continue;
      }
      Object value = metric.getValue().metricValue();
      if (!(value instanceof Double d) || d.isNaN()) {
        continue;
      }
      switch (metric.getKey().name()) {
        case "records-per-request-avg" -> {
          records += d;
          producers++;
        }
        case "batch-size-avg" -> bytes += d;
        default -> {}
      }
    }
    return producers == 0
        ? ""
        : String.format(
            Locale.ROOT,
            " producers: %.1f records per request, %.0f bytes per batch (averages) |",
            records / producers,
            bytes / producers);
  }

  private long committedOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get()
        .values()
        .stream()
        .mapToLong(r -> r.offset())
        .sum();
  }

  /** Latency percentiles at a fixed input rate. */
  String latency(String guarantee, int rate, int seconds) throws Exception {
    EarlierRounds.collect();
    ModelTopics topics = topics();
    AutoCloseable stage = start(topics, guarantee);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    long warmUpEnds = System.currentTimeMillis() + 10_000;
    long end = warmUpEnds + seconds * 1_000L;
    PredictionLatency latency = new PredictionLatency(warmUpEnds, end);
    Thread reader =
        new Thread(
            () -> {
              Map<String, Object> props = new HashMap<>(stack.clientProperties());
              props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + round);
              props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
              props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
              try (KafkaConsumer<String, Prediction> consumer =
                  new KafkaConsumer<>(
                      props,
                      new StringDeserializer(),
                      AvroDeserializer.forSpecific(Prediction.class)
                          .configured(stack.clientProperties(), false))) {
                consumer.subscribe(List.of(topics.predictions()));
                while (!stop.get()) {
                  for (ConsumerRecord<String, Prediction> r :
                      consumer.poll(Duration.ofMillis(20))) {
                    latency.record(r.value(), System.currentTimeMillis());
                  }
                }
              }
            },
            "bench-reader");
    reader.start();
    AvroSerializer<FeatureVector> serializer =
        new AvroSerializer<FeatureVector>().configured(stack.clientProperties(), false);
    Map<String, Object> producerProps = new HashMap<>(stack.clientProperties());
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
      long start = System.nanoTime();
      long n = 0;
      while (System.currentTimeMillis() < end) {
        long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
        while (n < due) {
          long now = System.currentTimeMillis();
          producer.send(
              new ProducerRecord<>(
                  topics.features(),
                  "tx-" + n,
                  serializer.serialize(topics.features(), vector((int) n, now))));
          n++;
        }
        Thread.sleep(1);
      }
      sent.set(n);
    }
    Thread.sleep(5_000); // the tail of the measured window
    stop.set(true);
    reader.join();
    stage.close();
    double achieved = sent.get() / ((seconds * 1_000.0 + 10_000) / 1_000.0);
    return String.format(
        Locale.ROOT,
        "| latency | %s | %s | %,d events/s (sent %,.0f/s) | %s |",
        engine,
        guarantee,
        rate,
        achieved,
        latency.percentiles());
  }
}
