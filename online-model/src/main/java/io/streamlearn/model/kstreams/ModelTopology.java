package io.streamlearn.model.kstreams;

import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ModelTopics;
import io.streamlearn.model.metrics.ModelStageMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model stage on Kafka Streams ({@code docs/SERVING.md}), a pure function of its settings:
 *
 * <pre>
 * features ─► [score: latest snapshot from the global store] ─┬─► predictions
 *                                                              └─► [label join by transaction id] ◄── labels
 *                                                                     │ joined examples, keyed by model name
 *                                                                     ▼ (internal topic, one partition)
 *   model-snapshots ──► global store                           [trainer] ─► model-snapshots, model-events, alerts
 * </pre>
 *
 * Scorers run in parallel, one per {@code features} partition. {@code features} and {@code labels}
 * must be co-partitioned (same partition count, keyed by transaction id with the default
 * partitioner). Stores: {@value #JOIN_STORE} (label join; its index by expiry time is in memory,
 * rebuilt from the store when a task starts), {@value #CHECKPOINT_STORE} and {@value #LOG_STORE}
 * (trainer), all with changelogs; the global {@value #SNAPSHOT_STORE}. The label join's store is
 * RocksDB (30 days of scored events); the trainer's are in memory (a checkpoint and at most {@value
 * io.streamlearn.model.core.serving.Trainer#MAX_CHECKPOINT_INTERVAL} log entries), restored from
 * their changelogs when a task starts. Run it with {@code processing.guarantee=exactly_once_v2} for
 * no lost and no double training across crashes, and with {@code
 * DeadLetterDeserializationExceptionHandler} so that undeserializable records go to {@code
 * <topic>.dlq}.
 */
public final class ModelTopology {

  /** The label-join states, by transaction id. */
  public static final String JOIN_STORE = "model-label-join";

  /** The trainer's latest checkpoint, by model name. */
  public static final String CHECKPOINT_STORE = "model-trainer-checkpoint";

  /** The trainer's log since its checkpoint. */
  public static final String LOG_STORE = "model-trainer-log";

  /** The latest snapshot of each model (global). */
  public static final String SNAPSHOT_STORE = "model-snapshots-latest";

  /**
   * The name of the trainer's internal input topic: {@code
   * <application.id>-model-training-repartition}.
   */
  public static final String TRAINING = "model-training";

  /**
   * How long the stage's producers wait to fill a batch ({@code linger.ms}). Kafka Streams sets 100
   * ms for its producers (Kafka 4.2 still does), which a prediction waits in full whenever its
   * partition sees fewer records than a batch holds in that time (below about 600 a second per
   * partition with the default {@code batch.size}): the whole event-to-prediction budget. 5 ms, the
   * Kafka 4 producer default, still batches at high rates.
   */
  public static final int PRODUCER_LINGER_MS = 5;

  /**
   * The size of the batches the stage's producers fill ({@code batch.size}), unless the caller set
   * one. Each scored event sends two records (its prediction, and its label-join state to the
   * store's changelog): with the default 16 KB a produce request carried about 50 records when the
   * stage ran flat out, and the broker's and producers' share of the work per request made up a
   * third of the process's CPU (broker in the same JVM); 64 KB batches carry about 170-190, for
   * about a fifth less process CPU per prediction in alternated runs on the loaded machine ({@code
   * docs/BENCHMARKS.md}, "Evening round"). A batch still leaves after {@link #PRODUCER_LINGER_MS}
   * when it is not full, so that a slow stream waits no longer.
   */
  public static final int PRODUCER_BATCH_BYTES = 64 * 1024;

  private ModelTopology() {}

  /**
   * The Kafka Streams properties the stage needs, to put after the caller's {@code callerProps}
   * ({@code processing.guarantee} and the dead-letter handler remain the caller's): the producers'
   * {@link #PRODUCER_LINGER_MS}, and, unless the caller set them, a {@code batch.size} of {@link
   * #PRODUCER_BATCH_BYTES} and a {@code max.request.size} of {@link ModelTopics#MAX_SNAPSHOT_BYTES}
   * (the trainer publishes a snapshot as one record, and a forest's passes the default 1 MB; on
   * Flink, {@code ModelJob.snapshotProducer}).
   */
  public static Map<String, Object> config(Map<?, ?> callerProps) {
    Map<String, Object> config = new HashMap<>();
    config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
    putUnlessSet(callerProps, config, ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES);
    putUnlessSet(
        callerProps,
        config,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        ModelTopics.MAX_SNAPSHOT_BYTES);
    return config;
  }

  /** Sets the producers' {@code key} unless the caller set it, plainly or for producers. */
  private static void putUnlessSet(
      Map<?, ?> callerProps, Map<String, Object> config, String key, Object value) {
    if (!callerProps.containsKey(key)
        && !callerProps.containsKey(StreamsConfig.producerPrefix(key))) {
      config.put(StreamsConfig.producerPrefix(key), value);
    }
  }

  /** The topology, without metrics. */
  public static Topology build(
      ModelStageSettings settings, ModelTopics topics, ModelSerdes serdes) {
    return build(settings, topics, serdes, ModelStageMetrics.NONE);
  }

  /** The topology, recording into {@code metrics}. */
  public static Topology build(
      ModelStageSettings settings,
      ModelTopics topics,
      ModelSerdes serdes,
      ModelStageMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();

    StoreBuilder<KeyValueStore<String, ModelSnapshot>> snapshotStore =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(SNAPSHOT_STORE), Serdes.String(), serdes.snapshots())
            .withLoggingDisabled();
    builder.addGlobalStore(
        snapshotStore,
        topics.modelSnapshots(),
        // bytes, decoded by the updater: a record that is not a snapshot is counted and skipped
        // there, where a deserialization failure in a global store's consumer would stop it
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("model-snapshots-source"),
        () ->
            new LatestSnapshotUpdater(
                SNAPSHOT_STORE,
                topics.modelSnapshots(),
                serdes.snapshots().deserializer(),
                metrics));

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(JOIN_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(CHECKPOINT_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(LOG_STORE), Serdes.Bytes(), Serdes.ByteArray())
            .withCachingDisabled());

    KStream<String, ScoredRecord> scored =
        builder.stream(
                topics.features(),
                Consumed.with(Serdes.String(), serdes.features()).withName("features-source"))
            .processValues(
                () -> new ScoringProcessor(settings, SNAPSHOT_STORE, metrics), Named.as("score"));
    scored
        .mapValues(ScoredRecord::prediction, Named.as("prediction"))
        .to(
            topics.predictions(),
            Produced.with(Serdes.String(), serdes.predictions()).withName("predictions-sink"));

    KStream<String, JoinInput> labels =
        builder.stream(
                topics.labels(),
                Consumed.with(Serdes.String(), serdes.labels()).withName("labels-source"))
            .filter(
                (id, label) -> {
                  if (label == null) {
                    metrics.record("tombstone"); // not an event; counted, as on Flink
                  }
                  return label != null;
                },
                Named.as("label-tombstones"))
            .mapValues((Label label) -> JoinInput.of(label), Named.as("label-input"));
    KStream<String, byte[]> joined =
        scored
            .mapValues(s -> JoinInput.of(s.scored()), Named.as("scored-input"))
            .merge(labels, Named.as("join-inputs"))
            .process(
                () -> new LabelJoinProcessor(settings, JOIN_STORE, metrics),
                Named.as("label-join"),
                JOIN_STORE);

    KStream<String, TrainerOutput> outputs =
        joined
            .repartition(
                Repartitioned.<String, byte[]>as(TRAINING)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(new JoinedExampleSerde())
                    .withNumberOfPartitions(1))
            .process(
                () -> new TrainerProcessor(settings, CHECKPOINT_STORE, LOG_STORE, metrics),
                Named.as("trainer"),
                CHECKPOINT_STORE,
                LOG_STORE);
    outputs
        .filter((k, v) -> v.snapshot() != null, Named.as("snapshots"))
        .mapValues(TrainerOutput::snapshot, Named.as("snapshot"))
        .to(
            topics.modelSnapshots(),
            Produced.with(Serdes.String(), serdes.snapshots()).withName("model-snapshots-sink"));
    outputs
        .filter((k, v) -> v.event() != null, Named.as("events"))
        .mapValues(TrainerOutput::event, Named.as("event"))
        .to(
            topics.modelEvents(),
            Produced.with(Serdes.String(), serdes.events()).withName("model-events-sink"));
    outputs
        .filter((k, v) -> v.alert() != null, Named.as("alerts"))
        .mapValues(TrainerOutput::alert, Named.as("alert"))
        .to(
            topics.alerts(),
            Produced.with(Serdes.String(), serdes.alerts()).withName("alerts-sink"));
    return builder.build();
  }

  /**
   * Keeps the latest snapshot of each model in the global store: a record replaces the stored one
   * only when its version is higher (a compacted topic may deliver an older record after a newer
   * one while it is being cleaned).
   */
  static final class LatestSnapshotUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(LatestSnapshotUpdater.class);

    private final String storeName;
    private final String topic;
    private final Deserializer<ModelSnapshot> decoder;
    private final ModelStageMetrics metrics;
    private KeyValueStore<String, ModelSnapshot> store;

    LatestSnapshotUpdater(
        String storeName,
        String topic,
        Deserializer<ModelSnapshot> decoder,
        ModelStageMetrics metrics) {
      this.storeName = storeName;
      this.topic = topic;
      this.decoder = decoder;
      this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.value() == null) {
        return; // a tombstone deletes nothing: scorers keep serving their latest model
      }
      ModelSnapshot snapshot;
      try {
        snapshot = decoder.deserialize(topic, record.value());
      } catch (RuntimeException e) {
        // not the trainer's: scorers keep serving the latest snapshot they could read
        metrics.record("invalid");
        LOG.warn(
            "Skipped a record of {} (key {}) that is not a model snapshot: {}",
            topic,
            record.key(),
            e.getMessage());
        return;
      }
      if (snapshot == null) {
        return;
      }
      String model = snapshot.getModelName();
      ModelSnapshot current = store.get(model);
      if (current == null || snapshot.getVersion() > current.getVersion()) {
        store.put(model, snapshot);
      }
    }
  }
}
