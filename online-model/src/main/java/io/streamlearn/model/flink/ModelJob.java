package io.streamlearn.model.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorWireDecoder;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelEvent;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import io.streamlearn.platform.serde.WireDecoder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The model stage on Flink ({@code docs/SERVING.md}). It takes its sources and sinks in the
 * constructor; {@link #kafka} plugs in the Kafka ones.
 *
 * <pre>
 * features ─► decode ─► [score: broadcast state of snapshots] ─► predictions
 *                              ▲            │ scored events
 * model-snapshots ─► decode ─► broadcast    ▼
 * labels ─► decode ──────────────► [label join, keyed by transaction id, TTL timers]
 *                                           │ joined examples, keyed by model name
 *                                           ▼
 *                                       [trainer] ─► model-snapshots, model-events, alerts
 * any undecodable record ─► &lt;topic&gt;.dlq
 * </pre>
 *
 * Event time: features carry their event time, labels their label time, with watermarks bounded by
 * {@link #OUT_OF_ORDERNESS} and idle inputs ignored after {@link #IDLENESS}; the label join's
 * expiry follows them. Exactly-once comes from Flink's checkpoints and, when the guarantee asks for
 * it, transactional Kafka sinks (readers use {@code isolation.level=read_committed}).
 */
public final class ModelJob {

  /** How far an event may arrive behind the newest one without delaying the join's expiry. */
  public static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);

  /** How long an input may stay silent before the watermark moves on without it. */
  public static final Duration IDLENESS = Duration.ofSeconds(30);

  /** From the group's committed offsets, or the earliest at the first start. */
  @SuppressWarnings("deprecation") // the connector takes Kafka's deprecated OffsetResetStrategy
  private static final OffsetsInitializer FROM_COMMITTED =
      OffsetsInitializer.committedOffsets(
          org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);

  /** Where the job reads. */
  public record Sources(
      Source<RawRecord, ?, ?> features,
      Source<RawRecord, ?, ?> labels,
      Source<RawRecord, ?, ?> snapshots) {
    public Sources {
      Objects.requireNonNull(features, "features");
      Objects.requireNonNull(labels, "labels");
      Objects.requireNonNull(snapshots, "snapshots");
    }
  }

  /** Where the job writes. */
  public record Sinks(
      Sink<Prediction> predictions,
      Sink<ModelSnapshot> snapshots,
      Sink<ModelEvent> events,
      Sink<DriftAlert> alerts,
      Sink<DeadLetterRecord> deadLetters) {
    public Sinks {
      Objects.requireNonNull(predictions, "predictions");
      Objects.requireNonNull(snapshots, "snapshots");
      Objects.requireNonNull(events, "events");
      Objects.requireNonNull(alerts, "alerts");
      Objects.requireNonNull(deadLetters, "deadLetters");
    }
  }

  private final ModelStageSettings settings;
  private final Map<String, ?> serdeConfig;
  private final Sources sources;
  private final Sinks sinks;

  /**
   * @param settings the model section of the pipeline
   * @param serdeConfig the serde properties of the decoders ({@code schema.registry.url}, ...)
   * @param sources the raw records of {@code features}, {@code labels} and {@code model-snapshots}
   * @param sinks the outputs
   */
  public ModelJob(
      ModelStageSettings settings, Map<String, ?> serdeConfig, Sources sources, Sinks sinks) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.serdeConfig = Map.copyOf(serdeConfig);
    this.sources = sources;
    this.sinks = sinks;
  }

  /**
   * The job on Kafka: sources reading from the committed offsets of group {@code
   * streamlearn-model-<name>} (earliest at first start), and sinks with the given guarantee.
   *
   * @param bootstrapServers the brokers
   * @param serdeConfig the serde properties ({@code schema.registry.url}, ...)
   * @param guarantee {@code EXACTLY_ONCE} (transactional sinks, needs checkpointing) or {@code
   *     AT_LEAST_ONCE}
   */
  public static ModelJob kafka(
      ModelStageSettings settings,
      ModelTopics topics,
      String bootstrapServers,
      Map<String, ?> serdeConfig,
      DeliveryGuarantee guarantee) {
    return kafka(settings, topics, bootstrapServers, Map.of(), serdeConfig, guarantee);
  }

  /**
   * As {@link #kafka(ModelStageSettings, ModelTopics, String, Map, DeliveryGuarantee)}, with
   * further Kafka client settings (SASL/SSL...) for every source and sink.
   *
   * @param clientProperties settings of the Kafka consumers and producers, applied before the job's
   *     own
   */
  public static ModelJob kafka(
      ModelStageSettings settings,
      ModelTopics topics,
      String bootstrapServers,
      Map<String, String> clientProperties,
      Map<String, ?> serdeConfig,
      DeliveryGuarantee guarantee) {
    return new ModelJob(
        settings,
        serdeConfig,
        kafkaSources(settings, topics, bootstrapServers, clientProperties),
        kafkaSinks(settings, topics, bootstrapServers, clientProperties, serdeConfig, guarantee));
  }

  /**
   * The consumer group of the job's {@code features} and {@code labels} sources, under which they
   * commit their offsets on checkpoints: {@code streamlearn-model-<name>}.
   */
  public static String groupId(ModelStageSettings settings) {
    return "streamlearn-model-" + settings.name();
  }

  /**
   * Unbounded sources of raw records: {@code features} and {@code labels} from the committed
   * offsets of group {@code streamlearn-model-<name>} (earliest at the first start), {@code
   * model-snapshots} from the beginning; committed records only.
   */
  public static Sources kafkaSources(
      ModelStageSettings settings, ModelTopics topics, String bootstrapServers) {
    return kafkaSources(settings, topics, bootstrapServers, Map.of());
  }

  /** As {@link #kafkaSources(ModelStageSettings, ModelTopics, String)}, with client settings. */
  public static Sources kafkaSources(
      ModelStageSettings settings,
      ModelTopics topics,
      String bootstrapServers,
      Map<String, String> clientProperties) {
    String group = groupId(settings);
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    return new Sources(
        source(bootstrapServers, topics.features(), group, FROM_COMMITTED, properties),
        source(bootstrapServers, topics.labels(), group, FROM_COMMITTED, properties),
        source(
            bootstrapServers,
            topics.modelSnapshots(),
            group + "-snapshots",
            OffsetsInitializer.earliest(),
            properties));
  }

  /**
   * Kafka sinks of the outputs with {@code guarantee}; keys: transaction id (predictions), model
   * name (snapshots, events), monitor (alerts), the original key (dead letters).
   */
  public static Sinks kafkaSinks(
      ModelStageSettings settings,
      ModelTopics topics,
      String bootstrapServers,
      Map<String, ?> serdeConfig,
      DeliveryGuarantee guarantee) {
    return kafkaSinks(settings, topics, bootstrapServers, Map.of(), serdeConfig, guarantee);
  }

  /**
   * As {@link #kafkaSinks(ModelStageSettings, ModelTopics, String, Map, DeliveryGuarantee)}, with
   * client settings.
   */
  public static Sinks kafkaSinks(
      ModelStageSettings settings,
      ModelTopics topics,
      String bootstrapServers,
      Map<String, String> clientProperties,
      Map<String, ?> serdeConfig,
      DeliveryGuarantee guarantee) {
    return new Sinks(
        sink(
            bootstrapServers,
            clientProperties,
            guarantee,
            settings.name() + "-predictions",
            new KeyedAvroSerializationSchema<Prediction>(
                topics.predictions(), serdeConfig, Prediction::getTransactionId, null)),
        sink(
            bootstrapServers,
            snapshotProducer(clientProperties),
            guarantee,
            settings.name() + "-snapshots",
            new KeyedAvroSerializationSchema<ModelSnapshot>(
                topics.modelSnapshots(),
                serdeConfig,
                ModelSnapshot::getModelName,
                ModelAvroMapping::canonical)),
        sink(
            bootstrapServers,
            clientProperties,
            guarantee,
            settings.name() + "-events",
            new KeyedAvroSerializationSchema<ModelEvent>(
                topics.modelEvents(), serdeConfig, ModelEvent::getModelName, null)),
        sink(
            bootstrapServers,
            clientProperties,
            guarantee,
            settings.name() + "-alerts",
            new KeyedAvroSerializationSchema<DriftAlert>(
                topics.alerts(), serdeConfig, DriftAlert::getMonitor, null)),
        sink(
            bootstrapServers,
            clientProperties,
            guarantee,
            settings.name() + "-dlq",
            new DeadLetterSerializationSchema()));
  }

  /**
   * The settings of the snapshots' producer: {@code max.request.size} of {@link
   * ModelTopics#MAX_SNAPSHOT_BYTES} unless given (a forest's snapshot passes the default 1 MB).
   */
  static Map<String, String> snapshotProducer(Map<String, String> clientProperties) {
    Map<String, String> producer = new HashMap<>(clientProperties);
    producer.putIfAbsent("max.request.size", Integer.toString(ModelTopics.MAX_SNAPSHOT_BYTES));
    return producer;
  }

  /**
   * An unbounded source of the committed raw records of {@code topic}; the client settings are
   * applied first, so the job's own (servers, group) win.
   */
  private static KafkaSource<RawRecord> source(
      String servers,
      String topic,
      String group,
      OffsetsInitializer startingOffsets,
      Properties clientProperties) {
    return KafkaSource.<RawRecord>builder()
        .setProperties(clientProperties)
        .setBootstrapServers(servers)
        .setTopics(topic)
        .setGroupId(group)
        .setStartingOffsets(startingOffsets)
        .setDeserializer(new RawRecordDeserializationSchema())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  private static <T> KafkaSink<T> sink(
      String servers,
      Map<String, String> clientProperties,
      DeliveryGuarantee guarantee,
      String name,
      KafkaRecordSerializationSchema<T> schema) {
    Properties producer = new Properties();
    producer.putAll(clientProperties);
    // below the broker's transaction.max.timeout.ms (15 minutes by default)
    producer.setProperty("transaction.timeout.ms", "600000");
    return KafkaSink.<T>builder()
        .setBootstrapServers(servers)
        .setRecordSerializer(schema)
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix("streamlearn-model-" + name)
        .setKafkaProducerConfig(producer)
        .build();
  }

  /**
   * Adds the job's operators to {@code env}, with object reuse: the job's functions never change a
   * record they emitted nor keep one they received from a chained operator (the scorer keeps the
   * snapshots it receives over the network, which are new objects), so Flink need not copy each
   * prediction and scored event between chained operators. It is what the job ran with whenever the
   * feature job shares its environment (that job enables it too); now also alone.
   */
  public void addTo(StreamExecutionEnvironment env) {
    env.getConfig().enableObjectReuse();
    String model = settings.name();
    SingleOutputStreamOperator<FeatureVector> features =
        decode(
            env,
            sources.features(),
            FeatureVector.class,
            "features",
            FeatureVectorWireDecoder.INSTANCE,
            FeatureVectorSerializer.TYPE);
    SingleOutputStreamOperator<Label> labels = decode(env, sources.labels(), Label.class, "labels");
    SingleOutputStreamOperator<ModelSnapshot> snapshots =
        decode(env, sources.snapshots(), ModelSnapshot.class, "model-snapshots");

    BroadcastStream<ModelSnapshot> broadcast = snapshots.broadcast(ScoringFunction.SNAPSHOTS);
    SingleOutputStreamOperator<Prediction> predictions =
        features
            .connect(broadcast)
            .process(new ScoringFunction(settings), SpecificAvroTypeInfo.forClass(Prediction.class))
            .name("score")
            .uid("model-score");
    predictions.sinkTo(sinks.predictions()).name("predictions").uid("model-predictions-sink");

    DataStream<Tuple2<String, byte[]>> scored =
        predictions
            .getSideOutput(ScoringFunction.SCORED)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Tuple2<String, byte[]>>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                    .withIdleness(IDLENESS))
            .name("scored-watermarks")
            .uid("model-scored-watermarks");
    DataStream<Label> timedLabels =
        labels
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Label>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                    .withTimestampAssigner((l, ts) -> l.getLabelTime().toEpochMilli())
                    .withIdleness(IDLENESS))
            .name("label-watermarks")
            .uid("model-label-watermarks");

    SingleOutputStreamOperator<Tuple2<String, byte[]>> joined =
        scored
            .connect(timedLabels)
            .keyBy(s -> s.f0, Label::getTransactionId)
            .process(new LabelJoinFunction(settings), ScoringFunction.KEYED_BYTES)
            .name("label-join")
            .uid("model-label-join");

    SingleOutputStreamOperator<ModelSnapshot> published =
        joined
            .keyBy(j -> j.f0)
            .process(
                new TrainerFunction(settings), SpecificAvroTypeInfo.forClass(ModelSnapshot.class))
            .name("trainer " + model)
            .uid("model-trainer");
    published.sinkTo(sinks.snapshots()).name("model-snapshots").uid("model-snapshots-sink");
    published
        .getSideOutput(TrainerFunction.EVENTS)
        .sinkTo(sinks.events())
        .name("model-events")
        .uid("model-events-sink");
    published
        .getSideOutput(TrainerFunction.ALERTS)
        .sinkTo(sinks.alerts())
        .name("alerts")
        .uid("model-alerts-sink");

    features
        .getSideOutput(DecodeFunction.DEAD_LETTERS)
        .union(
            labels.getSideOutput(DecodeFunction.DEAD_LETTERS),
            snapshots.getSideOutput(DecodeFunction.DEAD_LETTERS))
        .sinkTo(sinks.deadLetters())
        .name("dead-letters")
        .uid("model-dead-letters-sink");
  }

  private <T extends SpecificRecord> SingleOutputStreamOperator<T> decode(
      StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, Class<T> type, String name) {
    return decode(env, source, type, name, null, SpecificAvroTypeInfo.forClass(type));
  }

  /**
   * As above, with a direct decoder of the records written with the compiled schema, and the
   * records' type information on their way to the next task.
   */
  private <T extends SpecificRecord> SingleOutputStreamOperator<T> decode(
      StreamExecutionEnvironment env,
      Source<RawRecord, ?, ?> source,
      Class<T> type,
      String name,
      WireDecoder<T> direct,
      TypeInformation<T> produced) {
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), name + "-source")
        .uid("model-" + name + "-source")
        .process(
            new DecodeFunction<>(type, serdeConfig, "flink:model/decode-" + name, direct), produced)
        .name("decode " + name)
        .uid("model-decode-" + name);
  }

  public ModelStageSettings settings() {
    return settings;
  }

  /**
   * Runs the fraud pipeline's model stage ({@link ModelStageSettings#fraud()}, default topic names)
   * on Kafka: {@code --bootstrap-servers HOST:PORT --schema-registry-url URL [--guarantee
   * at-least-once|exactly-once] [--checkpoint-interval 10s]}. The app's {@code streamlearn} command
   * runs the stage from a pipeline file; this is the job on its own.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected an option, got '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
    }
    String servers = required(options, "bootstrap-servers");
    String registry = required(options, "schema-registry-url");
    String guarantee = options.getOrDefault("guarantee", "at-least-once");
    DeliveryGuarantee delivery =
        switch (guarantee) {
          case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
          case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
          default ->
              throw new IllegalArgumentException(
                  "--guarantee must be at-least-once or exactly-once, got '" + guarantee + "'");
        };
    Duration interval =
        io.streamlearn.features.core.spec.DurationText.parse(
            options.getOrDefault("checkpoint-interval", "10s"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(interval.toMillis());
    ModelJob.kafka(
            ModelStageSettings.fraud(),
            ModelTopics.DEFAULTS,
            servers,
            Map.of("schema.registry.url", registry),
            delivery)
        .addTo(env);
    env.execute("streamlearn model stage");
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
