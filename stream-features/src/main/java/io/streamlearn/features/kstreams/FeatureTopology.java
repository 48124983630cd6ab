package io.streamlearn.features.kstreams;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.EnginePlan;
import io.streamlearn.features.stage.FeatureMetrics;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The feature stage on Kafka Streams, as a pure function of its settings (docs/FEATURES.md, "The
 * engine plan"):
 *
 * <pre>
 * transactions, labels ─► [features-ingest: decode, validate, event part, label join]
 *     │ transactions by customerId          │ outcomes by terminalId
 *     ▼                                     ▼
 * [features-0-customerId] ─ by terminalId ─► [features-1-terminalId] ─► features
 * </pre>
 *
 * One sub-topology per entity key of the spec, in the spec's order, each reading a repartition
 * topic keyed by that entity's id: a transaction's partial vectors are collected on its way, so a
 * transaction crosses one repartition topic per entity key and no join by transaction id is needed
 * at the end. The label join runs on the input partitions (both inputs are keyed by transaction id)
 * and sends each outcome to the stages of the target entities. Late inputs go to {@code
 * late-events}, unusable ones to {@code <topic>.dlq}, from whichever processor finds them.
 *
 * <p>State: the core's byte states in changelogged RocksDB key-value stores, one per entity key
 * ({@value #STORE_PREFIX}{@code <i>-<key>-state}), with a time-ordered expiry index each, and the
 * label join's. Starting and stopping {@code KafkaStreams} is the caller's; {@link #config} gives
 * the properties the settings ask for.
 */
public final class FeatureTopology {

  /** Prefix of the topology's store, processor and repartition names. */
  public static final String STORE_PREFIX = "features-";

  /** The label join's store: transaction id to {@code JoinEntry} bytes. */
  public static final String LABEL_JOIN_STORE = "features-label-join";

  /** The label join's expiry index. */
  public static final String LABEL_JOIN_EXPIRY_STORE = "features-label-join-expiry";

  /** The label join's buffer in on-watermark mode: inputs waiting for stream time to pass them. */
  public static final String LABEL_JOIN_BUFFER_STORE = "features-label-join-buffer";

  /** How often (in stream time) the processors look for expired state. */
  static final Duration EXPIRY_SCAN_INTERVAL = Duration.ofMinutes(1);

  private FeatureTopology() {}

  /**
   * The topology, with its {@code streamlearn_records_total} counters in {@code registry}.
   *
   * @param settings the stage settings
   * @param topics the topics read and written
   * @param serdeConfig the Avro serde properties ({@code schema.registry.url}, credentials...)
   * @param registry where the stage's meters go
   */
  public static Topology build(
      FeatureStageSettings settings,
      FeatureTopics topics,
      Map<String, ?> serdeConfig,
      MeterRegistry registry) {
    return build(settings, topics, serdeConfig, new MicrometerFeatureMetrics(registry));
  }

  /** The topology with RocksDB stores, counting its records in {@code metrics}. */
  public static Topology build(
      FeatureStageSettings settings,
      FeatureTopics topics,
      Map<String, ?> serdeConfig,
      FeatureMetrics metrics) {
    return build(settings, topics, serdeConfig, metrics, StateStoreType.ROCKSDB);
  }

  /** The topology with stores of {@code storeType}, counting its records in {@code metrics}. */
  public static Topology build(
      FeatureStageSettings settings,
      FeatureTopics topics,
      Map<String, ?> serdeConfig,
      FeatureMetrics metrics,
      StateStoreType storeType) {
    if (settings.plan() != EnginePlan.KEYED) {
      throw new IllegalArgumentException(
          "features.plan "
              + settings.plan().label()
              + " runs on Flink only; Kafka Streams runs the keyed plan");
    }
    FeatureStage stage = new FeatureStage(settings, topics);
    ValidationRules rules = ValidationRules.DEFAULTS;
    StreamsBuilder builder = new StreamsBuilder();
    Serde<FeatureVector> vectors =
        AvroSerde.specific(FeatureVector.class).configured(serdeConfig, false);

    List<String> joinStores = new ArrayList<>();
    if (stage.needsLabelJoin()) {
      builder.addStateStore(store(LABEL_JOIN_STORE, Serdes.String(), true, storeType));
      builder.addStateStore(store(LABEL_JOIN_EXPIRY_STORE, Serdes.Bytes(), false, storeType));
      joinStores.add(LABEL_JOIN_STORE);
      joinStores.add(LABEL_JOIN_EXPIRY_STORE);
      if (settings.emitMode() == EmitMode.ON_WATERMARK) {
        builder.addStateStore(store(LABEL_JOIN_BUFFER_STORE, Serdes.Bytes(), false, storeType));
        joinStores.add(LABEL_JOIN_BUFFER_STORE);
      }
    }
    List<String> inputs =
        stage.needsLabelJoin()
            ? List.of(topics.transactions(), topics.labels())
            : List.of(topics.transactions());
    KStream<byte[], byte[]> records =
        builder.stream(
            inputs,
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withTimestampExtractor(new RecordTimestamps())
                .withName(STORE_PREFIX + "inputs"));
    KStream<String, StageOutput> ingested =
        records.process(
            () -> new IngestProcessor(stage, serdeConfig, rules, metrics, EXPIRY_SCAN_INTERVAL),
            Named.as(STORE_PREFIX + "ingest"),
            joinStores.toArray(new String[0]));

    Map<Integer, List<KStream<String, StageMessage>>> stageInputs = new TreeMap<>();
    route(stage, ingested, STORE_PREFIX + "ingest", 0, true, stageInputs, vectors);
    for (int index = 0; index < stage.entityStages(); index++) {
      List<String> stores = new ArrayList<>();
      stores.add(stateStore(stage, index));
      stores.add(expiryStore(stage, index));
      builder.addStateStore(store(stateStore(stage, index), Serdes.String(), true, storeType));
      builder.addStateStore(store(expiryStore(stage, index), Serdes.Bytes(), false, storeType));
      if (settings.emitMode() == EmitMode.ON_WATERMARK) {
        builder.addStateStore(store(bufferStore(stage, index), Serdes.Bytes(), false, storeType));
        stores.add(bufferStore(stage, index));
      }
      KStream<String, StageMessage> input = null;
      for (KStream<String, StageMessage> part : stageInputs.getOrDefault(index, List.of())) {
        input = input == null ? part : input.merge(part);
      }
      if (input == null) {
        throw new IllegalStateException("entity stage " + index + " has no input");
      }
      int current = index;
      KStream<String, StageOutput> output =
          input.process(
              () -> new EntityStageProcessor(stage, current, metrics, EXPIRY_SCAN_INTERVAL),
              Named.as(stageName(stage, index)),
              stores.toArray(new String[0]));
      route(
          stage,
          output,
          stageName(stage, index),
          index + 1 < stage.entityStages() ? index + 1 : -1,
          false,
          stageInputs,
          vectors);
    }
    return builder.build();
  }

  /** How long a task waits for an input with nothing buffered before it processes the others. */
  public static final Duration MAX_TASK_IDLE = Duration.ofMillis(500);

  /**
   * How long the stage's producers wait to fill a batch ({@code linger.ms}), for its repartition
   * topics and its outputs alike. Kafka Streams sets 100 ms for its producers, and a transaction
   * passes through a repartition topic per entity key (customer, then terminal) before its vector
   * is written: at a few thousand transactions a second, where batches do not fill in 100 ms, it
   * waited for the linger at each. 5 ms is the Kafka 4 producer default, and what the model stage
   * uses ({@code ModelTopology.PRODUCER_LINGER_MS}).
   */
  public static final int PRODUCER_LINGER_MS = 5;

  /**
   * The Kafka Streams properties the settings ask for: the processing guarantee ({@code
   * exactly_once_v2} for {@link Guarantee#EXACTLY_ONCE}), {@link #MAX_TASK_IDLE} and the producers'
   * {@link #PRODUCER_LINGER_MS}.
   */
  public static Map<String, Object> config(FeatureStageSettings settings) {
    return Map.of(
        StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
        PRODUCER_LINGER_MS,
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        settings.guarantee() == Guarantee.EXACTLY_ONCE
            ? StreamsConfig.EXACTLY_ONCE_V2
            : StreamsConfig.AT_LEAST_ONCE,
        // An entity stage reads two repartition topics (transactions from the previous stage,
        // joined labels from the ingest step) and must take them in timestamp order: a label
        // applied after a transaction of the same or a later time does not count for it. With
        // the default 0, a task whose one input has nothing buffered yet processes the other
        // (the label's hop is shorter, but not always faster), and on-arrival vectors differed
        // from the reference now and then (FeatureParityIT). Waiting up to this long for the
        // empty input costs latency only when one input is idle.
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
        MAX_TASK_IDLE.toMillis());
  }

  /**
   * Sends what {@code output} forwards to the sinks and to the entity stages' inputs.
   *
   * @param transactionsTo the entity stage the output's transactions go to, or -1 for the last
   *     stage, whose output is feature vectors
   * @param outcomes true for the label join's output, which carries outcomes to target entities
   */
  private static void route(
      FeatureStage stage,
      KStream<String, StageOutput> output,
      String from,
      int transactionsTo,
      boolean outcomes,
      Map<Integer, List<KStream<String, StageMessage>>> stageInputs,
      Serde<FeatureVector> vectors) {
    output
        .filter((key, value) -> value instanceof StageOutput.ToDeadLetter, Named.as(from + "-dlq"))
        .process(DeadLetterForwarder::new, Named.as(from + "-dlq-records"))
        .to(
            (key, letter, context) -> letter.topic(),
            Produced.with(Serdes.ByteArray(), deadLetterValues()).withName(from + "-dlq-sink"));
    if (transactionsTo < 0) {
      output
          .filter(
              (key, value) -> value instanceof StageOutput.ToFeatures, Named.as(from + "-vectors"))
          .mapValues(value -> ((StageOutput.ToFeatures) value).vector(), Named.as(from + "-avro"))
          .to(
              stage.topics().features(),
              Produced.with(Serdes.String(), vectors).withName(from + "-features-sink"));
    } else {
      stageInputs
          .computeIfAbsent(transactionsTo, ignored -> new ArrayList<>())
          .add(toStage(output, from, stage, transactionsTo, "transactions"));
    }
    if (outcomes) {
      for (int index = 0; index < stage.entityStages(); index++) {
        if (stage.hasTargets(index)) {
          stageInputs
              .computeIfAbsent(index, ignored -> new ArrayList<>())
              .add(toStage(output, from, stage, index, "outcomes"));
        }
      }
    }
  }

  /** The transactions or outcomes {@code output} sends to stage {@code index}, repartitioned. */
  private static KStream<String, StageMessage> toStage(
      KStream<String, StageOutput> output,
      String from,
      FeatureStage stage,
      int index,
      String what) {
    boolean transactions = what.equals("transactions");
    String name = from + "-to-" + index + "-" + what;
    return output
        .filter(
            (key, value) ->
                value instanceof StageOutput.ToEntity entity
                    && (transactions ? entity.isTransactionFor(index) : entity.isOutcomeFor(index)),
            Named.as(name))
        .mapValues(value -> ((StageOutput.ToEntity) value).message(), Named.as(name + "-messages"))
        .repartition(
            Repartitioned.with(Serdes.String(), new StageMessageSerde())
                .withName(stageName(stage, index) + "-" + what));
  }

  private static Serde<DeadLetterRecord> deadLetterValues() {
    return Serdes.serdeFrom(
        (topic, letter) -> letter == null ? null : letter.value(),
        (topic, bytes) -> {
          throw new UnsupportedOperationException("dead letters are only written");
        });
  }

  private static <K> StoreBuilder<KeyValueStore<K, byte[]>> store(
      String name, Serde<K> keys, boolean cached, StateStoreType type) {
    StoreBuilder<KeyValueStore<K, byte[]>> builder =
        Stores.keyValueStoreBuilder(
            type == StateStoreType.ROCKSDB
                ? Stores.persistentKeyValueStore(name)
                : Stores.inMemoryKeyValueStore(name),
            keys,
            Serdes.ByteArray());
    return cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
  }

  static String stageName(FeatureStage stage, int index) {
    return STORE_PREFIX + index + "-" + stage.entityKey(index).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** The store of entity stage {@code index}: entity id to the core's state bytes. */
  public static String stateStore(FeatureStage stage, int index) {
    return stageName(stage, index) + "-state";
  }

  static String expiryStore(FeatureStage stage, int index) {
    return stageName(stage, index) + "-expiry";
  }

  static String bufferStore(FeatureStage stage, int index) {
    return stageName(stage, index) + "-buffer";
  }
}
