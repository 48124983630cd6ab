package io.streamlearn.app.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.streamlearn.features.flink.FeatureJob;
import io.streamlearn.features.flink.KafkaConnection;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.model.flink.ModelJob;
import io.streamlearn.monitoring.flink.MicrometerBridgeReporterFactory;
import io.streamlearn.monitoring.flink.MonitoringJob;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages on Flink, as one job named {@code streamlearn-<pipeline>}: each stage's operators
 * (uids prefixed by the stage) in one job graph, so a local run needs one MiniCluster and a cluster
 * one submission. Where it runs:
 *
 * <ul>
 *   <li>locally (no JobManager given): a local environment in this JVM with the job's parallelism
 *       of {@link RuntimeOptions#threads()}, three restarts 5 s apart (30 s at most waiting for a
 *       task slot), checkpoints on the file system under the state directory ({@value
 *       #CHECKPOINTS}; the default, the JobManager's heap, refuses a state over 5 MB, which the
 *       fraud pipeline's label join passes within a few simulated days of 1,000 customers), and
 *       streamlearn's Flink metrics bridged into the runtime's registry ({@code
 *       MicrometerBridgeReporter});
 *   <li>on a cluster ({@link RuntimeOptions#flinkJobManager()}): a remote environment shipping the
 *       job jar {@code streamlearn-flink-job.jar}; the cluster's configuration applies (restarts,
 *       state backend, metrics reporters);
 *   <li>inside the Flink client ({@code flink run streamlearn-flink-job.jar run ...}): the client's
 *       environment.
 * </ul>
 *
 * A job that fails (after its restarts) fails the pipeline. Closing the runtime cancels the job,
 * except one submitted through the Flink client, which then belongs to the cluster.
 */
final class FlinkRun implements EngineRun {

  private static final Logger LOG = LoggerFactory.getLogger(FlinkRun.class);

  /** The job jar's file name, as the app module builds it. */
  static final String JOB_JAR = "streamlearn-flink-job.jar";

  /** The directory, under the runtime's state directory, of a local environment's checkpoints. */
  static final String CHECKPOINTS = "flink-checkpoints";

  /** How long a local environment's job waits for a task slot before the attempt fails. */
  static final Duration LOCAL_SLOT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final JobClient client;
  private final Set<Stage> stages;
  private final MeterRegistry bridged;
  private final boolean cancelOnClose;
  private volatile boolean closing;
  private volatile JobStatus lastStatus = JobStatus.INITIALIZING;
  private volatile boolean ended;

  private FlinkRun(
      JobClient client, Set<Stage> stages, MeterRegistry bridged, boolean cancelOnClose) {
    this.client = client;
    this.stages = stages;
    this.bridged = bridged;
    this.cancelOnClose = cancelOnClose;
  }

  static FlinkRun start(
      PipelineDefinition pipeline,
      ClusterConnection cluster,
      Path stateDir,
      MeterRegistry registry,
      RuntimeOptions options,
      Consumer<PipelineFailure> onFailure) {
    StreamExecutionEnvironment env;
    MeterRegistry bridged = null;
    String where;
    if (options.flinkClientContext()) {
      env = StreamExecutionEnvironment.getExecutionEnvironment();
      where = "the Flink client's cluster";
    } else if (options.flinkJobManager() != null) {
      Object[] hostPort = RuntimeOptions.hostAndPort(options.flinkJobManager());
      Path jar = jobJar(options.flinkJobJar());
      env =
          StreamExecutionEnvironment.createRemoteEnvironment(
              (String) hostPort[0], (Integer) hostPort[1], new Configuration(), jar.toString());
      where = "the Flink cluster at " + options.flinkJobManager();
    } else {
      Configuration configuration = new Configuration();
      configuration.setString("restart-strategy.type", "fixed-delay");
      configuration.setString("restart-strategy.fixed-delay.attempts", "3");
      configuration.setString("restart-strategy.fixed-delay.delay", "5 s");
      // a sink whose writer throws again while its task is being cleaned up takes the local
      // TaskManager down with it (StageFailureIT): a restart then waits for slots that never come,
      // for the default 5 minutes per attempt; 30 s makes such a job fail within two minutes
      configuration.set(JobManagerOptions.SLOT_REQUEST_TIMEOUT, LOCAL_SLOT_REQUEST_TIMEOUT);
      configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      configuration.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          stateDir.toAbsolutePath().resolve(CHECKPOINTS).toUri().toString());
      configuration.setString(
          "metrics.reporter.streamlearn.factory.class",
          MicrometerBridgeReporterFactory.class.getName());
      env = StreamExecutionEnvironment.createLocalEnvironment(options.threads(), configuration);
      // the bridge reports into Micrometer's global registry: let it feed ours
      if (!Metrics.globalRegistry.getRegistries().contains(registry)) {
        Metrics.addRegistry(registry);
        bridged = registry;
      }
      where = "a local Flink environment";
    }
    try {
      addStages(env, pipeline, cluster, options);
      String jobName = "streamlearn-" + pipeline.name();
      JobClient client = env.executeAsync(jobName);
      LOG.info("Flink job {} ({}) submitted to {}", jobName, client.getJobID(), where);
      FlinkRun run = new FlinkRun(client, options.stages(), bridged, !options.flinkClientContext());
      client
          .getJobExecutionResult()
          .whenComplete(
              (result, error) -> {
                // the job's last status: a finished local cluster no longer answers for it
                run.lastStatus =
                    error == null
                        ? JobStatus.FINISHED
                        : run.closing ? JobStatus.CANCELED : JobStatus.FAILED;
                run.ended = true;
                if (run.closing) {
                  return;
                }
                if (error != null) {
                  onFailure.accept(
                      new PipelineFailure(
                          "the Flink job "
                              + jobName
                              + " failed: "
                              + PipelineFailure.rootMessage(error),
                          error));
                } else if (!options.flinkClientContext()) {
                  onFailure.accept(
                      new PipelineFailure("the Flink job " + jobName + " ended", null));
                }
              });
      return run;
    } catch (PipelineFailure e) {
      removeBridge(bridged);
      throw e;
    } catch (Exception e) {
      removeBridge(bridged);
      throw new PipelineFailure(
          "cannot start the Flink job on " + where + ": " + submissionMessage(e), e);
    }
  }

  private static final String SERVER_SIDE = "<Exception on server side:";
  private static final String CAUSED_BY = "Caused by: ";

  /**
   * The root message of a submission's failure, in one line: a JobManager's refusal arrives as a
   * REST error whose message holds the server's whole stack trace, of which this keeps the deepest
   * cause (e.g. the {@code ClassNotFoundException} of a class the job jar lacks).
   */
  static String submissionMessage(Throwable failure) {
    String message = PipelineFailure.rootMessage(failure);
    int server = message.indexOf(SERVER_SIDE);
    if (server < 0) {
      return message;
    }
    String deepest = null;
    for (String line : message.substring(server + SERVER_SIDE.length()).split("\\R")) {
      String trimmed = line.strip();
      if (deepest == null && !trimmed.isEmpty()) {
        deepest = trimmed; // the server's exception itself, if it has no cause
      } else if (trimmed.startsWith(CAUSED_BY)) {
        deepest = trimmed.substring(CAUSED_BY.length());
      }
    }
    return deepest == null
        ? message.substring(0, server).strip()
        : "the cluster refused the job: " + deepest;
  }

  /** Adds the operators of the stages that run to {@code env}. */
  static void addStages(
      StreamExecutionEnvironment env,
      PipelineDefinition pipeline,
      ClusterConnection cluster,
      RuntimeOptions options) {
    FlinkBufferTimeout.apply(env);
    boolean exactlyOnce = pipeline.guarantee() == Guarantee.EXACTLY_ONCE;
    env.enableCheckpointing(
        pipeline.features().checkpointInterval().toMillis(),
        exactlyOnce ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
    Map<String, String> client = cluster.kafkaClientStrings();
    Map<String, String> serde = cluster.serdeStrings();
    PipelineTopics topics = pipeline.topics();
    if (options.runs(Stage.FEATURES)) {
      KafkaConnection kafka =
          new KafkaConnection(
              cluster.bootstrapServers(),
              groupId(Stage.FEATURES, pipeline, options),
              client,
              serde,
              false);
      FeatureJob.onKafka(pipeline.features(), topics.featureTopics(), kafka).addTo(env);
    }
    if (options.runs(Stage.MODEL)) {
      ModelJob.kafka(
              pipeline.model(),
              topics.modelTopics(),
              cluster.bootstrapServers(),
              client,
              serde,
              exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
          .addTo(env);
    }
    if (options.runs(Stage.MONITORING)) {
      MonitoringJob.onKafka(
              pipeline.monitoring(),
              topics.monitoringTopics(),
              cluster.bootstrapServers(),
              client,
              serde,
              groupId(Stage.MONITORING, pipeline, options))
          .build(env);
    }
  }

  /**
   * The consumer group of a stage's Kafka sources, under which they commit their offsets on each
   * completed checkpoint: {@code <prefix>-features}, {@code streamlearn-model-<model name>} ({@link
   * ModelJob#groupId}), {@code <prefix>-monitoring}.
   */
  static String groupId(Stage stage, PipelineDefinition pipeline, RuntimeOptions options) {
    return stage == Stage.MODEL
        ? ModelJob.groupId(pipeline.model())
        : options.applicationIdPrefix(pipeline) + "-" + stage.label();
  }

  /**
   * The job jar: the given one, else {@value #JOB_JAR} next to the jar (or classes directory) this
   * class was loaded from.
   */
  static Path jobJar(Path given) {
    if (given != null) {
      if (!Files.isRegularFile(given)) {
        throw new PipelineFailure("the Flink job jar " + given + " does not exist");
      }
      return given;
    }
    try {
      Path codeSource =
          Path.of(FlinkRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path candidate = codeSource.toAbsolutePath().getParent().resolve(JOB_JAR);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      throw new PipelineFailure(
          "the Flink job jar "
              + JOB_JAR
              + " is not next to "
              + codeSource.getFileName()
              + " (build it with ./mvnw -pl app -am package, or give its path)");
    } catch (URISyntaxException | RuntimeException e) {
      if (e instanceof PipelineFailure failure) {
        throw failure;
      }
      throw new PipelineFailure("cannot locate the Flink job jar " + JOB_JAR, e);
    }
  }

  @Override
  public Map<Stage, String> states() {
    JobStatus status = status();
    Map<Stage, String> states = new EnumMap<>(Stage.class);
    stages.forEach(stage -> states.put(stage, status.name()));
    return states;
  }

  @Override
  public boolean running() {
    return status() == JobStatus.RUNNING;
  }

  private JobStatus status() {
    if (ended) {
      return lastStatus;
    }
    try {
      lastStatus = client.getJobStatus().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // a job that ended is no longer known to a finished local cluster: keep the last status
      LOG.debug("cannot read the Flink job status", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return lastStatus;
  }

  @Override
  public void close(Duration timeout) {
    closing = true;
    try {
      CompletableFuture<?> result = client.getJobExecutionResult();
      if (cancelOnClose && !result.isDone()) {
        client.cancel().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
          result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          // cancelled: the result completes exceptionally
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot cancel the Flink job {}: {}", client.getJobID(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      removeBridge(bridged);
    }
  }

  private static void removeBridge(MeterRegistry bridged) {
    if (bridged != null) {
      Metrics.removeRegistry(bridged);
    }
  }
}
