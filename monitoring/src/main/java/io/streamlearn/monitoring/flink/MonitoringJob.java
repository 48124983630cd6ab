package io.streamlearn.monitoring.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.MonitoredPrediction;
import io.streamlearn.monitoring.avro.StageEvents;
import io.streamlearn.monitoring.core.stage.MonitoringPlan;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.core.stage.StageInput;
import io.streamlearn.platform.flink.AvroSerializationSchema;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The monitoring stage on Flink, taking its sources and sinks in the constructor (the caller plugs
 * in {@link #kafkaSource}, {@link #alertSink} and {@link #deadLetterSink}, or others in tests):
 *
 * <pre>
 * features ────► [observe features] ────┐
 * predictions ─► [observe predictions] ─┼─► keyBy(monitor) ─► [monitors] ─► alerts
 * labels ──────► [observe labels] ──────┘
 *            └── dead letters (side outputs) ─► &lt;topic&gt;.dlq
 * </pre>
 *
 * Event time is the records' own ({@link StageEvents}), with watermarks that trail the newest event
 * time by the allowed lateness and ignore partitions idle for the idleness. The observations and
 * monitors are the same as the Kafka Streams topology's ({@link ObserveFunction}, {@link
 * MonitorFunction}); a record that cannot be read goes to its dead-letter topic and the job goes
 * on.
 */
public final class MonitoringJob {

  private final MonitoringStageSettings settings;
  private final Source<Either<FeatureVector, DeadLetterRecord>, ?, ?> features;
  private final Source<Either<MonitoredPrediction, DeadLetterRecord>, ?, ?> predictions;
  private final Source<Either<Label, DeadLetterRecord>, ?, ?> labels;
  private final Sink<DriftAlert> alerts;
  private final Sink<DeadLetterRecord> deadLetters;

