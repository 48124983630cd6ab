package io.streamlearn.app.demo;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.app.Endpoints;
import io.streamlearn.app.cli.CommandFailure;
import io.streamlearn.app.pipeline.ClusterConnection;
import io.streamlearn.app.pipeline.Engine;
import io.streamlearn.app.pipeline.InvalidPipelineException;
import io.streamlearn.app.pipeline.PipelineDefinition;
import io.streamlearn.app.pipeline.PipelineFailure;
import io.streamlearn.app.pipeline.PipelineRuntime;
import io.streamlearn.app.pipeline.PipelineTopics;
import io.streamlearn.app.pipeline.RuntimeOptions;
import io.streamlearn.app.pipeline.Stage;
import io.streamlearn.app.stack.StopSignal;
import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.embedded.StackSettings;
import io.streamlearn.ingest.cli.DurationConverter;
import io.streamlearn.ingest.cli.ExitCodes;
import io.streamlearn.ingest.core.pacing.Pacing;
import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.kafka.ProducerSettings;
import io.streamlearn.monitoring.dashboard.AlertFeed;
import io.streamlearn.monitoring.dashboard.MetricsServer;
import io.streamlearn.monitoring.dashboard.RunReport;
import io.streamlearn.monitoring.dashboard.TimeSeriesRecorder;
import io.streamlearn.monitoring.dashboard.TimeSeriesSnapshot;
import io.streamlearn.monitoring.metrics.MetricNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole system in one process: the embedded broker and registry, the feature,
 * model and monitoring stages, the transaction simulator, the dashboard and a live console view; a
 * run report at the end. Its data directory keeps everything, so a second run resumes.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Run the whole fraud-detection pipeline in this process, on simulated card transactions:"
          + " a Kafka broker (KRaft) and a Schema Registry, the feature, model and monitoring"
          + " stages, and the transaction simulator, with a live console view, the dashboard and"
          + " the Prometheus endpoint. No Docker, nothing else to install.",
      "",
      "The console shows every second or two the simulated time, the events produced per"
          + " second, the predictions written, the event-to-prediction latency (p99), the model's"
          + " rolling ROC-AUC and average precision, and each drift alert as it fires. Labels"
          + " arrive 7 simulated days after their transactions, so the model learns from the"
          + " 8th simulated day on, and its rolling AUC (over labelled predictions) rises about a"
          + " simulated week later; the default pace runs a simulated day every 2 seconds.",
      "",
      "The demo stops by itself (unless --keep-running) once the simulation is produced and"
          + " the stages have caught up (quiet for a few seconds, and each stage's consumer group"
          + " committed offsets up to the end of its inputs; on Flink, offsets are committed on"
          + " checkpoints), or on Ctrl-C; either way it writes an HTML run report"
          + " into the data directory and prints its path. Topics, schemas, the stages' state and"
          + " the simulator's progress are kept in the data directory: running it again resumes"
          + " where it stopped (the simulator continues after the last event it produced);"
          + " --fresh starts over.",
      "",
      "Engines: kstreams (the default) and flink (the same stages on a Flink MiniCluster in"
          + " this process). The demo's topics have one partition, so the simulated days are read"
          + " in event-time order and both engines score every transaction. In our last runs"
          + " both gave the first prediction after about 9 s; flink settled at a p99 of about"
          + " 70 ms and took less heap and RSS, kstreams at 0.12 to 1 s. docs/BENCHMARKS.md has"
          + " the figures.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the simulation ran to its end and the stages caught up",
      "1:the demo could not run: a port in use, a data directory of another simulation, a"
          + " stage that failed",
      "2:invalid options",
      "130:stopped with Ctrl-C (the JVM's status for SIGINT), after writing the report"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  demo                                  (kstreams, a simulated day every 2 s)",
      "  demo --fast --days 30                 (as fast as the machine goes)",
      "  demo --drift 45:amount-shift:2 --drift 50:new-pattern:20",
      "  demo --engine flink --fresh",
      "  demo --keep-running --metrics-port 0  (then: streamlearn tail predictions)"
    })
