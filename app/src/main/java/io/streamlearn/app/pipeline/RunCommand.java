package io.streamlearn.app.pipeline;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.app.Endpoints;
import io.streamlearn.app.Topics;
import io.streamlearn.app.cli.CommandFailure;
import io.streamlearn.app.stack.StopSignal;
import io.streamlearn.ingest.cli.DurationConverter;
import io.streamlearn.ingest.cli.ExitCodes;
import io.streamlearn.monitoring.dashboard.AlertFeed;
import io.streamlearn.monitoring.dashboard.MetricsServer;
import io.streamlearn.monitoring.dashboard.TimeSeriesRecorder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code run}: runs a pipeline (features, model, monitoring) on Kafka Streams or Flink against a
 * Kafka cluster and a Schema Registry until Ctrl-C, serving its metrics and dashboard.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Run a pipeline (features, model, monitoring) on Kafka Streams or Flink until Ctrl-C.",
      "",
      "Reads the pipeline file (docs/PIPELINE.md; the built-in fraud pipeline by default), checks"
          + " that Kafka and the Schema Registry answer, creates the pipeline's missing topics,"
          + " then starts the stages: on Kafka Streams one application per stage (application.id"
          + " PREFIX-features, PREFIX-model, PREFIX-monitoring); on Flink one job, in this process"
          + " or submitted to --flink-jobmanager. Metrics (Prometheus) and the live dashboard are"
          + " served at --metrics-port. A stage that fails stops the command with exit code 1.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped on Ctrl-C (or, inside the Flink client, the job was submitted)",
      "1:an invalid pipeline file, Kafka or the registry unreachable, or a stage failed",
      "2:invalid options"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  run",
      "  run --pipeline pipelines/fraud.yaml --engine flink",
      "  run --stages model,monitoring --threads 2 --metrics-port 9405",
      "  run -b broker:9093 --kafka-config client.properties -X sasl.mechanism=PLAIN",
      "  run --engine flink --flink-jobmanager jobmanager:8081"
    })
public final class RunCommand implements Callable<Integer> {

  /** The state directory by default. */
  static final String DEFAULT_STATE_DIR = "${sys:user.home}/.streamlearn/state";

  @Spec CommandSpec spec;