  /**
   * A job over the given sources and sinks. A source for a topic that no monitor reads may be null
   * (features without data-drift monitors, labels without label-rate monitors); predictions are
   * always read, for the latency.
   */
  public MonitoringJob(
      MonitoringStageSettings settings,
      Source<Either<FeatureVector, DeadLetterRecord>, ?, ?> features,
      Source<Either<MonitoredPrediction, DeadLetterRecord>, ?, ?> predictions,
      Source<Either<Label, DeadLetterRecord>, ?, ?> labels,
      Sink<DriftAlert> alerts,
      Sink<DeadLetterRecord> deadLetters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    MonitoringPlan plan = new MonitoringPlan(settings);
    if (plan.reads(StageInput.FEATURES) && features == null) {
      throw new IllegalArgumentException("data-drift monitors need the features source");
    }
    if (plan.reads(StageInput.LABELS) && labels == null) {
      throw new IllegalArgumentException("label-rate monitors need the labels source");
    }
    this.features = plan.reads(StageInput.FEATURES) ? features : null;
    this.predictions = Objects.requireNonNull(predictions, "predictions");
    this.labels = plan.reads(StageInput.LABELS) ? labels : null;
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /**
   * The job reading and writing Kafka.
   *
   * @param settings the stage settings
   * @param topics the topics
   * @param bootstrapServers the Kafka cluster
   * @param serdeConfig the Avro serde properties ({@code schema.registry.url}...)
   * @param groupId the consumer group of the sources
   */
  public static MonitoringJob onKafka(
      MonitoringStageSettings settings,
      MonitoringTopics topics,
      String bootstrapServers,
      Map<String, ?> serdeConfig,
      String groupId) {
    return onKafka(settings, topics, bootstrapServers, Map.of(), serdeConfig, groupId);
  }

  /**
   * The job reading and writing Kafka, with further Kafka client settings (SASL/SSL...) for every
   * source and sink.
   */
  public static MonitoringJob onKafka(
      MonitoringStageSettings settings,
      MonitoringTopics topics,
      String bootstrapServers,
      Map<String, String> clientProperties,
      Map<String, ?> serdeConfig,
      String groupId) {
    return new MonitoringJob(
        settings,
        kafkaSource(
            FeatureVector.class,
            topics.features(),
            bootstrapServers,
            clientProperties,
            serdeConfig,
            groupId),
        kafkaSource(
            MonitoredPrediction.class,
            topics.predictions(),
            bootstrapServers,
            clientProperties,
            serdeConfig,
            groupId),
        kafkaSource(
            Label.class, topics.labels(), bootstrapServers, clientProperties, serdeConfig, groupId),
        alertSink(topics.alerts(), bootstrapServers, clientProperties, serdeConfig),
        deadLetterSink(bootstrapServers, clientProperties));
  }

  /** Adds the job's operators to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    Duration lateness = Duration.ofMillis(settings.allowedLatenessMillis());
    Duration idleness = Duration.ofMillis(settings.idlenessMillis());
    SingleOutputStreamOperator<Tuple2<String, byte[]>> observations =
        observe(env, predictions, StageInput.PREDICTIONS, lateness, idleness);
    DataStream<Tuple2<String, byte[]>> merged = observations;
    DataStream<DeadLetterRecord> letters = observations.getSideOutput(ObserveFunction.DEAD_LETTERS);
    if (features != null) {
      SingleOutputStreamOperator<Tuple2<String, byte[]>> f =
          observe(env, features, StageInput.FEATURES, lateness, idleness);
      merged = merged.union(f);
      letters = letters.union(f.getSideOutput(ObserveFunction.DEAD_LETTERS));
    }
    if (labels != null) {
      SingleOutputStreamOperator<Tuple2<String, byte[]>> l =
          observe(env, labels, StageInput.LABELS, lateness, idleness);
      merged = merged.union(l);
      letters = letters.union(l.getSideOutput(ObserveFunction.DEAD_LETTERS));
    }
    merged
        .keyBy(o -> o.f0, Types.STRING)
        .process(new MonitorFunction(settings), SpecificAvroTypeInfo.forClass(DriftAlert.class))
        .name("monitoring: monitors")
        .uid("monitoring-monitors")
        .sinkTo(alerts)
        .name("monitoring: alerts")
        .uid("monitoring-alerts-sink");
    letters
        .sinkTo(deadLetters)
        .name("monitoring: dead letters")
        .uid("monitoring-dead-letters-sink");
  }

  /** Builds the job in {@code env} and runs it until it ends or fails. */
  public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
    build(env);
    return env.execute("streamlearn monitoring");
  }

  private <V> SingleOutputStreamOperator<Tuple2<String, byte[]>> observe(
      StreamExecutionEnvironment env,
      Source<Either<V, DeadLetterRecord>, ?, ?> source,
      StageInput input,
      Duration lateness,
      Duration idleness) {
    String name = input.name().toLowerCase(java.util.Locale.ROOT);
    WatermarkStrategy<Either<V, DeadLetterRecord>> watermarks =
        WatermarkStrategy.<Either<V, DeadLetterRecord>>forBoundedOutOfOrderness(lateness)
            .withTimestampAssigner(new EventTimeAssigner<V>(input))
            .withIdleness(idleness);
    return env.fromSource(source, watermarks, "monitoring: " + name + " source")
        .uid("monitoring-" + name + "-source")
        .process(
            new ObserveFunction<>(settings, input),
            new TupleTypeInfo<>(
                Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO))
        .name("monitoring: observe " + name)
        .uid("monitoring-observe-" + name);
  }

  /**
   * Event time of a record: its own ({@link StageEvents}). A dead letter has none: it is stamped
   * {@code Long.MIN_VALUE} so it never moves the watermark (a bad record stamped with the wall
   * clock would otherwise make every later event of its partition late); the dead letter keeps its
   * original timestamp inside.
   */
  private static final class EventTimeAssigner<V>
      implements SerializableTimestampAssigner<Either<V, DeadLetterRecord>> {
    private static final long serialVersionUID = 1L;
    private final StageInput input;

    EventTimeAssigner(StageInput input) {
      this.input = input;
    }

    @Override
    public long extractTimestamp(Either<V, DeadLetterRecord> element, long recordTimestamp) {
      if (element.isRight()) {
        return Long.MIN_VALUE;
      }
      Object value = element.left();
      switch (input) {
        case FEATURES:
          return StageEvents.eventTime((FeatureVector) value);
        case PREDICTIONS:
          return StageEvents.eventTime((MonitoredPrediction) value);
        default:
          return StageEvents.eventTime((Label) value);
      }
    }
  }

