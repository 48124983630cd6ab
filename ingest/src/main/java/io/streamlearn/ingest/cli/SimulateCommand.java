package io.streamlearn.ingest.cli;

import io.streamlearn.ingest.IngestException;
import io.streamlearn.ingest.core.pacing.Pacer;
import io.streamlearn.ingest.core.pacing.Pacing;
import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.ingest.core.simulator.FraudScenario;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.SimulationStatistics;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.kafka.DeliveryGuard;
import io.streamlearn.ingest.kafka.EventWireEncoder;
import io.streamlearn.ingest.kafka.KafkaCluster;
import io.streamlearn.ingest.kafka.ProducerSettings;
import io.streamlearn.ingest.kafka.SchemaRegistration;
import io.streamlearn.ingest.kafka.SimulationPublisher;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: produces the handbook's simulated card transactions, their delayed labels and
 * optional drift to Kafka (or, with {@code --dry-run}, only reports the dataset's statistics).
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    defaultValueProvider = CoreDefaults.class,
    description = {
      "Produce simulated card transactions and their labels to Kafka, as Avro in the Schema"
          + " Registry wire format, keyed by transaction id.",
      "",
      "The simulator follows Le Borgne et al., Reproducible Machine Learning for Credit Card Fraud"
          + " Detection - Practical Handbook, chapter 3: customers and terminals on a 100 x 100"
          + " grid, daily Poisson transaction counts, and three fraud scenarios (amounts above"
          + " 220; 2 terminals compromised per day for 28 days; 3 customers compromised per day"
          + " for 14 days, a third of their transactions at 5 times the amount). Transactions and"
          + " labels come out merged in event-time order; the same seed and options give the"
          + " same stream, byte for byte.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every event was produced",
      "1:the run stopped: Kafka or the registry unreachable or refusing, or a file that cannot"
          + " be written",
      "2:invalid options"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  simulate --days 30 --customers 1000 --terminals 2000",
      "  simulate --drift 90:fraud-rate:3 --drift 120:amount-shift:1.5 --ground-truth drift.csv",
      "  simulate --day-every 10s            (one simulated day every 10 seconds)",
      "  simulate --dry-run                  (statistics only, no Kafka)"
    })