  @Option(
      names = {"-p", "--pipeline"},
      paramLabel = "FILE|NAME",
      defaultValue = PipelineDefinition.FRAUD,
      description =
          "Pipeline file, or the name of a built-in pipeline (built in: fraud; default:"
              + " ${DEFAULT-VALUE}).")
  String pipeline;

  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      description = "kstreams or flink (default: the pipeline file's engine).")
  String engine;

  @Option(
      names = "--stages",
      paramLabel = "STAGE[,STAGE...]",
      split = ",",
      description = "The stages to run: features, model, monitoring (default: all).")
  List<String> stages;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOST:PORT[,...]",
      defaultValue = Endpoints.BOOTSTRAP_SERVERS,
      description = "Kafka brokers to connect to (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = {"-r", "--schema-registry-url"},
      paramLabel = "URL",
      defaultValue = Endpoints.SCHEMA_REGISTRY_URL,
      description = "Schema Registry URL (default: ${DEFAULT-VALUE}).")
  String schemaRegistryUrl;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Properties file of Kafka client and registry settings, e.g. security.protocol,"
              + " sasl.jaas.config, ssl.truststore.location, basic.auth.user.info. Secrets are"
              + " never printed.")
  Path kafkaConfig;

  @Option(
      names = {"-X", "--kafka-property"},
      paramLabel = "KEY=VALUE",
      description = "One Kafka client or registry setting, applied last; repeatable.")
  List<String> kafkaProperties = new ArrayList<>();

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How long to wait for Kafka and the registry to answer at start (default:"
              + " ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--application-id",
      paramLabel = "PREFIX",
      description =
          "Prefix of the Kafka Streams application ids and Flink consumer groups (default:"
              + " streamlearn-PIPELINE).")
  String applicationId;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "" + RuntimeOptions.DEFAULT_THREADS,
      description =
          "Kafka Streams: stream threads per stage; Flink in this process: parallelism (default:"
              + " ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "" + Topics.DEFAULT_PARTITIONS,
      description = "Partitions of the topics this creates (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = DEFAULT_STATE_DIR,
      description = "Where Kafka Streams keeps its state stores (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--flink-jobmanager",
      paramLabel = "HOST:PORT",
      description =
          "Submit the Flink job to this JobManager's REST address (default: run it in this"
              + " process). Ctrl-C cancels it.")
  String flinkJobManager;

  @Option(
      names = "--flink-job-jar",
      paramLabel = "JAR",
      description =
          "The job jar to ship with --flink-jobmanager (default: streamlearn-flink-job.jar next"
              + " to this jar).")
  Path flinkJobJar;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "" + Endpoints.METRICS_PORT,
      description =
          "Port of /metrics (Prometheus) and the dashboard; 0 picks a free one (default:"
              + " ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "Address the metrics server binds, e.g. 0.0.0.0 in a container (default:"
              + " ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(
      names = "--show-config",
      description = "Print the pipeline and the client settings (secrets masked) first.")
  boolean showConfig;

  private final StopSignal stopSignal;
  private final boolean inFlinkClient;

  /** Stops on Ctrl-C. */
  public RunCommand() {
    this(StopSignal.onShutdown(RuntimeOptions.DEFAULT_CLOSE_TIMEOUT.plusSeconds(10)), false);
  }

  /**
   * @param stopSignal when to stop
   * @param inFlinkClient true inside the Flink client ({@code flink run streamlearn-flink-job.jar
   *     run ...}): the Flink job goes to the client's cluster and the command returns once it is
   *     submitted
   */
  public RunCommand(StopSignal stopSignal, boolean inFlinkClient) {
    this.stopSignal = Objects.requireNonNull(stopSignal, "stopSignal");
    this.inFlinkClient = inFlinkClient;
  }

  @Override
  public Integer call() throws InterruptedException {
    RuntimeOptions options = options();
    ClusterConnection cluster = cluster();
    Engine engineOverride = engine();
    PipelineDefinition definition = PipelineDefinition.resolve(pipeline);
    if (engineOverride != null) {
      definition = definition.withEngine(engineOverride);
    }
    if (definition.engine() == Engine.KSTREAMS
        && (flinkJobManager != null || flinkJobJar != null)) {
      throw new ParameterException(
          spec.commandLine(),
          "--flink-jobmanager and --flink-job-jar apply to the flink engine, but the pipeline"
              + " runs on kstreams (use --engine flink)");
    }
    if (definition.engine() == Engine.FLINK && flinkJobManager != null && !inFlinkClient) {
      // before anything is contacted or created: the job jar the submission ships
      if (flinkJobJar != null && !Files.isRegularFile(flinkJobJar)) {
        throw new ParameterException(
            spec.commandLine(), "the Flink job jar " + flinkJobJar + " does not exist");
      }
      FlinkRun.jobJar(flinkJobJar);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (showConfig) {
      err.println("pipeline " + definition.describe());
      err.print(cluster.describe());
      err.println("options " + options);
      err.flush();
    }
    cluster.verify(connectTimeout);
    boolean servesMetrics =
        !inFlinkClient && (definition.engine() == Engine.KSTREAMS || flinkJobManager == null);
    Path state = stateDir.toAbsolutePath().normalize();
    if (definition.engine() == Engine.KSTREAMS) {
      try {
        Files.createDirectories(state);
      } catch (IOException e) {
        throw new CommandFailure("cannot create the state directory " + state, e);
      }
    }

    stopSignal.arm();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TimeSeriesRecorder recorder = new TimeSeriesRecorder(registry);
        MetricsServer server = new MetricsServer(registry, recorder, definition.name())) {
      if (servesMetrics) {
        try {
          server.start(new InetSocketAddress(metricsHost, metricsPort));
        } catch (IOException e) {
          throw new CommandFailure(
              "cannot serve metrics at "
                  + metricsHost
                  + ":"
                  + metricsPort
                  + ": "
                  + PipelineFailure.rootMessage(e)
                  + " (choose another --metrics-port)",
              e);
        }
        recorder.startSampling(MetricsServer.DEFAULT_REFRESH_MILLIS);
      }
      try (PipelineRuntime runtime =
          PipelineRuntime.start(definition, cluster, state, registry, options)) {
        if (inFlinkClient) {
          out.println(
              "streamlearn: submitted pipeline "
                  + definition.name()
                  + " (stages "
                  + String.join(", ", labels(runtime.stages()))
                  + ") to the Flink cluster");
          out.flush();
          return ExitCodes.OK;
        }
        printRunning(out, definition, runtime, server, servesMetrics, options);
        AlertFeed alerts = servesMetrics ? alertFeed(cluster, definition, recorder) : null;
        try {
          Optional<PipelineFailure> failure = awaitStopOrFailure(runtime);
          if (failure.isPresent()) {
            throw new CommandFailure(failure.get().getMessage(), failure.get());
          }
          err.println("stopping pipeline " + definition.name() + "...");
          err.flush();
        } finally {
          if (alerts != null) {
            alerts.close();
          }
        }
      }
      err.println("stopped");
      err.flush();
      return ExitCodes.OK;
    } finally {
      stopSignal.stopped();
    }
  }

  private static AlertFeed alertFeed(
      ClusterConnection cluster, PipelineDefinition definition, TimeSeriesRecorder recorder) {
    Map<String, Object> properties = new HashMap<>(cluster.kafkaProperties());
    properties.putAll(cluster.serdeConfig());
    return AlertFeed.start(properties, definition.topics().alerts(), recorder, false);
  }

  /** Waits for Ctrl-C or a failure, whichever comes first. */
  private Optional<PipelineFailure> awaitStopOrFailure(PipelineRuntime runtime)
      throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Thread waiter =
        new Thread(
            () -> {
              try {
                stopSignal.awaitStop();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stop.countDown();
            },
            "streamlearn-run-stop");
    waiter.setDaemon(true);
    waiter.start();
    try {
      while (stop.getCount() > 0) {
        Optional<PipelineFailure> failure = runtime.awaitFailure(Duration.ofMillis(200));
        if (failure.isPresent()) {
          return failure;
        }
      }
      return Optional.empty();
    } finally {
      waiter.interrupt();
    }
  }

  private void printRunning(
      PrintWriter out,
      PipelineDefinition definition,
      PipelineRuntime runtime,
      MetricsServer server,
      boolean servesMetrics,
      RuntimeOptions options) {
    out.println(
        "streamlearn is running pipeline "
            + definition.name()
            + " ("
            + definition.source()
            + ") on "
            + definition.engine()
            + (definition.engine() == Engine.FLINK
                ? flinkJobManager == null ? " in this process" : " at " + flinkJobManager
                : "")
            + ", "
            + definition.guarantee().label());
    out.println("  stages     " + String.join(", ", labels(runtime.stages())));
    if (definition.engine() == Engine.KSTREAMS) {
      out.println("  app ids    " + options.applicationIdPrefix(definition) + "-<stage>");
    }
    if (!runtime.createdTopics().isEmpty()) {
      out.println("  created    " + String.join(", ", runtime.createdTopics()));
    }
    if (servesMetrics) {
      InetSocketAddress address = server.address();
      String host = address.getAddress().isAnyLocalAddress() ? "localhost" : metricsHost;
      out.println("  dashboard  http://" + host + ":" + address.getPort() + "/");
      out.println("  metrics    http://" + host + ":" + address.getPort() + "/metrics");
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  private static List<String> labels(Set<Stage> stages) {
    List<String> labels = new ArrayList<>();
    for (Stage stage : Stage.values()) {
      if (stages.contains(stage)) {
        labels.add(stage.label());
      }
    }
    return labels;
  }

  private Engine engine() {
    if (engine == null) {
      return null;
    }
    return Engine.fromLabel(engine.trim())
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "--engine must be one of " + Engine.labels() + ", not '" + engine + "'"));
  }

  private RuntimeOptions options() {
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--metrics-port must be a port in [0, 65535], not " + metricsPort);
    }
    if (connectTimeout.isZero() || connectTimeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--connect-timeout must be positive");
    }
    Set<Stage> selected = EnumSet.allOf(Stage.class);
    if (stages != null) {
      selected = EnumSet.noneOf(Stage.class);
      for (String label : stages) {
        Stage stage =
            Stage.fromLabel(label.trim())
                .orElseThrow(
                    () ->
                        new ParameterException(
                            spec.commandLine(),
                            "--stages takes "
                                + String.join(", ", Stage.labels())
                                + ", not '"
                                + label
                                + "'"));
        selected.add(stage);
      }
    }
    try {
      RuntimeOptions options =
          RuntimeOptions.defaults()
              .withApplicationIdPrefix(applicationId)
              .withThreads(threads)
              .withPartitions(partitions)
              .withStages(selected)
              .withFlinkClientContext(inFlinkClient);
      if (flinkJobManager != null) {
        options = options.withFlinkJobManager(flinkJobManager, flinkJobJar);
      }
      return options;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), optionSentence(e.getMessage()), e);
    }
  }

  private static String optionSentence(String message) {
    return message
        .replace("the application id", "--application-id")
        .replace("the threads", "--threads")
        .replace("the partitions of new topics", "--partitions")
        .replace("the Flink JobManager", "--flink-jobmanager");
  }

  private ClusterConnection cluster() {
    try {
      return ClusterConnection.fromOptions(
          bootstrapServers, schemaRegistryUrl, kafkaConfig, kafkaProperties);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
