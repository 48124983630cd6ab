package io.streamlearn.bench.features;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.bench.EarlierRounds;
import io.streamlearn.bench.SimulatedEvents;
import io.streamlearn.bench.ThreadCpu;
import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.embedded.StackSettings;
import io.streamlearn.features.flink.FeatureJob;
import io.streamlearn.features.flink.KafkaConnection;
import io.streamlearn.features.kstreams.FeatureTopology;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.ingest.core.pacing.Pacing;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.kafka.SimulationPublisher;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end throughput of the feature stage on both engines, on the embedded broker, next to a
 * plain Flink Kafka-to-Kafka map job measured in the same run. A simulated stream (the ingest
 * simulator: transactions with their labels) is produced first; then each job reads it from the
 * beginning and writes its outputs, one after the other:
 *
 * <ol>
 *   <li>the baseline: a Flink job that reads the transactions and writes each value unchanged;
 *   <li>{@link FeatureJob} on a local MiniCluster, bounded at the inputs' end: first in the
 *       single-task plan ({@link EnginePlan#SINGLE_TASK});
 *   <li>the floor: a Flink job that reads both inputs and writes a feature vector's bytes per
 *       transaction without decoding or computing anything (what no feature job can exceed);
 *   <li>{@link FeatureJob} in the keyed plan;
 *   <li>{@link FeatureTopology} in {@link KafkaStreams}, RocksDB stores, one stream thread per
 *       partition.
 * </ol>
 *
 * Output topics use {@code LogAppendTime}, so a job's throughput is its output records over the
 * span between the broker's appends of its first and last output record: the steady state, without
 * job start-up and shutdown. Default settings (on arrival, at least once, 1-hour lateness, the
 * {@code fraud-baseline} spec).
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -Xmx6g -cp bench/target/benchmarks.jar io.streamlearn.bench.features.FeatureEngineBenchmark \
 *     [customers=20000] [days=60] [partitions=1] [engines=all|flink|single-task]
 * </pre>
 *
 * <p>{@code engines=flink} runs the baseline, the floor and {@link FeatureJob} in both plans only,
 * {@code engines=single-task} the baseline, the single-task plan and the floor only (to save time
 * while iterating on the Flink adapter). {@code -Dbench.client=key=value,...} gives the Flink jobs'
 * sources and sinks further Kafka client properties (e.g. {@code batch.size=16384}, Kafka's
 * default, to compare with the feature job's own).
 *
 * <p>One input partition by default: a pre-filled backlog read from several partitions reaches the
 * entity states in an order that depends on how fast each partition is read, and a customer's
 * transaction read more than the allowed lateness behind its newer ones is late (counted, on {@code
 * late-events}). Live streams do not have this backlog; docs/OPERATIONS.md explains it. The late
 * and dead-letter counts are printed so that a run with more partitions shows what it lost.
 */
public final class FeatureEngineBenchmark {

  private FeatureEngineBenchmark() {}

  /**
   * Further Kafka client properties for the Flink jobs' sources and sinks, from the system property
   * {@code bench.client} ({@code key=value,key=value}); none by default.
   */
  private static Map<String, String> clientProperties() {
    String spec = System.getProperty("bench.client", "");
    Map<String, String> properties = new java.util.TreeMap<>();
    for (String pair : spec.split(",")) {
      if (!pair.isBlank()) {
        int equals = pair.indexOf('=');
        if (equals < 1) {
          throw new IllegalArgumentException("bench.client wants key=value pairs, not " + pair);
        }
        properties.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
      }
    }
    return properties;
  }

  private static Properties asProperties(Map<String, String> map) {
    Properties properties = new Properties();
    properties.putAll(map);
    return properties;
  }

  /** What a run measured. */
  /**
   * @param secondHalfSeconds the span between the appends of the middle and the last output record:
   *     the second half's rate leaves out the job's warm-up (JIT compilation, first fetches)
   */
  private record Measure(
      long records, double seconds, ThreadCpu.Split cpu, double secondHalfSeconds) {
    double perSecond() {
      return records / seconds;
    }

    double secondHalfPerSecond() {
      return (records - records / 2) / secondHalfSeconds;
    }
  }

  public static void main(String[] args) throws Exception {
    // Avro 1.12 decodes generated classes only from trusted packages (the launcher and the tests
    // pass the same property); set before any Avro class loads
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.streamlearn");
    }
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    String engines = args.length > 3 ? args[3] : "all";
    if (!List.of("all", "flink", "single-task").contains(engines)) {
      throw new IllegalArgumentException(
          "engines must be all, flink or single-task, not " + engines);
    }
    SimulatorOptions options =
        SimulatorOptions.DEFAULTS
            .withCustomers(customers)
            .withTerminals(2 * customers)
            .withDays(days);
    try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.defaults());
        Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      FeatureTopics inputs = new FeatureTopics("transactions", "labels", "unused", "unused-late");
      createTopics(admin, partitions, false, inputs.transactions(), inputs.labels());
      SimulationPublisher.Report filled = fill(stack, options, inputs);
      System.out.printf(
          "input: %,d customers, %,d terminals, %d days: %,d transactions, %,d labels on %d"
              + " partitions each; %d cores, load average %.1f%n",
          customers,
          2 * customers,
          days,
          filled.transactions(),
          filled.labels(),
          partitions,
          Runtime.getRuntime().availableProcessors(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

      Measure baseline = mapJob(stack, admin, inputs.transactions(), partitions);
      report("flink map job (baseline)", baseline, "records");

      FeatureTopics singleTopics = outputs(admin, "flink-single-task", inputs);
      Measure single =
          flinkFeatures(
              stack,
              singleTopics,
              partitions,
              FeatureStageSettings.defaults().withPlan(EnginePlan.SINGLE_TASK));
      report("flink FeatureJob, single-task", single, "feature vectors");
      lateAndDead(stack, singleTopics);
      Measure floor = floorJob(stack, admin, inputs, sampleRecord(stack, singleTopics.features()));
      report("flink floor job (no features)", floor, "vector-sized records");
      System.out.printf(
          "                                 (floor: a vector of %d bytes per transaction; client"
              + " properties %s)%n",
          sampleRecord(stack, singleTopics.features()).length, clientProperties());
      if (engines.equals("single-task")) {
        System.out.printf(
            "ratio to the baseline: flink single-task %.2f%n",
            single.perSecond() / baseline.perSecond());
        return;
      }

      FeatureTopics flinkTopics = outputs(admin, "flink", inputs);
      Measure flink =
          flinkFeatures(stack, flinkTopics, partitions, FeatureStageSettings.defaults());
      report("flink FeatureJob, keyed", flink, "feature vectors");
      lateAndDead(stack, flinkTopics);
      if (engines.equals("flink")) {
        System.out.printf(
            "ratio to the baseline: flink single-task %.2f, keyed %.2f%n",
            single.perSecond() / baseline.perSecond(), flink.perSecond() / baseline.perSecond());
        return;
      }

      FeatureTopics kstreamsTopics = outputs(admin, "kstreams", inputs);
      Measure kstreams = kafkaStreamsFeatures(stack, admin, kstreamsTopics, partitions);
      report("kafka streams FeatureTopology", kstreams, "feature vectors");
      lateAndDead(stack, kstreamsTopics);

      System.out.printf(
          "ratio to the baseline: flink single-task %.2f, keyed %.2f, kafka streams %.2f%n",
          single.perSecond() / baseline.perSecond(),
          flink.perSecond() / baseline.perSecond(),
          kstreams.perSecond() / baseline.perSecond());
    }
  }

  private static void report(String name, Measure measure, String what) {
    System.out.printf(
        "%-32s %,10.0f %s/s  (%,d in %.1f s; process CPU %.1f us per record, broker included;"
            + " second half of the output: %,.0f/s)%n"
            + "%-32s CPU per record: task threads %.1f us, other Java threads %.1f us (broker,"
            + " clients, Flink), JVM %.1f us (collector, compilers)%n",
        name,
        measure.perSecond(),
        what,
        measure.records(),
        measure.seconds(),
        measure.cpu().processNanos() / 1e3 / measure.records(),
        measure.secondHalfPerSecond(),
        "",
        measure.cpu().taskNanos() / 1e3 / measure.records(),
        measure.cpu().otherJavaNanos() / 1e3 / measure.records(),
        measure.cpu().jvmNanos() / 1e3 / measure.records());
  }

  private static SimulationPublisher.Report fill(
      EmbeddedStack stack, SimulatorOptions options, FeatureTopics topics) throws Exception {
    return SimulatedEvents.publish(
        stack,
        options,
        topics.transactions(),
        topics.labels(),
        Pacing.asFastAsPossible(),
        Long.MAX_VALUE);
  }

  /** Output topics of one engine, appended with the broker's time. */
  private static FeatureTopics outputs(Admin admin, String engine, FeatureTopics inputs)
      throws Exception {
    FeatureTopics topics =
        new FeatureTopics(
            inputs.transactions(), inputs.labels(), engine + "-features", engine + "-late-events");
    // the dead letters of the inputs are shared; both engines write few (the input is valid)
    createTopics(admin, 1, true, topics.features(), topics.lateEvents());
    Set<String> existing = admin.listTopics().names().get();
    for (String dlq :
        List.of(
            topics.deadLetterTopic(topics.transactions()),
            topics.deadLetterTopic(topics.labels()))) {
      if (!existing.contains(dlq)) {
        createTopics(admin, 1, true, dlq);
      }
    }
    return topics;
  }

  private static void createTopics(Admin admin, int partitions, boolean appendTime, String... names)
      throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1);
      if (appendTime) {
        topic.configs(Map.of("message.timestamp.type", "LogAppendTime"));
      }
      topics.add(topic);
    }
    admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
  }

  private static StreamExecutionEnvironment flinkEnvironment(int parallelism) {
    Configuration configuration = new Configuration();
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    // the JobManager's in-memory checkpoint storage refuses states over 5 MB: the stage's keyed
    // state passes that within minutes, as it does under `streamlearn run` (FlinkRun)
    configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    try {
      configuration.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          Files.createTempDirectory("bench-flink-checkpoints").toUri().toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
  }

  /** The baseline: transactions read and written unchanged by a Flink job. */
  private static Measure mapJob(EmbeddedStack stack, Admin admin, String input, int parallelism)
      throws Exception {
    EarlierRounds.collect();
    String output = "map-output";
    createTopics(admin, 1, true, output);
    StreamExecutionEnvironment env = flinkEnvironment(parallelism);
    KafkaSource<byte[]> source =
        KafkaSource.<byte[]>builder()
            .setBootstrapServers(stack.bootstrapServers())
            .setGroupId("bench-map")
            .setTopics(input)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setDeserializer(
                KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
            .build();
    KafkaSink<byte[]> sink = rawSink(stack, output, null);
    MapFunction<byte[], byte[]> identity = value -> value;
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "map-source")
        .map(identity, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
        .sinkTo(sink);
    ThreadCpu cpu = ThreadCpu.start();
    env.execute("bench-map");
    return span(stack, output, cpu.stop());
  }

  /**
   * An at-least-once sink writing records' bytes as they are to {@code output}, with {@code
   * producer} settings when given (else the connector's).
   */
  private static KafkaSink<byte[]> rawSink(
      EmbeddedStack stack, String output, Properties producer) {
    KafkaSinkBuilder<byte[]> builder =
        KafkaSink.<byte[]>builder().setBootstrapServers(stack.bootstrapServers());
    if (producer != null) {
      builder.setKafkaProducerConfig(producer);
    }
    return builder
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<byte[]>builder()
                .setTopic(output)
                .setValueSerializationSchema(new RawBytes())
                .build())
        .build();
  }

  /**
   * The floor of any feature job with these topics: one source reads both inputs and, without
   * decoding anything, writes {@code vector} (a feature vector's bytes, the same for all) for each
   * transaction and nothing for a label, chained at parallelism 1 as in the single-task plan. What
   * it cannot exceed, no feature stage can. Its producer fills batches of the feature job's sink
   * size ({@link FeatureJob#SINK_BATCH_BYTES}) and compresses them as the job's sinks do ({@link
   * FeatureJob#SINK_COMPRESSION}) unless {@code bench.client} sets {@code batch.size} or {@code
   * compression.type}.
   */
  private static Measure floorJob(
      EmbeddedStack stack, Admin admin, FeatureTopics inputs, byte[] vector) throws Exception {
    EarlierRounds.collect();
    String output = "floor-output";
    createTopics(admin, 1, true, output);
    StreamExecutionEnvironment env = flinkEnvironment(1);
    String transactions = inputs.transactions();
    KafkaSource<byte[]> source =
        KafkaSource.<byte[]>builder()
            .setBootstrapServers(stack.bootstrapServers())
            .setGroupId("bench-floor")
            .setTopics(inputs.transactions(), inputs.labels())
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setDeserializer(new VectorPerTransaction(transactions, vector))
            .setProperties(asProperties(clientProperties()))
            .build();
    KafkaSink<byte[]> sink = rawSink(stack, output, floorProducer(stack));
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "floor-source").sinkTo(sink);
    ThreadCpu cpu = ThreadCpu.start();
    env.execute("bench-floor");
    return span(stack, output, cpu.stop());
  }

  /**
   * The feature job's sink settings ({@link FeatureJob#sinkProperties}) over {@code bench.client}.
   */
  private static Properties floorProducer(EmbeddedStack stack) {
    return FeatureJob.sinkProperties(
        new KafkaConnection(
            stack.bootstrapServers(),
            "bench-floor",
            clientProperties(),
            Map.of("schema.registry.url", stack.schemaRegistryUrl()),
            true),
        FeatureStageSettings.defaults());
  }

  /** For a transaction, the given bytes; for any other record, nothing. */
  private static final class VectorPerTransaction
      implements KafkaRecordDeserializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;
    private final String transactions;
    private final byte[] vector;

    VectorPerTransaction(String transactions, byte[] vector) {
      this.transactions = transactions;
      this.vector = vector.clone();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out) {
      if (record.topic().equals(transactions)) {
        out.collect(vector);
      }
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
      return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
  }

  /** The value of the middle record of {@code topic}'s first partition. */
  private static byte[] sampleRecord(EmbeddedStack stack, String topic) {
    Map<String, Object> properties =
        Map.of("bootstrap.servers", stack.bootstrapServers(), "group.id", "bench-sample-" + topic);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      consumer.seek(partition, end / 2);
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          return record.value();
        }
      }
    }
  }

  private static Measure flinkFeatures(
      EmbeddedStack stack, FeatureTopics topics, int parallelism, FeatureStageSettings settings)
      throws Exception {
    KafkaConnection kafka =
        new KafkaConnection(
                stack.bootstrapServers(),
                "bench-" + topics.features(),
                clientProperties(),
                Map.of("schema.registry.url", stack.schemaRegistryUrl()),
                false)
            .boundedAtStart();
    EarlierRounds.collect();
    ThreadCpu cpu = ThreadCpu.start();
    FeatureJob.onKafka(settings, topics, kafka).execute(flinkEnvironment(parallelism));
    return span(stack, topics.features(), cpu.stop());
  }

  private static Measure kafkaStreamsFeatures(
      EmbeddedStack stack, Admin admin, FeatureTopics topics, int threads) throws Exception {
    EarlierRounds.collect();
    FeatureStageSettings settings = FeatureStageSettings.defaults();
    Properties properties = new Properties();
    String application = "bench-kstreams-features";
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    properties.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-kstreams").toString());
    properties.put("auto.offset.reset", "earliest");
    properties.putAll(FeatureTopology.config(settings));
    ThreadCpu cpu = ThreadCpu.start();
    try (KafkaStreams streams =
        new KafkaStreams(
            FeatureTopology.build(
                settings,
                topics,
                Map.of("schema.registry.url", stack.schemaRegistryUrl()),
                new SimpleMeterRegistry()),
            properties)) {
      streams.start();
      awaitCaughtUp(admin, application);
      streams.close(Duration.ofSeconds(30));
    }
    return span(stack, topics.features(), cpu.stop());
  }

  /** Waits until the application has committed the end of every topic it reads. */
  private static void awaitCaughtUp(Admin admin, String application) throws Exception {
    int quiet = 0;
    while (quiet < 3) {
      TimeUnit.SECONDS.sleep(2);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(application).partitionsToOffsetAndMetadata().get();
      if (committed.isEmpty()) {
        continue;
      }
      Map<TopicPartition, OffsetSpec> latest =
          committed.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      boolean caughtUp =
          committed.entrySet().stream()
              .allMatch(e -> e.getValue().offset() >= ends.get(e.getKey()).offset());
      quiet = caughtUp ? quiet + 1 : 0;
    }
  }

  /** Writes values as they are. */
  private static final class RawBytes implements SerializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(byte[] value) {
      return value;
    }
  }

  /** Records of {@code topic} over the span between the appends of its first and last record. */
  private static Measure span(EmbeddedStack stack, String topic, ThreadCpu.Split cpu) {
    Map<String, Object> properties =
        Map.of(
            "bootstrap.servers",
            stack.bootstrapServers(),
            "group.id",
            "bench-span-" + topic,
            "max.poll.records",
            10_000);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long[] times = new long[(int) Math.min(end, Integer.MAX_VALUE - 8)];
      int count = 0;
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          times[count++] = record.timestamp();
        }
      }
      if (count == 0) {
        return new Measure(0, 1, cpu, 1);
      }
      long first = times[0];
      long middle = times[count / 2];
      long last = times[count - 1];
      return new Measure(
          count, Math.max(1, last - first) / 1000.0, cpu, Math.max(1, last - middle) / 1000.0);
    }
  }

  private static void lateAndDead(EmbeddedStack stack, FeatureTopics topics) {
    Map<String, Object> properties =
        Map.of("bootstrap.servers", stack.bootstrapServers(), "group.id", "bench-count");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition late = new TopicPartition(topics.lateEvents(), 0);
      TopicPartition deadTransactions =
          new TopicPartition(topics.deadLetterTopic(topics.transactions()), 0);
      TopicPartition deadLabels = new TopicPartition(topics.deadLetterTopic(topics.labels()), 0);
      Map<TopicPartition, Long> ends =
          consumer.endOffsets(List.of(late, deadTransactions, deadLabels));
      System.out.printf(
          "%-32s %,d late events (inputs later than the 1-hour lateness for their entity), %,d"
              + " dead letters so far (transactions and labels, both engines)%n",
          "", ends.get(late), ends.get(deadTransactions) + ends.get(deadLabels));
    }
  }
}