public final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Mixin ValidationOptions validation = new ValidationOptions();

  @Option(
      names = "--transactions-topic",
      paramLabel = "TOPIC",
      defaultValue = "transactions",
      description = "Topic of the transactions (default: ${DEFAULT-VALUE}).")
  String transactionsTopic;

  @Option(
      names = "--labels-topic",
      paramLabel = "TOPIC",
      defaultValue = "labels",
      description = "Topic of the labels (default: ${DEFAULT-VALUE}).")
  String labelsTopic;

  @Option(names = "--no-labels", description = "Produce transactions only.")
  boolean noLabels;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Root of every random stream (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--customers",
      paramLabel = "N",
      description = "Number of customers (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--terminals",
      paramLabel = "N",
      description = "Number of terminals (default: ${DEFAULT-VALUE}).")
  int terminals;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Number of simulated days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--start-date",
      paramLabel = "DATE",
      description = "Day 0, from 00:00 UTC (default: ${DEFAULT-VALUE}).")
  LocalDate startDate;

  @Option(
      names = "--radius",
      paramLabel = "R",
      description =
          "A customer uses the terminals within this distance (default: ${DEFAULT-VALUE}).")
  double radius;

  @Option(
      names = "--label-delay",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Every transaction is labelled this long after it happened (default: ${DEFAULT-VALUE}).")
  Duration labelDelay;

  @Option(
      names = "--late-fraud-fraction",
      paramLabel = "F",
      description =
          "Share of frauds discovered later still, in [0, 1] (default: ${DEFAULT-VALUE}).")
  double lateFraudFraction;

  @Option(
      names = "--late-fraud-max-extra-delay",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "A late fraud's label comes up to this much after the label delay (default:"
              + " ${DEFAULT-VALUE}).")
  Duration lateFraudMaxExtraDelay;

  @Option(
      names = "--drift",
      paramLabel = "DAY:KIND:VALUE",
      description = {
        "Change the world from a day on; repeatable. Kinds: fraud-rate (factor on compromises"
            + " per day), amount-shift (factor on every customer's amounts), customer-frequency"
            + " (factor on transactions per day), new-pattern (cards stolen per day, used at"
            + " night at new terminals). E.g. 90:fraud-rate:3."
      })
  List<String> drift = new ArrayList<>();

  @Option(
      names = "--ground-truth",
      paramLabel = "FILE",
      description = "Write the drift change points to this CSV file (format in docs/INGEST.md).")
  Path groundTruth;

  @ArgGroup(exclusive = true)
  Pace pace;

  static final class Pace {
    @Option(
        names = "--rate",
        paramLabel = "EVENTS/S",
        description = "Produce at this steady rate (default: as fast as possible).")
    Double rate;

    @Option(
        names = "--day-every",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Replay event time so that one simulated day takes this long, e.g. 10s.")
    Duration dayEvery;
  }

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Stop after N events (default: the whole simulation).")
  Long limit;

  @Option(
      names = "--dry-run",
      description = "Generate the stream without Kafka and report its statistics.")
  boolean dryRun;

  /** Runs the command on its own, e.g. {@code java -cp ... SimulateCommand --help}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulateCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SimulatorOptions options;
    EventValidator validator;
    Pacing pacing;
    boolean progress;
    ProducerSettings settings;
    try {
      settings = kafka.settings();
      options = simulatorOptions();
      validator = validation.validator();
      pacing = pacing();
      progress = kafka.showProgress();
      if (limit != null && limit < 0) {
        throw new IllegalArgumentException("--limit must be at least 0 but was " + limit);
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    } catch (IngestException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILED;
    }
    try {
      checkTimestampRange(options, validator);
      TransactionSimulator simulator = new TransactionSimulator(options);
      if (groundTruth != null) {
        writeGroundTruth(simulator);
      }
      long expectedEvents = Math.round(simulator.expectedTransactions() * (noLabels ? 1 : 2));
      long maxEvents = limit == null ? Long.MAX_VALUE : limit;
      if (dryRun) {
        return dryRun(simulator, Math.min(expectedEvents, maxEvents), maxEvents, progress, out);
      }
      return produce(
          settings,
          simulator,
          validator,
          pacing,
          Math.min(expectedEvents, maxEvents),
          maxEvents,
          progress,
          out,
          err);
    } catch (IngestException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILED;
    } catch (KafkaException e) {
      err.println("error: the producer settings are invalid: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      err.flush();
      return ExitCodes.FAILED;
    }
  }

  private SimulatorOptions simulatorOptions() {
    List<DriftChange> changes = new ArrayList<>();
    for (String text : drift) {
      changes.add(DriftChange.parse(text));
    }
    return new SimulatorOptions(
        seed,
        customers,
        terminals,
        days,
        startDate,
        radius,
        SimulatorOptions.HANDBOOK_FRAUD,
        new SimulatorOptions.Labels(labelDelay, lateFraudFraction, lateFraudMaxExtraDelay),
        changes);
  }

  private Pacing pacing() {
    if (pace == null) {
      return Pacing.asFastAsPossible();
    }
    return pace.rate != null
        ? Pacing.eventsPerSecond(pace.rate)
        : Pacing.simulatedDayEvery(pace.dayEvery);
  }

  /** Refuses a simulation whose events would all fall outside the accepted timestamps. */
  private static void checkTimestampRange(SimulatorOptions options, EventValidator validator) {
    long first = options.startEpochMillis();
    long last =
        first
            + options.days() * 86_400_000L
            + options.labels().delay().toMillis()
            + (options.labels().lateFraudFraction() > 0
                ? options.labels().lateFraudMaxExtraDelay().toMillis()
                : 0);
    long min = validator.rules().minTimestampMillis();
    long max = validator.rules().maxTimestampMillis();
    if (first < min || last > max) {
      throw new IngestException(
          "the simulated events span "
              + Instant.ofEpochMilli(first)
              + " to "
              + Instant.ofEpochMilli(last)
              + ", outside the accepted timestamps ["
              + Instant.ofEpochMilli(min)
              + ", "
              + Instant.ofEpochMilli(max)
              + "): change --start-date or --min-timestamp/--max-timestamp");
    }
  }

  private void writeGroundTruth(TransactionSimulator simulator) {
    try (Writer writer = Files.newBufferedWriter(groundTruth, StandardCharsets.UTF_8)) {
      simulator.groundTruth().writeCsv(writer);
    } catch (IOException e) {
      throw new IngestException(
          "cannot write the ground-truth file " + groundTruth + ": " + e.getMessage(), e);
    }
  }

  private int dryRun(
      TransactionSimulator simulator,
      long expected,
      long maxEvents,
      boolean showProgress,
      PrintWriter out) {
    long start = System.nanoTime();
    SimulationRun run = simulator.run();
    long events = 0;
    try (ProgressDisplay bar =
        ProgressDisplay.create(showProgress, "simulate", expected, "events", 1)) {
      while (events < maxEvents && run.hasNext()) {
        if (run.next() instanceof SimulatedLabel && noLabels) {
          continue;
        }
        events++;
        if ((events & 0xFFFF) == 0) {
          bar.stepTo(events);
        }
      }
      bar.complete(events);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    SummaryTable table = statistics(run.statistics(), simulator.options());
    table.row(
        "elapsed",
        String.format(
            "%.1f s (%,.0f events/s, nothing produced: dry run)", seconds, events / seconds));
    table.print(out);
    return ExitCodes.OK;
  }

  private int produce(
      ProducerSettings settings,
      TransactionSimulator simulator,
      EventValidator validator,
      Pacing pacing,
      long expected,
      long maxEvents,
      boolean showProgress,
      PrintWriter out,
      PrintWriter err)
      throws InterruptedException {
    kafka.printSettings(settings, err);
    String labels = noLabels ? null : labelsTopic;
    List<String> topics =
        new ArrayList<>(List.of(transactionsTopic, DeadLetterHeaders.topicFor(transactionsTopic)));
    if (labels != null) {
      topics.add(labels);
      topics.add(DeadLetterHeaders.topicFor(labels));
    }
    try (KafkaCluster cluster = KafkaCluster.connect(settings.kafka(), kafka.connectTimeout)) {
      List<String> created = cluster.ensureTopics(topics, kafka.partitions());
      if (!created.isEmpty()) {
        err.println("created topics " + String.join(", ", created));
      }
    }
    EventWireEncoder encoder = SchemaRegistration.eventEncoder(settings, transactionsTopic, labels);
    err.println(
        "producing to "
            + String.join(
                ", ",
                topics.subList(0, labels == null ? 1 : 3).stream()
                    .filter(t -> !t.endsWith(".dlq"))
                    .toList())
            + " on "
            + settings.bootstrapServers());
    err.flush();
    long start = System.nanoTime();
    SimulationRun run = simulator.run();
    SimulationPublisher.Report report;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.kafka());
        ProgressDisplay bar =
            ProgressDisplay.create(showProgress, "simulate", expected, "events", 1)) {
      SimulationPublisher publisher =
          new SimulationPublisher(
              producer,
              encoder,
              new SimulationPublisher.Topics(transactionsTopic, labels),
              validator,
              new Pacer(pacing, System::nanoTime, SimulateCommand::sleep),
              new DeliveryGuard(settings.bootstrapServers()));
      report = publisher.publish(run, maxEvents, bar::stepTo);
      bar.complete(report.events());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    SummaryTable table = statistics(run.statistics(), simulator.options());
    table.row(
        "produced",
        String.format(
            "%,d transactions to %s%s",
            report.transactions(),
            transactionsTopic,
            labels == null ? "" : String.format(", %,d labels to %s", report.labels(), labels)));
    table.row("dead-lettered", String.format("%,d", report.deadLettered()));
    table.row("failed", String.format("%,d", report.failed()));
    table.row(
        "elapsed", String.format("%.1f s (%,.0f events/s)", seconds, report.events() / seconds));
    table.print(out);
    return report.failed() > 0 ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private static SummaryTable statistics(SimulationStatistics stats, SimulatorOptions options) {
    SummaryTable table = new SummaryTable("statistic", "value");
    table.row(
        "world",
        String.format(
            "%,d customers, %,d terminals, %d days from %s, seed %d",
            options.customers(),
            options.terminals(),
            options.days(),
            options.startDate(),
            options.seed()));
    table.row("transactions", String.format("%,d", stats.transactions()));
    table.row("frauds", String.format("%,d (%.3f%%)", stats.frauds(), 100 * stats.fraudRate()));
    for (FraudScenario scenario : FraudScenario.values()) {
      if (scenario.isFraud()) {
        table.row(
            "  scenario " + scenario.id(),
            String.format(
                "%,d  %s",
                stats.transactions(scenario),
                scenario.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
      }
    }
    table.row("mean amount", String.format("%.2f", stats.meanAmount()));
    table.row("labels", String.format("%,d (%,d late)", stats.labels(), stats.lateLabels()));
    return table;
  }

  private static void sleep(long nanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos);
  }
}
