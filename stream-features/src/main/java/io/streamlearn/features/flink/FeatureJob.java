package io.streamlearn.features.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedTransaction;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The feature stage on Flink (docs/FEATURES.md, "The engine plan"), in the shape of the
 * flink-training jobs: it takes its sources and sinks in the constructor; {@link #onKafka} plugs in
 * the real Kafka ones and {@link #main} runs it from a pipeline file, locally or submitted with
 * {@code flink run}.
 *
 * <pre>
 * transactions ─► [admit] ─ keyBy customerId ─► [features-0-customerId] ─ keyBy terminalId ─►
 *     [features-1-terminalId] ─► [complete] ─► features sink
 *        │ side: to the label join                      ▲ outcomes keyBy terminalId
 * labels ─► [admit] ─► keyBy transactionId ─► [features-label-join]
 * every step ─ side: dead letters ─► dead-letter sink (late-events, &lt;topic&gt;.dlq)
 * </pre>
 *
 * Event time comes from the records (event time of a transaction, label time of a label) with
 * watermarks {@code allowedLateness} behind the newest time, idle partitions excluded after {@code
 * idleness}. Live sources are watermark-aligned only when {@code features.watermarkAlignment} asks
 * for it (off by default: docs/FEATURES.md, "Watermark alignment").
 */
public final class FeatureJob {

  /** The job name. */
  public static final String JOB_NAME = "streamlearn-features";

  /** The watermark alignment group of the job's sources. */
  static final String ALIGNMENT_GROUP = "streamlearn-features";

  /** How often aligned sources report their watermarks and are paused or resumed. */
  static final Duration ALIGNMENT_UPDATE_INTERVAL = Duration.ofSeconds(1);

  private final FeatureStageSettings settings;
  private final StageConfig config;
  private final FeatureStage stage;
  private final Source<SourceEvent, ?, ?> transactions;
  private final Source<SourceEvent, ?, ?> labels;
  private final Source<SourceEvent, ?, ?> inputs;
  private final Sink<FeatureVector> features;
  private final Sink<DeadLetterRecord> deadLetters;

  /**
   * @param transactions the transactions, decoded ({@link SourceEventDeserializationSchema})
   * @param labels the labels, decoded; not read when the spec has no target features
   * @param features where vectors go
   * @param deadLetters where late events and dead letters go (each names its topic)
   */
  public FeatureJob(
      FeatureStageSettings settings,
      FeatureTopics topics,
      Source<SourceEvent, ?, ?> transactions,
      Source<SourceEvent, ?, ?> labels,
      Sink<FeatureVector> features,
      Sink<DeadLetterRecord> deadLetters) {
    this(
        settings,
        topics,
        Objects.requireNonNull(transactions, "transactions"),
        Objects.requireNonNull(labels, "labels"),
        null,
        features,
        deadLetters);
  }

  /**
   * The job of the {@linkplain EnginePlan#SINGLE_TASK single-task plan} reading both inputs from
   * one source (one Kafka source subscribed to both topics: the operator then chains to it).
   *
   * @param inputs the transactions and the labels, decoded ({@link InputsDeserializationSchema})
   * @throws IllegalArgumentException when the settings' plan is not the single-task plan
   */
  public FeatureJob(
      FeatureStageSettings settings,
      FeatureTopics topics,
      Source<SourceEvent, ?, ?> inputs,
      Sink<FeatureVector> features,
      Sink<DeadLetterRecord> deadLetters) {
    this(
        settings,
        topics,
        null,
        null,
        Objects.requireNonNull(inputs, "inputs"),
        features,
        deadLetters);
    if (settings.plan() != EnginePlan.SINGLE_TASK) {
      throw new IllegalArgumentException(
          "one source of both inputs needs features.plan single-task, not "
              + settings.plan().label());
    }
  }

  private FeatureJob(
      FeatureStageSettings settings,
      FeatureTopics topics,
      Source<SourceEvent, ?, ?> transactions,
      Source<SourceEvent, ?, ?> labels,
      Source<SourceEvent, ?, ?> inputs,
      Sink<FeatureVector> features,
      Sink<DeadLetterRecord> deadLetters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.config = StageConfig.of(settings, topics);
    this.stage = new FeatureStage(settings, topics);
    this.transactions = transactions;
    this.labels = labels;
    this.inputs = inputs;
    this.features = Objects.requireNonNull(features, "features");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /** The job reading and writing the Kafka topics of {@code topics}. */
  public static FeatureJob onKafka(
      FeatureStageSettings settings, FeatureTopics topics, KafkaConnection kafka) {
    ValidationRules rules = ValidationRules.DEFAULTS;
    SourceEventDeserializationSchema<?> transactionRecords =
        SourceEventDeserializationSchema.transactions(
            topics.transactions(), kafka.serdeConfig(), rules);
    SourceEventDeserializationSchema<?> labelRecords =
        SourceEventDeserializationSchema.labels(topics.labels(), kafka.serdeConfig(), rules);
    Sink<FeatureVector> features =
        sink(
            kafka,
            settings,
            "features",
            new FeatureVectorSerializationSchema(topics.features(), kafka.serdeConfig()));
    Sink<DeadLetterRecord> deadLetters =
        sink(kafka, settings, "dead-letters", new DeadLetterSerializationSchema());
    if (settings.plan() == EnginePlan.SINGLE_TASK) {
      boolean joined = new FeatureStage(settings, topics).needsLabelJoin();
      return new FeatureJob(
          settings,
          topics,
          source(
              kafka,
              settings,
              joined
                  ? List.of(topics.transactions(), topics.labels())
                  : List.of(topics.transactions()),
              new InputsDeserializationSchema(
                  topics.transactions(), transactionRecords, labelRecords)),
          features,
          deadLetters);
    }
    return new FeatureJob(
        settings,
        topics,
        source(kafka, settings, List.of(topics.transactions()), transactionRecords),
        source(kafka, settings, List.of(topics.labels()), labelRecords),
        features,
        deadLetters);
  }

  /**
   * The job of a pipeline file: its {@code features:} and {@code topics:} sections and its {@code
   * guarantee} (docs/PIPELINE.md).
   */
  public static FeatureJob fromPipeline(Map<String, ?> pipeline, KafkaConnection kafka) {
    Object topics = pipeline == null ? null : pipeline.get("topics");
    if (topics != null && !(topics instanceof Map)) {
      throw new IllegalArgumentException("topics must be a mapping of topic names");
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> topicSection = (Map<String, ?>) topics;
    return onKafka(
        FeatureStageSettings.fromPipeline(pipeline), FeatureTopics.fromMap(topicSection), kafka);
  }

  /**
   * Runs the job: {@code --pipeline FILE} (optional; the defaults otherwise), {@code
   * --bootstrap-servers} and {@code --schema-registry-url} (or the environment variables {@code
   * STREAMLEARN_BOOTSTRAP_SERVERS}, {@code STREAMLEARN_SCHEMA_REGISTRY_URL}), {@code --group-id}.
   * In the Flink client ({@code flink run}) the job goes to the cluster; elsewhere it runs on a
   * local MiniCluster.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Map<String, Object> pipeline = new LinkedHashMap<>();
    if (options.containsKey("pipeline")) {
      pipeline = readPipeline(Path.of(options.get("pipeline")));
    }
    String bootstrap =
        required(options, "bootstrap-servers", System.getenv("STREAMLEARN_BOOTSTRAP_SERVERS"));
    String registry =
        required(options, "schema-registry-url", System.getenv("STREAMLEARN_SCHEMA_REGISTRY_URL"));
    KafkaConnection kafka =
        KafkaConnection.of(bootstrap, registry)
            .withGroupId(options.getOrDefault("group-id", KafkaConnection.DEFAULT_GROUP_ID));
    FeatureJob job = fromPipeline(pipeline, kafka);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    job.addTo(env);
    env.execute(JOB_NAME);
  }

  /**
   * Adds the job's operators to {@code env}, enabling checkpoints at the settings' interval (in
   * exactly-once mode under the exactly-once guarantee) and object reuse (the job's records are
   * immutable).
   */
  public void addTo(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse();
    if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
      env.enableCheckpointing(
          settings.checkpointInterval().toMillis(),
          settings.guarantee() == Guarantee.EXACTLY_ONCE
              ? CheckpointingMode.EXACTLY_ONCE
              : CheckpointingMode.AT_LEAST_ONCE);
    }
    // Alignment is for live sources only: when an aligned Kafka split of a bounded source
    // finishes, the connector (5.0.0-2.2) may pause or resume the partition it has just
    // unassigned and fail the job with "No current assignment for partition" (FLINK-39728, fixed
    // after that release). A bounded input is read to its end anyway.
    boolean bounded =
        inputs != null
            ? inputs.getBoundedness() == Boundedness.BOUNDED
            : transactions.getBoundedness() == Boundedness.BOUNDED
                || labels.getBoundedness() == Boundedness.BOUNDED;
    WatermarkStrategy<SourceEvent> watermarks = watermarks(settings, bounded);
    if (settings.plan() == EnginePlan.SINGLE_TASK) {
      addSingleTask(env, watermarks);
      return;
    }
    List<DataStream<DeadLetterRecord>> dead = new ArrayList<>();

    SingleOutputStreamOperator<StageMessage> admitted =
        env.fromSource(transactions, watermarks, "features-transactions", StageTypes.SOURCE_EVENTS)
            .uid("features-transactions")
            .process(new AdmitInputs(config), StageTypes.STAGE_MESSAGES)
            .name("features-admit-transactions")
            .uid("features-admit-transactions");
    dead.add(admitted.getSideOutput(SideOutputs.DEAD_LETTERS));

    DataStream<StageMessage> outcomes = null;
    if (stage.needsLabelJoin()) {
      SingleOutputStreamOperator<StageMessage> admittedLabels =
          env.fromSource(labels, watermarks, "features-labels", StageTypes.SOURCE_EVENTS)
              .uid("features-labels")
              .process(new AdmitInputs(config), StageTypes.STAGE_MESSAGES)
              .name("features-admit-labels")
              .uid("features-admit-labels");
      dead.add(admittedLabels.getSideOutput(SideOutputs.DEAD_LETTERS));
      SingleOutputStreamOperator<StageMessage> joined =
          admitted
              .getSideOutput(SideOutputs.TO_LABEL_JOIN)
              .union(admittedLabels.getSideOutput(SideOutputs.TO_LABEL_JOIN))
              .keyBy(StageMessage::transactionId, Types.STRING)
              .process(new LabelJoinFunction(config), StageTypes.STAGE_MESSAGES)
              .name("features-label-join")
              .uid("features-label-join");
      dead.add(joined.getSideOutput(SideOutputs.DEAD_LETTERS));
      outcomes = joined;
    }

    DataStream<StageMessage> flowing = admitted;
    for (int index = 0; index < stage.entityStages(); index++) {
      DataStream<StageMessage> input = flowing;
      if (stage.hasTargets(index)) {
        int target = index;
        input =
            input.union(
                outcomes
                    .filter(message -> ((RoutedOutcome) message).stage() == target)
                    .name("features-outcomes-for-" + index)
                    .uid("features-outcomes-for-" + index));
      }
      String name = "features-" + index + "-" + stage.entityKey(index);
      SingleOutputStreamOperator<StageMessage> staged =
          input
              .keyBy(new EntityKey(config, index), Types.STRING)
              .process(new EntityStageFunction(config, index), StageTypes.STAGE_MESSAGES)
              .name(name)
              .uid(name);
      dead.add(staged.getSideOutput(SideOutputs.DEAD_LETTERS));
      flowing = staged;
    }

    SingleOutputStreamOperator<FeatureVector> vectors =
        flowing
            .process(
                new CompleteVectors(config), SpecificAvroTypeInfo.forClass(FeatureVector.class))
            .name("features-complete")
            .uid("features-complete");
    dead.add(vectors.getSideOutput(SideOutputs.DEAD_LETTERS));
    vectors.sinkTo(features).name("features-sink").uid("features-sink");

    DataStream<DeadLetterRecord> letters = dead.get(0);
    for (int i = 1; i < dead.size(); i++) {
      letters = letters.union(dead.get(i));
    }
    letters.sinkTo(deadLetters).name("features-dead-letter-sink").uid("features-dead-letter-sink");
  }

  /**
   * The single-task plan: the inputs, read by one source task (or two, unioned, when the job was
   * given one source per input), go through one {@link SingleTaskOperator} at parallelism 1,
   * chained to the source and the sinks.
   */
  private void addSingleTask(StreamExecutionEnvironment env, WatermarkStrategy<SourceEvent> marks) {
    DataStream<SourceEvent> events;
    if (inputs != null) {
      events =
          env.fromSource(inputs, marks, "features-inputs", StageTypes.SOURCE_EVENTS)
              .uid("features-inputs")
              .setParallelism(1);
    } else {
      events =
          env.fromSource(transactions, marks, "features-transactions", StageTypes.SOURCE_EVENTS)
              .uid("features-transactions")
              .setParallelism(1);
      if (stage.needsLabelJoin()) {
        events =
            events.union(
                env.fromSource(labels, marks, "features-labels", StageTypes.SOURCE_EVENTS)
                    .uid("features-labels")
                    .setParallelism(1));
      }
    }
    SingleOutputStreamOperator<FeatureVector> vectors =
        events
            .transform(
                "features-single-task",
                SpecificAvroTypeInfo.forClass(FeatureVector.class),
                new SingleTaskOperator(config))
            .uid("features-single-task")
            .setParallelism(1)
            .setMaxParallelism(1);
    vectors.sinkTo(features).name("features-sink").uid("features-sink").setParallelism(1);
    vectors
        .getSideOutput(SideOutputs.DEAD_LETTERS)
        .sinkTo(deadLetters)
        .name("features-dead-letter-sink")
        .uid("features-dead-letter-sink")
        .setParallelism(1);
  }

  /** Adds the job to {@code env} and runs it until it ends. */
  public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
    addTo(env);
    return env.execute(JOB_NAME);
  }

  /**
   * Watermarks {@code allowedLateness} behind the newest event time of each source partition, idle
   * partitions excluded after {@code idleness}.
   */
  static WatermarkStrategy<SourceEvent> watermarks(FeatureStageSettings settings) {
    return WatermarkStrategy.<SourceEvent>forBoundedOutOfOrderness(settings.allowedLateness())
        .withTimestampAssigner((event, recordTimestamp) -> event.eventTimeOrMin())
        .withIdleness(settings.idleness());
  }

  /**
   * The watermarks of the job's sources: aligned ({@link #alignedWatermarks}) when the settings ask
   * for it and the sources are live, else {@link #watermarks(FeatureStageSettings)}.
   */
  static WatermarkStrategy<SourceEvent> watermarks(FeatureStageSettings settings, boolean bounded) {
    return settings.alignsWatermarks() && !bounded
        ? alignedWatermarks(settings)
        : watermarks(settings);
  }

  /**
   * As {@link #watermarks(FeatureStageSettings)}, with the sources and their splits aligned: one
   * whose watermark runs more than {@code watermarkAlignment} ahead of the slowest is paused,
   * checked every second.
   */
  static WatermarkStrategy<SourceEvent> alignedWatermarks(FeatureStageSettings settings) {
    return watermarks(settings)
        .withWatermarkAlignment(
            ALIGNMENT_GROUP, settings.watermarkAlignment(), ALIGNMENT_UPDATE_INTERVAL);
  }

  /** The key of entity stage {@code index}: the entity id of a transaction or an outcome. */
  static final class EntityKey implements KeySelector<StageMessage, String> {
    private static final long serialVersionUID = 1L;
    private final StageConfig config;
    private final int index;
    private transient FeatureStage stage;

    EntityKey(StageConfig config, int index) {
      this.config = config;
      this.index = index;
    }

    @Override
    public String getKey(StageMessage message) {
      if (message instanceof RoutedOutcome outcome) {
        return outcome.entityId();
      }
      if (stage == null) {
        stage = config.compile();
      }
      return stage.routingKey((StagedTransaction) message, index);
    }
  }

  @SuppressWarnings("deprecation") // the connector takes Kafka's reset strategy enum
  private static KafkaSource<SourceEvent> source(
      KafkaConnection kafka,
      FeatureStageSettings settings,
      List<String> topics,
      KafkaRecordDeserializationSchema<SourceEvent> deserializer) {
    Properties properties = new Properties();
    properties.putAll(kafka.clientProperties());
    if (settings.guarantee() == Guarantee.EXACTLY_ONCE) {
      properties.putIfAbsent("isolation.level", "read_committed");
    }
    var builder =
        KafkaSource.<SourceEvent>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setGroupId(kafka.groupId())
            .setTopics(topics)
            .setClientIdPrefix(kafka.groupId() + "-" + String.join("-", topics))
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(deserializer)
            .setProperties(properties);
    if (kafka.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /**
   * The size of the batches the sinks' producers fill ({@code batch.size}), unless the connection's
   * client properties set one. A feature vector is about 600 bytes (its feature names included), so
   * Kafka's default of 16 KB filled a batch per 26 vectors; with 256 KB the single-task job cost a
   * fifth to a third less process CPU per transaction in our runs, and a job that only copies bytes
   * of that size from both inputs moved 2.6 times as many (docs/BENCHMARKS.md, "Features: end to
   * end on both engines"). A batch that is not full still leaves after the producer's {@code
   * linger.ms} (5 ms by default), so a slow stream waits no longer.
   */
  public static final int SINK_BATCH_BYTES = 256 * 1024;

  /**
   * The compression of the sinks' batches ({@code compression.type}), unless the connection's
   * client properties set one. A feature vector carries its fifteen feature names, the same in
   * every vector, which lz4 takes out of the batch: the broker, the producer's I/O thread and every
   * reader of {@code features} then move a fraction of the bytes. The single-task job gave 74,000
   * vectors a second with it against 62,000 to 65,000 without, at 26 against 30 to 31 µs of process
   * CPU per transaction (docs/BENCHMARKS.md, "Features: end to end on both engines").
   */
  public static final String SINK_COMPRESSION = "lz4";

  /** The sinks' producer properties: the connection's client properties, then the job's own. */
  public static Properties sinkProperties(KafkaConnection kafka, FeatureStageSettings settings) {
    Properties properties = new Properties();
    properties.putAll(kafka.clientProperties());
    properties.putIfAbsent("batch.size", Integer.toString(SINK_BATCH_BYTES));
    properties.putIfAbsent("compression.type", SINK_COMPRESSION);
    if (settings.guarantee() == Guarantee.EXACTLY_ONCE) {
      // within the broker's default transaction.max.timeout.ms (15 minutes)
      properties.putIfAbsent("transaction.timeout.ms", "900000");
    }
    return properties;
  }

  private static <T> KafkaSink<T> sink(
      KafkaConnection kafka,
      FeatureStageSettings settings,
      String name,
      KafkaRecordSerializationSchema<T> serializer) {
    Properties properties = sinkProperties(kafka, settings);
    boolean exactlyOnce = settings.guarantee() == Guarantee.EXACTLY_ONCE;
    return KafkaSink.<T>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setRecordSerializer(serializer)
        .setKafkaProducerConfig(properties)
        .setDeliveryGuarantee(
            exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
        .setTransactionalIdPrefix(kafka.groupId() + "-" + name)
        .build();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "usage: FeatureJob [--pipeline FILE] [--bootstrap-servers HOSTS]"
                + " [--schema-registry-url URL] [--group-id GROUP]; got '"
                + arg
                + "'");
      }
      options.put(arg.substring(2), args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name, String fallback) {
    String value = options.getOrDefault(name, fallback);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readPipeline(Path file) throws IOException {
    Object parsed =
        new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Map.class);
    if (!(parsed instanceof Map)) {
      throw new IllegalArgumentException(file + " is not a pipeline file (a YAML mapping)");
    }
    return (Map<String, Object>) parsed;
  }
}