  /**
   * A Kafka source of a topic: from the group's committed offsets, or the earliest for a new group
   * (a restored job starts from its checkpoint's offsets).
   */
  public static <T extends SpecificRecordBase> KafkaSource<Either<T, DeadLetterRecord>> kafkaSource(
      Class<T> type,
      String topic,
      String bootstrapServers,
      Map<String, ?> serdeConfig,
      String groupId) {
    return kafkaSource(type, topic, bootstrapServers, Map.of(), serdeConfig, groupId);
  }

  /** As {@link #kafkaSource(Class, String, String, Map, String)}, with client settings. */
  @SuppressWarnings("deprecation") // the connector's only committed-else-earliest initializer
  public static <T extends SpecificRecordBase> KafkaSource<Either<T, DeadLetterRecord>> kafkaSource(
      Class<T> type,
      String topic,
      String bootstrapServers,
      Map<String, String> clientProperties,
      Map<String, ?> serdeConfig,
      String groupId) {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    return KafkaSource.<Either<T, DeadLetterRecord>>builder()
        .setBootstrapServers(bootstrapServers)
        .setProperties(properties)
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(
            OffsetsInitializer.committedOffsets(
                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setDeserializer(DeadLetteringDeserializationSchema.forSpecific(type, topic, serdeConfig))
        .build();
  }

  /**
   * The Kafka sink of alerts, at least once: key = monitor, value = {@link DriftAlert} in the wire
   * format. (For exactly once, build a {@code KafkaSink} with a transactional id prefix and pass it
   * to the constructor.)
   */
  public static KafkaSink<DriftAlert> alertSink(
      String topic, String bootstrapServers, Map<String, ?> serdeConfig) {
    return alertSink(topic, bootstrapServers, Map.of(), serdeConfig);
  }

  /** As {@link #alertSink(String, String, Map)}, with client settings. */
  public static KafkaSink<DriftAlert> alertSink(
      String topic,
      String bootstrapServers,
      Map<String, String> clientProperties,
      Map<String, ?> serdeConfig) {
    return KafkaSink.<DriftAlert>builder()
        .setBootstrapServers(bootstrapServers)
        .setKafkaProducerConfig(properties(clientProperties))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<DriftAlert>builder()
                .setTopic(topic)
                .setKeySerializationSchema(
                    alert -> alert.getMonitor().getBytes(StandardCharsets.UTF_8))
                .setValueSerializationSchema(AvroSerializationSchema.forTopic(topic, serdeConfig))
                .build())
        .build();
  }

  /** The Kafka sink of dead letters, at least once, each to the topic it names. */
  public static KafkaSink<DeadLetterRecord> deadLetterSink(String bootstrapServers) {
    return deadLetterSink(bootstrapServers, Map.of());
  }

  /** As {@link #deadLetterSink(String)}, with client settings. */
  public static KafkaSink<DeadLetterRecord> deadLetterSink(
      String bootstrapServers, Map<String, String> clientProperties) {
    return KafkaSink.<DeadLetterRecord>builder()
        .setBootstrapServers(bootstrapServers)
        .setKafkaProducerConfig(properties(clientProperties))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            (KafkaRecordSerializationSchema<DeadLetterRecord>)
                (letter, context, timestamp) -> letter.toProducerRecord())
        .build();
  }

  private static Properties properties(Map<String, String> clientProperties) {
    Properties properties = new Properties();
    properties.putAll(clientProperties);
    return properties;
  }
}
