package io.streamlearn.app.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamlearn.ingest.kafka.KafkaCluster;
import io.streamlearn.model.core.serving.ModelTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline: the one place that starts its stages (features, model, monitoring) on Kafka
 * Streams or Flink for a {@link PipelineDefinition} on a {@link ClusterConnection}, used by {@code
 * streamlearn run} and {@code streamlearn demo}.
 *
 * <p>{@link #start} creates the pipeline's missing topics, then starts the stages:
 *
 * <ul>
 *   <li><b>Kafka Streams</b>: one {@code KafkaStreams} per stage, {@code application.id} {@code
 *       <prefix>-<stage>}, state under {@code stateDir}, meters in the given registry;
 *   <li><b>Flink</b>: the stages as one job, on a local environment in this JVM (its metrics
 *       bridged into the given registry), or submitted to a cluster ({@link
 *       RuntimeOptions#flinkJobManager()}, {@link RuntimeOptions#flinkClientContext()}).
 * </ul>
 *
 * A stage that fails is not retried here: the runtime turns {@link State#FAILED}, {@link
 * #failure()} says why in one sentence (the cause, with its stack trace, goes to the log), {@link
 * #awaitFailure} returns, and the other stages are stopped at once, on a thread of their own, so
 * that no stage keeps running while another is dead. A stage stops without committing offsets past
 * the records it processed, so a new runtime on the same application ids carries on where it
 * stopped. {@link #close()} stops every stage within {@link RuntimeOptions#closeTimeout()}.
 * Thread-safe.
 */
public final class PipelineRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineRuntime.class);

  /** How long topic creation may take. */
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /** The runtime's state. */
  public enum State {
    /** Started; some stage may still be assigning partitions or restoring state. */
    STARTED,
    /** Every stage processes records. */
    RUNNING,
    /** A stage failed: {@link #failure()}. */
    FAILED,
    /** Closed. */
    CLOSED
  }

  private final PipelineDefinition pipeline;
  private final RuntimeOptions options;
  private final List<String> createdTopics;
  private final AtomicReference<PipelineFailure> failure = new AtomicReference<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile EngineRun run;
  private volatile boolean closed;
  private boolean stagesStopped;

  private PipelineRuntime(
      PipelineDefinition pipeline, RuntimeOptions options, List<String> createdTopics) {
    this.pipeline = pipeline;
    this.options = options;
    this.createdTopics = List.copyOf(createdTopics);
  }

  /**
   * Creates the pipeline's missing topics and starts its stages on {@code pipeline.engine()}.
   *
   * @param stateDir where Kafka Streams keeps its state stores, and a local Flink environment its
   *     checkpoints (under {@value FlinkRun#CHECKPOINTS}); created when missing
   * @param registry where the stages' meters go (Flink locally: bridged from Flink's metrics)
   * @throws PipelineFailure when a topic cannot be created or a stage cannot start, in one sentence
   */
  public static PipelineRuntime start(
      PipelineDefinition pipeline,
      ClusterConnection cluster,
      Path stateDir,
      MeterRegistry registry,
      RuntimeOptions options) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(options, "options");
    List<String> created = createTopics(cluster, pipeline.topics(), options.partitions());
    if (!created.isEmpty()) {
      LOG.info("created topics {}", created);
    }
    PipelineRuntime runtime = new PipelineRuntime(pipeline, options, created);
    runtime.run =
        switch (pipeline.engine()) {
          case KSTREAMS ->
              KafkaStreamsRun.start(
                  pipeline, cluster, stateDir, registry, options, runtime::failed);
          case FLINK ->
              FlinkRun.start(pipeline, cluster, stateDir, registry, options, runtime::failed);
        };
    LOG.info(
        "pipeline {} started on {}: stages {}",
        pipeline.name(),
        pipeline.engine(),
        runtime.run.states().keySet());
    return runtime;
  }

  /** The pipeline this runs. */
  public PipelineDefinition pipeline() {
    return pipeline;
  }

  /** The options it runs with. */
  public RuntimeOptions options() {
    return options;
  }

  /** The topics {@link #start} created (those that did not exist). */
  public List<String> createdTopics() {
    return createdTopics;
  }

  /** The runtime's state. */
  public State state() {
    if (failure.get() != null) {
      return State.FAILED;
    }
    if (closed) {
      return State.CLOSED;
    }
    EngineRun current = run;
    return current != null && current.running() ? State.RUNNING : State.STARTED;
  }

  /** Each running stage and its engine's state ({@code RUNNING}, {@code REBALANCING}...). */
  public Map<Stage, String> stageStates() {
    EngineRun current = run;
    return current == null ? new EnumMap<>(Stage.class) : current.states();
  }

  /** The stages this runs. */
  public Set<Stage> stages() {
    return options.stages();
  }

  /**
   * The consumer group under which each running stage commits the offsets of its inputs: Kafka
   * Streams, the stage's {@code application.id} ({@code <prefix>-<stage>}); Flink, the group of its
   * Kafka sources ({@code <prefix>-features}, {@code streamlearn-model-<model name>}, {@code
   * <prefix>-monitoring}), committed on each completed checkpoint.
   */
  public Map<Stage, String> consumerGroups() {
    Map<Stage, String> groups = new EnumMap<>(Stage.class);
    for (Stage stage : options.stages()) {
      groups.put(
          stage,
          switch (pipeline.engine()) {
            case KSTREAMS -> KafkaStreamsRun.applicationId(stage, pipeline, options);
            case FLINK -> FlinkRun.groupId(stage, pipeline, options);
          });
    }
    return groups;
  }

  /** Why the pipeline failed, if it did. */
  public Optional<PipelineFailure> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * Waits until every stage processes records.
   *
   * @return true when they do, false when {@code timeout} passed first
   * @throws PipelineFailure when the pipeline failed (or fails while waiting)
   * @throws IllegalStateException when the runtime is closed
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      State state = state();
      switch (state) {
        case RUNNING:
          return true;
        case FAILED:
          throw failure.get();
        case CLOSED:
          throw new IllegalStateException("the pipeline runtime is closed");
        default:
          break;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      ended.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Waits until a stage fails, the runtime is closed, or {@code timeout} passes.
   *
   * @return the failure, or empty when the runtime was closed or the time passed without one
   */
  public Optional<PipelineFailure> awaitFailure(Duration timeout) throws InterruptedException {
    ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return failure();
  }

  /**
   * Waits until a stage fails or the runtime is closed.
   *
   * @return the failure, or empty when the runtime was closed without one
   */
  public Optional<PipelineFailure> awaitFailure() throws InterruptedException {
    ended.await();
    return failure();
  }

  /**
   * Records the first failure and stops the other stages on a thread of its own (this runs on an
   * engine's thread, e.g. the failed stage's stream thread, which must not wait for the others).
   */
  private void failed(PipelineFailure stageFailure) {
    if (closed) {
      return;
    }
    if (failure.compareAndSet(null, stageFailure)) {
      LOG.error(stageFailure.getMessage(), stageFailure.getCause());
      ended.countDown();
      Thread stopper = new Thread(this::stopStages, "streamlearn-stop-on-failure");
      stopper.setDaemon(true);
      stopper.start();
    }
  }

  /** Stops every stage once, waiting at most {@link RuntimeOptions#closeTimeout()}. */
  private synchronized void stopStages() {
    EngineRun current = run;
    if (stagesStopped || current == null) {
      return;
    }
    stagesStopped = true;
    LOG.info("stopping the stages of pipeline {}", pipeline.name());
    current.close(options.closeTimeout());
  }

  /**
   * Stops every stage, waiting at most {@link RuntimeOptions#closeTimeout()} (or, after a failure,
   * until the stages stopped since are stopped). Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      stopStages();
    } finally {
      ended.countDown();
    }
  }

  /**
   * The settings a topic of the pipeline is created with: {@code model-snapshots} compacted and
   * taking records of up to {@link ModelTopics#MAX_SNAPSHOT_BYTES}; the broker's defaults
   * otherwise.
   */
  static Map<String, String> topicConfig(PipelineTopics topics, String topic) {
    Map<String, String> config = new HashMap<>();
    if (topics.compacted().contains(topic)) {
      config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    if (topic.equals(topics.modelSnapshots())) {
      config.put(
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(ModelTopics.MAX_SNAPSHOT_BYTES));
    }
    return config;
  }

  /**
   * Creates the topics of {@code topics} that do not exist, with {@code partitions} partitions and
   * the broker's default replication; the model snapshots compacted.
   *
   * @return the topics created
   * @throws PipelineFailure when the topics cannot be listed or created
   */
  static List<String> createTopics(
      ClusterConnection cluster, PipelineTopics topics, int partitions) {
    Map<String, Object> settings =
        KafkaCluster.adminSettings(
            cluster.kafkaProperties(), "streamlearn-run-admin", ADMIN_TIMEOUT);
    int timeoutMs = (int) ADMIN_TIMEOUT.toMillis();
    String servers = cluster.bootstrapServers();
    try (Admin admin = Admin.create(settings)) {
      Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<String> created = new ArrayList<>();
      for (String topic : topics.all()) {
        if (existing.contains(topic)) {
          continue;
        }
        NewTopic newTopic =
            new NewTopic(topic, Optional.of(partitions), Optional.empty())
                .configs(topicConfig(topics, topic));
        try {
          admin.createTopics(List.of(newTopic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
          created.add(topic);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new PipelineFailure(
                "cannot create topic "
                    + topic
                    + " on "
                    + servers
                    + ": "
                    + PipelineFailure.rootMessage(e),
                e);
          }
        }
      }
      return created;
    } catch (TimeoutException e) {
      throw new PipelineFailure(
          "Kafka at " + servers + " did not answer within " + ADMIN_TIMEOUT.toSeconds() + "s", e);
    } catch (ExecutionException e) {
      throw new PipelineFailure(
          "cannot list the topics of " + servers + ": " + PipelineFailure.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineFailure("interrupted while creating the pipeline's topics", e);
    } catch (KafkaException e) {
      throw new PipelineFailure(
          "cannot set up a Kafka client for " + servers + ": " + PipelineFailure.rootMessage(e), e);
    }
  }
}
