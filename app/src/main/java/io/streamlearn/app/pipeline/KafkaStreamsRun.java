package io.streamlearn.app.pipeline;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.features.kstreams.FeatureTopology;
import io.streamlearn.features.kstreams.MicrometerFeatureMetrics;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.model.kstreams.ModelSerdes;
import io.streamlearn.model.kstreams.ModelTopology;
import io.streamlearn.model.metrics.MicrometerModelStageMetrics;
import io.streamlearn.monitoring.kstreams.KafkaStreamsLag;
import io.streamlearn.monitoring.kstreams.MonitoringTopology;
import io.streamlearn.monitoring.metrics.MicrometerStageMetrics;
import io.streamlearn.platform.deadletter.DeadLetterDeserializationExceptionHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages on Kafka Streams: one {@link KafkaStreams} application per stage, each with its own
 * {@code application.id} ({@code <prefix>-<stage>}), consumer group, internal topics and state
 * directory. A stage whose thread dies with an exception stops its application and fails the
 * pipeline.
 */
final class KafkaStreamsRun implements EngineRun {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsRun.class);

  private final Map<Stage, KafkaStreams> apps;
  private final List<Meter> meters;
  private final List<AutoCloseable> stageMetrics;
  private final MeterRegistry registry;

  private KafkaStreamsRun(
      Map<Stage, KafkaStreams> apps,
      List<Meter> meters,
      List<AutoCloseable> stageMetrics,
      MeterRegistry registry) {
    this.apps = apps;
    this.meters = meters;
    this.stageMetrics = stageMetrics;
    this.registry = registry;
  }

  static KafkaStreamsRun start(
      PipelineDefinition pipeline,
      ClusterConnection cluster,
      Path stateDir,
      MeterRegistry registry,
      RuntimeOptions options,
      Consumer<PipelineFailure> onFailure) {
    Map<Stage, KafkaStreams> apps = new EnumMap<>(Stage.class);
    List<Meter> meters = new ArrayList<>();
    List<AutoCloseable> stageMetrics = new ArrayList<>();
    KafkaStreamsRun run = new KafkaStreamsRun(apps, meters, stageMetrics, registry);
    try {
      for (Stage stage : Stage.values()) {
        if (!options.runs(stage)) {
          continue;
        }
        Topology topology = topology(stage, pipeline, cluster, registry, stageMetrics::add);
        KafkaStreams streams;
        try {
          streams =
              new KafkaStreams(topology, properties(stage, pipeline, cluster, stateDir, options));
        } catch (RuntimeException e) {
          throw new PipelineFailure(
              stage,
              "cannot set up the "
                  + stage
                  + " stage on Kafka Streams: "
                  + PipelineFailure.rootMessage(e),
              e);
        }
        streams.setUncaughtExceptionHandler(
            e -> {
              onFailure.accept(
                  new PipelineFailure(
                      stage,
                      "the "
                          + stage
                          + " stage failed on Kafka Streams: "
                          + PipelineFailure.rootMessage(e),
                      e));
              return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
        streams.setStateListener(
            (now, before) -> {
              LOG.info("{} stage: {} -> {}", stage, before, now);
              if (now == KafkaStreams.State.ERROR) {
                onFailure.accept(
                    new PipelineFailure(
                        stage,
                        "the " + stage + " stage stopped on Kafka Streams (state ERROR)",
                        null));
              }
            });
        apps.put(stage, streams);
        meters.add(KafkaStreamsLag.register(registry, stage.label(), streams));
      }
      for (Map.Entry<Stage, KafkaStreams> app : apps.entrySet()) {
        try {
          app.getValue().start();
        } catch (RuntimeException e) {
          throw new PipelineFailure(
              app.getKey(),
              "cannot start the "
                  + app.getKey()
                  + " stage on Kafka Streams: "
                  + PipelineFailure.rootMessage(e),
              e);
        }
      }
      return run;
    } catch (RuntimeException e) {
      run.close(options.closeTimeout());
      throw e;
    }
  }

  /**
   * The stage's topology, its meters in {@code registry}; {@code owned} gets what registered them,
   * to remove them when the stage stops.
   */
  static Topology topology(
      Stage stage,
      PipelineDefinition pipeline,
      ClusterConnection cluster,
      MeterRegistry registry,
      Consumer<AutoCloseable> owned) {
    Map<String, Object> serde = cluster.serdeConfig();
    PipelineTopics topics = pipeline.topics();
    return switch (stage) {
      case FEATURES -> {
        MicrometerFeatureMetrics metrics = new MicrometerFeatureMetrics(registry);
        owned.accept(metrics);
        yield FeatureTopology.build(pipeline.features(), topics.featureTopics(), serde, metrics);
      }
      case MODEL -> {
        MicrometerModelStageMetrics metrics =
            new MicrometerModelStageMetrics(registry, pipeline.model().name());
        owned.accept(metrics);
        yield ModelTopology.build(
            pipeline.model(), topics.modelTopics(), ModelSerdes.avro(serde), metrics);
      }
      case MONITORING -> {
        MicrometerStageMetrics metrics =
            new MicrometerStageMetrics(
                registry, pipeline.monitoring().latencyWindowMillis(), System::currentTimeMillis);
        owned.accept(metrics);
        yield MonitoringTopology.build(
            pipeline.monitoring(), topics.monitoringTopics(), serde, metrics);
      }
    };
  }

  /** The stage's Kafka Streams settings. */
  static Properties properties(
      Stage stage,
      PipelineDefinition pipeline,
      ClusterConnection cluster,
      Path stateDir,
      RuntimeOptions options) {
    Properties props = new Properties();
    props.putAll(cluster.kafkaProperties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(stage, pipeline, options));
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.threads());
    props.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        pipeline.guarantee() == Guarantee.EXACTLY_ONCE
            ? StreamsConfig.EXACTLY_ONCE_V2
            : StreamsConfig.AT_LEAST_ONCE);
    if (stage == Stage.FEATURES) {
      props.putAll(FeatureTopology.config(pipeline.features()));
    }
    if (stage == Stage.MODEL) {
      props.putAll(ModelTopology.config(props));
    }
    if (stage == Stage.MONITORING) {
      props.putAll(MonitoringTopology.requiredConfig());
    }
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationExceptionHandler.class);
    props.putIfAbsent(
        StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return props;
  }

  /** The {@code application.id} of a stage: {@code <prefix>-<stage>}. */
  static String applicationId(Stage stage, PipelineDefinition pipeline, RuntimeOptions options) {
    return options.applicationIdPrefix(pipeline) + "-" + stage.label();
  }

  @Override
  public Map<Stage, String> states() {
    Map<Stage, String> states = new EnumMap<>(Stage.class);
    apps.forEach((stage, streams) -> states.put(stage, streams.state().name()));
    return states;
  }

  @Override
  public boolean running() {
    return !apps.isEmpty()
        && apps.values().stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING);
  }

  @Override
  public void close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // start every shutdown at once, then wait for each: the stages stop in parallel
    for (KafkaStreams streams : apps.values()) {
      streams.close(leavingGroup().withTimeout(Duration.ZERO));
    }
    for (Map.Entry<Stage, KafkaStreams> app : apps.entrySet()) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      boolean closed = app.getValue().close(leavingGroup().withTimeout(left));
      if (!closed) {
        LOG.warn("the {} stage did not stop within {}", app.getKey(), timeout);
      }
    }
    meters.forEach(registry::remove);
    meters.clear();
    // the stages' own meters: a stopped stage exports nothing, a restarted one registers afresh
    for (AutoCloseable metrics : stageMetrics) {
      try {
        metrics.close();
      } catch (Exception e) {
        LOG.warn("cannot remove a stage's meters", e);
      }
    }
    stageMetrics.clear();
  }

  /** Leaving the group, so that a restarted stage gets its partitions back at once. */
  private static CloseOptions leavingGroup() {
    return CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
  }
}
