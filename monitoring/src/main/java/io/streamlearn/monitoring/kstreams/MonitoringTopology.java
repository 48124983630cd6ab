package io.streamlearn.monitoring.kstreams;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.MonitoredPrediction;
import io.streamlearn.monitoring.avro.StageEvents;
import io.streamlearn.monitoring.core.stage.MonitoringPlan;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.core.stage.Observation;
import io.streamlearn.monitoring.core.stage.StageInput;
import io.streamlearn.monitoring.metrics.MicrometerStageMetrics;
import io.streamlearn.monitoring.metrics.StageMetrics;
import io.streamlearn.platform.deadletter.DeadLetterDeserializationExceptionHandler;
import io.streamlearn.platform.serde.AvroSerde;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
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
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitoring stage on Kafka Streams, as a pure function of its settings:
 *
 * <pre>
 * features ────► [features-router] ────┐
 * predictions ─► [predictions-router] ─┼─► monitoring-observations (repartition, key = monitor)
 * labels ──────► [labels-router] ──────┘        │
 *                                       [monitors] (store monitoring-monitors) ──► alerts
 * </pre>
 *
 * The routers turn each record into one observation per monitor that watches its topic ({@link
 * MonitoringPlan}); the predictions router also records the event-to-prediction latency. The
 * repartition by monitor name gives each monitor one task, where {@link MonitorProcessor} runs it
 * with its state in the store {@value #STORE}: in memory (a few monitors of a few megabytes each)
 * and changelogged, holding the snapshot and log of {@link
 * io.streamlearn.monitoring.core.stage.CheckpointedMonitor}, so a restarted or moved task restores
 * it from the changelog.
 *
 * <p>Records that cannot be read go to {@code <topic>.dlq} through the platform's {@link
 * DeadLetterDeserializationExceptionHandler}: the application must set it ({@link
 * #requiredConfig()}). Starting and stopping {@code KafkaStreams} is the caller's.
 */
public final class MonitoringTopology {

  /** The state store of the monitors. */
  public static final String STORE = "monitoring-monitors";

  /** The name of the repartition topic's stem: {@code <application.id>-<this>-repartition}. */
  public static final String REPARTITION = "monitoring-observations";

  private MonitoringTopology() {}

  /**
   * The topology, with its metrics in {@code registry}.
   *
   * @param settings the stage settings
   * @param topics the topics read and written
   * @param serdeConfig the Avro serde properties ({@code schema.registry.url}, credentials...)
   * @param registry where the stage's meters go
   */
  public static Topology build(
      MonitoringStageSettings settings,
      MonitoringTopics topics,
      Map<String, ?> serdeConfig,
      MeterRegistry registry) {
    return build(
        settings,
        topics,
        serdeConfig,
        new MicrometerStageMetrics(
            registry, settings.latencyWindowMillis(), System::currentTimeMillis));
  }

  /** The topology, with its metrics in {@code metrics}. */
  public static Topology build(
      MonitoringStageSettings settings,
      MonitoringTopics topics,
      Map<String, ?> serdeConfig,
      StageMetrics metrics) {
    MonitoringPlan plan = new MonitoringPlan(settings);
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, byte[]> observations = null;
    if (plan.reads(StageInput.FEATURES)) {
      observations =
          merge(
              observations,
              route(
                  builder,
                  topics.features(),
                  StageInput.FEATURES,
                  serde(FeatureVector.class, serdeConfig, StageInput.FEATURES, metrics),
                  StageEvents::observe,
                  plan,
                  metrics,
                  false));
    }
    observations =
        merge(
            observations,
            route(
                builder,
                topics.predictions(),
                StageInput.PREDICTIONS,
                serde(MonitoredPrediction.class, serdeConfig, StageInput.PREDICTIONS, metrics),
                StageEvents::observe,
                plan,
                metrics,
                true));
    if (plan.reads(StageInput.LABELS)) {
      observations =
          merge(
              observations,
              route(
                  builder,
                  topics.labels(),
                  StageInput.LABELS,
                  serde(Label.class, serdeConfig, StageInput.LABELS, metrics),
                  StageEvents::observe,
                  plan,
                  metrics,
                  false));
    }
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
            // no record cache: the changelog gets the writes in the order they are made, which
            // keeps a snapshot's chunks ahead of its head (KeyValueMonitorStore)
            .withCachingDisabled());
    Serde<DriftAlert> alertSerde =
        AvroSerde.specific(DriftAlert.class).configured(serdeConfig, false);
    observations
        .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(REPARTITION))
        .process(() -> new MonitorProcessor(plan, metrics, STORE), Named.as("monitors"), STORE)
        .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName("alerts-sink"));
    return builder.build();
  }

  /**
   * The Kafka Streams settings the topology relies on: undeserializable records go to their
   * dead-letter topic ({@code deserialization.exception.handler}).
   */
  public static Map<String, Object> requiredConfig() {
    return Map.of(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationExceptionHandler.class);
  }

  private static <V extends SpecificRecord> Serde<V> serde(
      Class<V> type, Map<String, ?> serdeConfig, StageInput input, StageMetrics metrics) {
    AvroSerde<V> avro = AvroSerde.specific(type).configured(serdeConfig, false);
    return Serdes.serdeFrom(
        avro.serializer(), new ObservingDeserializer<>(avro.deserializer(), input, metrics));
  }

  private static KStream<String, byte[]> merge(
      KStream<String, byte[]> into, KStream<String, byte[]> stream) {
    return into == null ? stream : into.merge(stream);
  }

  private static <V> KStream<String, byte[]> route(
      StreamsBuilder builder,
      String topic,
      StageInput input,
      Serde<V> serde,
      BiFunction<MonitoringPlan, V, List<Observation>> observe,
      MonitoringPlan plan,
      StageMetrics metrics,
      boolean latency) {
    String name = MicrometerStageMetrics.inputTag(input);
    return builder.stream(topic, Consumed.with(Serdes.String(), serde).withName(name + "-source"))
        .process(
            () ->
                new ContextualProcessor<String, V, String, byte[]>() {
                  @Override
                  public void process(Record<String, V> record) {
                    V value = record.value();
                    if (value == null) {
                      return; // a tombstone carries no event
                    }
                    metrics.observed(input);
                    if (latency) {
                      metrics.latencyMillis(StageEvents.latencyMillis((MonitoredPrediction) value));
                    }
                    for (Observation o : observe.apply(plan, value)) {
                      context()
                          .forward(new Record<>(o.monitor(), o.toBytes(), o.eventTimeMillis()));
                    }
                  }
                },
            Named.as(name + "-router"));
  }
}