public final class DemoCommand implements Callable<Integer> {

  /** Default number of customers: a world that runs comfortably on a laptop. */
  static final int DEFAULT_CUSTOMERS = 1_000;

  /** Default number of terminals. */
  static final int DEFAULT_TERMINALS = 2_000;

  /** Default number of simulated days. */
  static final int DEFAULT_DAYS = 60;

  /** The day of the default drift: after the monitors' warm-up (38 days) and reference. */
  static final int DEFAULT_DRIFT_DAY = 50;

  /** The default drift: amounts double. */
  static final String DEFAULT_DRIFT = DEFAULT_DRIFT_DAY + ":amount-shift:2";

  /** Default pace: one simulated day every 2 seconds. */
  static final String DEFAULT_DAY_EVERY = "2s";

  /** How long a shutdown (Ctrl-C) may take before the JVM ends anyway. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(90);

  /** How long the stages must be idle after the simulation before the demo ends. */
  static final Duration QUIET = Duration.ofSeconds(4);

  /** Kafka Streams: how often the stages commit their offsets (what the demo's end waits for). */
  static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  /**
   * The partitions of the topics the demo creates. One: every stage runs on one thread anyway, and
   * a backlog of simulated days produced in seconds is read in event-time order, so no transaction
   * lands more than the allowed lateness behind its entity's newest (with three, the readers' fetch
   * batches ran hours of simulated time apart and sent some to late-events).
   */
  static final int PARTITIONS = 1;

