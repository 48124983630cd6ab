package io.streamlearn.app.pipeline;

import io.streamlearn.app.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a {@link PipelineRuntime} runs a pipeline, beyond the pipeline file and the cluster.
 *
 * @param applicationIdPrefix Kafka Streams: each stage's {@code application.id} is {@code
 *     <prefix>-<stage>}; Flink: the prefix of the consumer groups and transactional ids. Null:
 *     {@code streamlearn-<pipeline name>}
 * @param threads Kafka Streams: stream threads per stage; Flink, locally: the job's parallelism
 * @param partitions the partitions of the topics the runtime creates (existing topics are kept)
 * @param stages the stages to run (all by default; the compose stack runs them in separate
 *     services)
 * @param flinkJobManager Flink: the JobManager's REST address {@code host:port} to submit the job
 *     to, or null to run it on a local environment in this JVM
 * @param flinkJobJar Flink on a cluster: the job jar shipped with the job; null for {@code
 *     streamlearn-flink-job.jar} next to the running jar (or in {@code app/target})
 * @param flinkClientContext Flink: true when running inside the Flink client ({@code flink run
 *     streamlearn-flink-job.jar run ...}), where the job is submitted to the client's cluster
 * @param closeTimeout how long {@link PipelineRuntime#close()} waits for the stages to stop
 */
public record RuntimeOptions(
    String applicationIdPrefix,
    int threads,
    int partitions,
    Set<Stage> stages,
    String flinkJobManager,
    Path flinkJobJar,
    boolean flinkClientContext,
    Duration closeTimeout) {

  /** Default stream threads per stage (Kafka Streams) and parallelism (Flink, locally). */
  public static final int DEFAULT_THREADS = 1;

  /** Default time {@link PipelineRuntime#close()} waits. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern HOST_PORT = Pattern.compile("([^:/\\s]+):(\\d{1,5})");
  private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  public RuntimeOptions {
    if (applicationIdPrefix != null && !APPLICATION_ID.matcher(applicationIdPrefix).matches()) {
      throw new IllegalArgumentException(
          "the application id must be letters, digits, '.', '_' or '-', not '"
              + applicationIdPrefix
              + "'");
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("the threads must be in [1, 64], not " + threads);
    }
    if (partitions < 1 || partitions > 10_000) {
      throw new IllegalArgumentException(
          "the partitions of new topics must be in [1, 10000], not " + partitions);
    }
    if (stages == null || stages.isEmpty()) {
      throw new IllegalArgumentException("at least one stage must run");
    }
    stages = Set.copyOf(stages);
    if (flinkJobManager != null) {
      hostAndPort(flinkJobManager);
    }
    if (closeTimeout == null || closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("the close timeout must be positive");
    }
  }

  /**
   * Every stage, one thread, {@link Topics#DEFAULT_PARTITIONS} partitions, Flink locally, the
   * application id from the pipeline's name.
   */
  public static RuntimeOptions defaults() {
    return new RuntimeOptions(
        null,
        DEFAULT_THREADS,
        Topics.DEFAULT_PARTITIONS,
        EnumSet.allOf(Stage.class),
        null,
        null,
        false,
        DEFAULT_CLOSE_TIMEOUT);
  }

  public RuntimeOptions withApplicationIdPrefix(String prefix) {
    return new RuntimeOptions(
        prefix,
        threads,
        partitions,
        stages,
        flinkJobManager,
        flinkJobJar,
        flinkClientContext,
        closeTimeout);
  }

  public RuntimeOptions withThreads(int newThreads) {
    return new RuntimeOptions(
        applicationIdPrefix,
        newThreads,
        partitions,
        stages,
        flinkJobManager,
        flinkJobJar,
        flinkClientContext,
        closeTimeout);
  }

  public RuntimeOptions withPartitions(int newPartitions) {
    return new RuntimeOptions(
        applicationIdPrefix,
        threads,
        newPartitions,
        stages,
        flinkJobManager,
        flinkJobJar,
        flinkClientContext,
        closeTimeout);
  }

  public RuntimeOptions withStages(Set<Stage> newStages) {
    return new RuntimeOptions(
        applicationIdPrefix,
        threads,
        partitions,
        newStages,
        flinkJobManager,
        flinkJobJar,
        flinkClientContext,
        closeTimeout);
  }

  /** Submits the Flink job to the JobManager at {@code hostPort}, shipping {@code jobJar}. */
  public RuntimeOptions withFlinkJobManager(String hostPort, Path jobJar) {
    return new RuntimeOptions(
        applicationIdPrefix,
        threads,
        partitions,
        stages,
        hostPort,
        jobJar,
        flinkClientContext,
        closeTimeout);
  }

  /** Submits the Flink job through the Flink client this runs in ({@code flink run}). */
  public RuntimeOptions withFlinkClientContext(boolean inClient) {
    return new RuntimeOptions(
        applicationIdPrefix,
        threads,
        partitions,
        stages,
        flinkJobManager,
        flinkJobJar,
        inClient,
        closeTimeout);
  }

  public RuntimeOptions withCloseTimeout(Duration timeout) {
    return new RuntimeOptions(
        applicationIdPrefix,
        threads,
        partitions,
        stages,
        flinkJobManager,
        flinkJobJar,
        flinkClientContext,
        timeout);
  }

  /** The application id prefix for {@code pipeline}. */
  public String applicationIdPrefix(PipelineDefinition pipeline) {
    return applicationIdPrefix != null ? applicationIdPrefix : "streamlearn-" + pipeline.name();
  }

  /** True when {@code stage} runs. */
  public boolean runs(Stage stage) {
    return stages.contains(stage);
  }

  /**
   * The host and port of {@code hostPort}.
   *
   * @throws IllegalArgumentException when it is not {@code host:port}
   */
  static Object[] hostAndPort(String hostPort) {
    Matcher m = HOST_PORT.matcher(hostPort.trim());
    if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
      throw new IllegalArgumentException(
          "the Flink JobManager must be given as host:port, e.g. jobmanager:8081, not '"
              + hostPort
              + "'");
    }
    return new Object[] {m.group(1), Integer.parseInt(m.group(2))};
  }
}