  @Spec CommandSpec spec;

  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      defaultValue = "kstreams",
      description =
          "kstreams or flink (default: ${DEFAULT-VALUE}: the first prediction sooner, a lower"
              + " p99, nearly every transaction scored; see the engines above).")
  String engineName;

  @Option(
      names = "--pipeline",
      paramLabel = "NAME|FILE",
      defaultValue = PipelineDefinition.FRAUD,
      description =
          "The pipeline: a built-in name or a pipeline YAML file (default: ${DEFAULT-VALUE}, the"
              + " shipped fraud pipeline; see docs/PIPELINE.md). Its engine is replaced by"
              + " --engine.")
  String pipelineReference;

  @Option(
      names = "--no-drift",
      description = "Leave out the default drift (below): the world does not change.")
  boolean noDrift;

  @Option(
      names = "--fast",
      description =
          "Produce as fast as possible instead of pacing simulated time (a finished demo in"
              + " seconds rather than minutes).")
  boolean fast;

  @Option(
      names = "--day-every",
      paramLabel = "DURATION",
      defaultValue = DEFAULT_DAY_EVERY,
      converter = DurationConverter.class,
      description =
          "Pace: one simulated day every DURATION of real time (default: ${DEFAULT-VALUE}).")
  Duration dayEvery;

  @Option(
      names = "--customers",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_CUSTOMERS,
      description = "Number of customers (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--terminals",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_TERMINALS,
      description = "Number of terminals (default: ${DEFAULT-VALUE}).")
  int terminals;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_DAYS,
      description = "Number of simulated days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "0",
      description = "Root of every random stream (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--drift",
      paramLabel = "DAY:KIND:VALUE",
      description =
          "Change the simulated world from a day on; repeatable. Kinds: fraud-rate,"
              + " amount-shift, customer-frequency, new-pattern (see 'simulate --help'), e.g."
              + " 40:amount-shift:2. Without --drift (and --no-drift), a world of more than "
              + DEFAULT_DRIFT_DAY
              + " days gets "
              + DEFAULT_DRIFT
              + ": the amounts double once the monitors have their reference, so alerts fire.")
  List<String> drift = new ArrayList<>();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "streamlearn-data",
      description =
          "Where topics, schemas, the stages' state, the simulator's progress and the reports are"
              + " kept (default: ./${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(
      names = "--fresh",
      description = "Delete the data directory's content first: start the demo over.")
  boolean fresh;

  @Option(
      names = "--keep-running",
      description =
          "Keep the stages, the broker and the dashboard running after the simulation, until"
              + " Ctrl-C.")
  boolean keepRunning;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "" + Endpoints.METRICS_PORT,
      description =
          "Port of the dashboard (/) and the Prometheus endpoint (/metrics); 0 picks a free one"
              + " (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "" + Endpoints.KAFKA_PORT,
      description =
          "Port of the embedded Kafka broker, so other commands reach it with their defaults; 0"
              + " picks a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      paramLabel = "PORT",
      defaultValue = "" + Endpoints.SCHEMA_REGISTRY_PORT,
      description =
          "Port of the embedded Schema Registry; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--plain",
      description =
          "Print the status as plain lines even on a terminal (it is redrawn in place there).")
  boolean plain;

  private final StopSignal stopSignal;
  private Engine engine;
  private long peakHeapBytes;

  /** Stops on Ctrl-C. */
  public DemoCommand() {
    this(StopSignal.onShutdown(SHUTDOWN_GRACE));
  }

  /** Stops when {@code stopSignal} says so (tests). */
  public DemoCommand(StopSignal stopSignal) {
    this.stopSignal = Objects.requireNonNull(stopSignal, "stopSignal");
  }

  @Override
  public Integer call() throws InterruptedException {
    long startNanos = System.nanoTime();
    SimulatorOptions options = simulatorOptions();
    engine =
        Engine.fromLabel(engineName)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "--engine must be one of "
                            + Engine.labels()
                            + ", not '"
                            + engineName
                            + "'"));
    PipelineDefinition pipeline;
    try {
      pipeline = PipelineDefinition.resolve(pipelineReference).withEngine(engine);
    } catch (InvalidPipelineException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    checkPort("--metrics-port", metricsPort);
    checkPort("--kafka-port", kafkaPort);
    checkPort("--registry-port", registryPort);
    PrintWriter out = spec.commandLine().getOut();
    Path directory = dataDirectory.toAbsolutePath().normalize();
    DemoState.World world = DemoState.World.of(options, engine.label());
    stopSignal.arm();
    StopWatcher stop = new StopWatcher(stopSignal);
    try {
      DemoDirectory.prepare(directory, fresh);
      Optional<DemoState> kept = DemoState.read(directory);
      kept.ifPresent(state -> DemoState.requireSameWorld(directory, state, world));
      DemoState state = kept.orElseGet(() -> DemoState.start(world));
      state.write(directory);
      return run(pipeline, options, state, directory, out, stop, startNanos);
    } finally {
      stop.close();
      stopSignal.stopped();
    }
  }

  private int run(
      PipelineDefinition pipeline,
      SimulatorOptions options,
      DemoState state,
      Path directory,
      PrintWriter out,
      StopWatcher stop,
      long startNanos)
      throws InterruptedException {
    ConsoleView console = new ConsoleView(out, !plain && System.console() != null);
    TransactionSimulator simulator = new TransactionSimulator(options);
    long expectedEvents = Math.round(simulator.expectedTransactions() * 2);
    console.message(
        String.format(
            Locale.ROOT,
            "streamlearn demo: %,d customers, %,d terminals, %d days from %s%s, %s, on %s",
            options.customers(),
            options.terminals(),
            options.days(),
            options.startDate(),
            options.drift().isEmpty()
                ? ""
                : ", drift "
                    + String.join(
                        ", ", options.drift().stream().map(DriftChange::toString).toList()),
            fast
                ? "as fast as possible"
                : "a simulated day every " + DurationConverter.format(dayEvery),
            engine));
    if (state.producedEvents() > 0) {
      console.message(
          String.format(
              Locale.ROOT,
              "resuming from %s: %,d events already produced, up to %s%s",
              directory,
              state.producedEvents(),
              Instant.ofEpochMilli(state.lastEventTimeMillis()),
              state.complete() ? " (the simulation is complete; --fresh starts over)" : ""));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StackSettings stackSettings =
        StackSettings.defaults()
            .withDataDirectory(directory.resolve(DemoDirectory.STACK))
            .withKafkaPort(kafkaPort)
            .withRegistryPort(registryPort);
    TimeSeriesRecorder recorder = new TimeSeriesRecorder(registry);
    Path report = directory.resolve("reports").resolve("demo-" + timestamp() + ".html");
    DemoSimulation simulation = null;
    int exitCode = ExitCodes.OK;
    try (EmbeddedStack stack = EmbeddedStack.start(stackSettings);
        Closer closer = new Closer()) {
      Map<String, Object> client = stack.clientProperties();
      ClusterConnection cluster =
          engine == Engine.KSTREAMS
              // Kafka Streams commits at least once every 30 s by default: the demo's end waits
              // for the stages' committed offsets, so commit every second
              ? new ClusterConnection(
                  stack.bootstrapServers(),
                  stack.schemaRegistryUrl(),
                  Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "" + COMMIT_INTERVAL.toMillis()))
              : ClusterConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
      console.message("  Kafka (KRaft)     " + stack.bootstrapServers());
      console.message("  Schema Registry   " + stack.schemaRegistryUrl());
      console.message("  data              " + directory);
      console.message("starting the " + pipeline.name() + " pipeline on " + engine + "...");
      PipelineRuntime runtime =
          closer.add(
              PipelineRuntime.start(
                  pipeline,
                  cluster,
                  directory.resolve(DemoDirectory.STATE),
                  registry,
                  RuntimeOptions.defaults()
                      .withApplicationIdPrefix("streamlearn-demo")
                      .withPartitions(PARTITIONS)));
      AlertFeed feed =
          closer.add(AlertFeed.start(client, pipeline.topics().alerts(), recorder, false));
      recorder.startSampling(1_000);
      MetricsServer server =
          closer.add(
              new MetricsServer(registry, recorder, "streamlearn demo")
                  .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), metricsPort)));
      String http = "http://localhost:" + server.address().getPort();
      console.message("  dashboard         " + http + "/");
      console.message("  Prometheus        " + http + "/metrics");
      CatchUp catchUp =
          closer.add(
              new CatchUp(
                  cluster.kafkaProperties(),
                  stageInputs(runtime.consumerGroups(), pipeline.topics())));
      PredictionWatch predictions =
          closer.add(
              PredictionWatch.start(
                  cluster.kafkaProperties(), pipeline.topics().predictions(), startNanos));
      simulation =
          new DemoSimulation(
              ProducerSettings.of(
                  stack.bootstrapServers(), stack.schemaRegistryUrl(), null, Map.of()),
              simulator,
              EventValidator.withDefaults(),
              fast ? Pacing.asFastAsPossible() : Pacing.simulatedDayEvery(dayEvery),
              directory,
              state);
      simulation.start(pipeline.topics().transactions(), pipeline.topics().labels());
      console.message(
          String.format(
              Locale.ROOT,
              "producing about %,d events (transactions and labels); Ctrl-C stops%s",
              Math.max(0, expectedEvents - state.producedEvents()),
              keepRunning ? "" : ", or the demo ends when they are processed"));
      exitCode =
          watch(
              console,
              stop,
              runtime,
              simulation,
              predictions,
              feed,
              recorder,
              registry,
              catchUp,
              startNanos);
      simulation.close();
      recorder.sample(System.currentTimeMillis());
      writeReport(console, report, recorder);
      console.message(String.format(Locale.ROOT, "stopping (%s)...", memory()));
    } catch (IOException e) {
      throw new CommandFailure(
          "cannot serve the dashboard on port " + metricsPort + ": " + e.getMessage(), e);
    } finally {
      if (simulation != null) {
        simulation.close();
      }
      recorder.close();
      registry.close();
    }
    console.message(
        "stopped; data kept in " + directory + " (run again to resume, --fresh to start over)");
    return exitCode;
  }

  /** Refreshes the console until the demo should end; returns the exit code. */
  private int watch(
      ConsoleView console,
      StopWatcher stop,
      PipelineRuntime runtime,
      DemoSimulation simulation,
      PredictionWatch predictions,
      AlertFeed feed,
      TimeSeriesRecorder recorder,
      PrometheusMeterRegistry registry,
      CatchUp catchUp,
      long startNanos)
      throws InterruptedException {
    long tickMillis = console.terminal() ? 1_000 : 2_000;
    MeterReadings meters = new MeterReadings(registry);
    long printedAlerts = 0;
    boolean firstPredictionShown = false;
    long lastProduced = simulation.producedEvents();
    long lastPredictions = 0;
    long lastTick = System.nanoTime();
    double lastActivity = Double.NaN;
    long quietSince = -1;
    while (true) {
      boolean stopping = stop.await(tickMillis);
      long now = System.nanoTime();
      double seconds = (now - lastTick) / 1e9;
      lastTick = now;
      long produced = simulation.producedEvents();
      long predicted = predictions.count();
      long alerts = feed.recorded();
      peakHeapBytes =
          Math.max(
              peakHeapBytes, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      if (alerts > printedAlerts) {
        List<TimeSeriesSnapshot.RecordedAlert> recorded = recorder.snapshot().alerts();
        int from = (int) Math.max(0, recorded.size() - (alerts - printedAlerts));
        for (TimeSeriesSnapshot.RecordedAlert alert : recorded.subList(from, recorded.size())) {
          console.alert(alert.alert());
        }
        printedAlerts = alerts;
      }
      if (!firstPredictionShown && predicted > 0) {
        console.message(
            String.format(
                Locale.ROOT, "first prediction after %.1f s", predictions.secondsToFirst()));
        firstPredictionShown = true;
      }
      console.status(
          new ConsoleView.Status(
              (now - startNanos) / 1e9,
              simulation.lastEventTimeMillis(),
              (produced - lastProduced) / seconds,
              predicted,
              (predicted - lastPredictions) / seconds,
              meters.max(MetricNames.EVENT_TO_PREDICTION_LATENCY, "quantile", "0.99"),
              meters.max(MetricNames.MODEL_ROC_AUC, "window", "rolling"),
              meters.max(MetricNames.MODEL_AVERAGE_PRECISION, "window", "rolling"),
              alerts));
      lastProduced = produced;
      lastPredictions = predicted;
      Optional<PipelineFailure> failure = runtime.failure();
      if (failure.isPresent()) {
        console.finish();
        throw failure.get();
      }
      if (stopping) {
        console.finish();
        console.message("Ctrl-C: stopping the simulation and writing the report...");
        return ExitCodes.OK;
      }
      if (simulation.outcome().isDone()) {
        DemoSimulation.Outcome outcome;
        try {
          outcome = simulation.outcome().get();
        } catch (ExecutionException e) {
          console.finish();
          throw new CommandFailure(
              "the simulator stopped: " + e.getCause().getMessage(), e.getCause());
        }
        if (outcome.failedEvents() > 0) {
          console.finish();
          console.message(
              String.format(
                  Locale.ROOT, "%,d events could not be produced", outcome.failedEvents()));
          return ExitCodes.FAILED;
        }
        if (!keepRunning) {
          double activity =
              nanToZero(meters.sum(MetricNames.RECORDS))
                  + nanToZero(meters.sum(MetricNames.MONITORED_EVENTS))
                  + predicted;
          // the meters only tell that a stage is busy: a lag that is unknown (NaN: no fetch in the
          // metric's window) or reads 0 may belong to a stalled stage, so the end is decided by
          // the stages' committed offsets (CatchUp), once the meters have been quiet for QUIET
          double lag = meters.max(MetricNames.CONSUMER_LAG);
          boolean running = runtime.state() == PipelineRuntime.State.RUNNING;
          if (!running || activity != lastActivity || lag > 0) {
            lastActivity = activity;
            quietSince = now;
          } else if (now - quietSince >= QUIET.toNanos() && catchUp.check().isEmpty()) {
            console.finish();
            console.message(
                String.format(
                    Locale.ROOT,
                    "the simulation is done (%,d events) and the stages have caught up",
                    outcome.producedEvents()));
            return ExitCodes.OK;
          }
        }
      }
    }
  }

  /**
   * Each running stage's consumer group and the input topics it must have committed offsets on (the
   * topics it reads in every configuration; the group's other committed topics, such as Kafka
   * Streams' repartition topics, are checked too).
   */
  static Map<String, Set<String>> stageInputs(Map<Stage, String> groups, PipelineTopics topics) {
    Map<String, Set<String>> inputs = new LinkedHashMap<>();
    groups.forEach(
        (stage, group) ->
            inputs.put(
                group,
                Set.of(
                    switch (stage) {
                      case FEATURES -> topics.transactions();
                      case MODEL -> topics.features();
                      case MONITORING -> topics.predictions();
                    })));
    return inputs;
  }

  private static double nanToZero(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  private void writeReport(ConsoleView console, Path report, TimeSeriesRecorder recorder) {
    try {
      RunReport.write(
          report,
          "streamlearn demo (" + engine + "), " + timestamp(),
          recorder,
          System.currentTimeMillis());
      console.message("report: " + report);
    } catch (IOException e) {
      console.message("could not write the report " + report + ": " + e.getMessage());
    }
  }

  private SimulatorOptions simulatorOptions() {
    try {
      if (noDrift && !drift.isEmpty()) {
        throw new IllegalArgumentException("--no-drift and --drift exclude each other");
      }
      List<DriftChange> changes = new ArrayList<>();
      for (String text : drift) {
        changes.add(DriftChange.parse(text));
      }
      if (drift.isEmpty() && !noDrift && days > DEFAULT_DRIFT_DAY) {
        changes.add(DriftChange.parse(DEFAULT_DRIFT));
      }
      if (fast && spec.commandLine().getParseResult().hasMatchedOption("--day-every")) {
        throw new IllegalArgumentException(
            "--fast and --day-every exclude each other: --fast does not pace simulated time");
      }
      if (!fast && (dayEvery.isZero() || dayEvery.isNegative())) {
        throw new IllegalArgumentException(
            "--day-every must be positive, not " + DurationConverter.format(dayEvery));
      }
      return SimulatorOptions.DEFAULTS
          .withSeed(seed)
          .withCustomers(customers)
          .withTerminals(terminals)
          .withDays(days)
          .withDrift(changes);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private void checkPort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a port in [0, 65535], not " + port);
    }
  }

  private static String timestamp() {
    return LocalDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
  }

  /** The peak heap (sampled every tick) and the process's peak resident memory (Linux). */
  private String memory() {
    String text = String.format(Locale.ROOT, "peak heap %,d MB", peakHeapBytes >> 20);
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
          text += String.format(Locale.ROOT, ", peak RSS %,d MB", kb >> 10);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the heap alone
    }
    return text;
  }

  /** Closes what was added, last first. */
  private static final class Closer implements AutoCloseable {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    <T extends AutoCloseable> T add(T closeable) {
      closeables.add(closeable);
      return closeable;
    }

    @Override
    public void close() {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        try {
          closeables.get(i).close();
        } catch (Exception e) {
          // keep closing the rest
        }
      }
    }
  }

  /** Listens to the stop signal on a thread of its own, so the console loop can wait on it. */
  private static final class StopWatcher implements AutoCloseable {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final Thread thread;

    StopWatcher(StopSignal signal) {
      thread =
          new Thread(
              () -> {
                try {
                  signal.awaitStop();
                  requested.countDown();
                } catch (InterruptedException e) {
                  // closed
                }
              },
              "streamlearn-demo-stop");
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits up to {@code millis}; true when a stop was requested. */
    boolean await(long millis) throws InterruptedException {
      return requested.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }
}
