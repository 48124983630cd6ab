package io.streamlearn.ingest.cli;

import io.streamlearn.ingest.IngestException;
import io.streamlearn.ingest.avro.AvroRecordValidator;
import io.streamlearn.ingest.avro.EpochUnit;
import io.streamlearn.ingest.avro.RecordMapper;
import io.streamlearn.ingest.avro.SchemaSource;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.file.FileReplay;
import io.streamlearn.ingest.file.InputFormat;
import io.streamlearn.ingest.file.ReplayListener;
import io.streamlearn.ingest.file.ReplayTally;
import io.streamlearn.ingest.kafka.DeliveryGuard;
import io.streamlearn.ingest.kafka.KafkaCluster;
import io.streamlearn.ingest.kafka.KafkaReplaySink;
import io.streamlearn.ingest.kafka.ProducerSettings;
import io.streamlearn.ingest.kafka.SchemaRegistration;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.serde.AvroSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code produce}: replays CSV or JSON-lines files into a topic as Avro records of a given schema,
 * validating each record and dead-lettering the rejected ones with the reason.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    defaultValueProvider = CoreDefaults.class,
    description = {
      "Replay CSV or JSON-lines files into a Kafka topic as Avro records in the Schema Registry"
          + " wire format.",
      "",
      "Columns (or JSON keys) are matched to the schema's fields by name, alias or --column;"
          + " values are coerced to the field types (numbers, booleans, ISO-8601 or epoch"
          + " timestamps, enums, JSON for arrays, maps and records); absent optional fields take"
          + " their default; unknown columns are reported once and ignored.",
      "",
      "Each record is validated: it must fit the schema, ids must not be empty, amounts must be"
          + " finite and >= 0, timestamps must lie in the accepted range. A rejected record goes"
          + " to <topic>.dlq with its original line as value and headers naming the reason, the"
          + " file and the line. A malformed line never stops the run; at the end every record"
          + " read is accounted for as produced or dead-lettered.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every record was produced or dead-lettered (and none was dead-lettered with --strict)",
      "1:the run stopped: a missing file, a wrong schema, Kafka or the registry unreachable or"
          + " refusing, or records that could not be delivered at all",
      "2:invalid options",
      "3:--strict was given and records were dead-lettered"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  produce --topic transactions --schema Transaction transactions.csv",
      "  produce -t clicks -s click.avsc --key-field userId --epoch-unit seconds clicks.jsonl",
      "  produce -t transactions -s Transaction --column TX_AMOUNT=amount --strict handbook.csv"
    })
public final class ProduceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Mixin ValidationOptions validation = new ValidationOptions();

  @Parameters(
      paramLabel = "FILE",
      arity = "1..*",
      description =
          "CSV (.csv) or JSON-lines (.jsonl, .ndjson, .json) files, optionally gzipped (.gz).")
  List<Path> files = new ArrayList<>();

  @Option(
      names = {"-t", "--topic"},
      required = true,
      paramLabel = "TOPIC",
      description = "Topic to produce to; rejected records go to TOPIC.dlq.")
  String topic;

  @Option(
      names = {"-s", "--schema"},
      required = true,
      paramLabel = "SCHEMA",
      description = "Transaction or Label (our contracts), or the path of an .avsc file.")
  String schema;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "csv or jsonl (default: from each file's extension).")
  String format;

  @Option(
      names = "--key-field",
      paramLabel = "FIELD",
      description =
          "Field whose value is the record key (default: transactionId when the schema has it, else no key).")
  String keyField;

  @Option(
      names = "--column",
      paramLabel = "COLUMN=FIELD",
      description = "Read field FIELD from column COLUMN; repeatable.")
  List<String> columns = new ArrayList<>();

  @Option(
      names = "--epoch-unit",
      paramLabel = "UNIT",
      defaultValue = "millis",
      description =
          "Unit of timestamps given as numbers: seconds, millis or micros (default: ${DEFAULT-VALUE}).")
  String epochUnit;

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      defaultValue = ",",
      description = "CSV column separator (default: '${DEFAULT-VALUE}'); \\t for tab.")
  String delimiter;

  @Option(
      names = "--id-field",
      paramLabel = "FIELD",
      description =
          "A field that must be a non-empty id; repeatable (default: string fields named id or *Id).")
  Set<String> idFields = new LinkedHashSet<>();

  @Option(
      names = "--amount-field",
      paramLabel = "FIELD",
      description =
          "A field that must be a finite amount >= 0; repeatable (default: numeric fields named amount or *Amount).")
  Set<String> amountFields = new LinkedHashSet<>();

  @Option(names = "--strict", description = "Exit with code 3 when any record was dead-lettered.")
  boolean strict;

  /** Runs the command on its own, e.g. {@code java -cp ... ProduceCommand --help}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ProduceCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Schema avroSchema;
    FileReplay replay;
    List<InputFormat> formats = new ArrayList<>();
    boolean progress;
    ProducerSettings settings;
    try {
      progress = kafka.showProgress();
      settings = kafka.settings();
      char separator = separator();
      EpochUnit unit = EpochUnit.parse(epochUnit);
      Map<String, String> renames = renames();
      for (Path file : files) {
        formats.add(format == null ? InputFormat.detect(file) : InputFormat.parse(format));
      }
      try {
        avroSchema = SchemaSource.resolve(schema);
      } catch (IllegalArgumentException e) {
        throw new IngestException(e.getMessage(), e);
      }
      EventValidator validator = validation.validator();
      String key =
          keyField != null
              ? keyField
              : (avroSchema.getField("transactionId") != null ? "transactionId" : null);
      replay =
          new FileReplay(
              new RecordMapper(avroSchema, renames, unit),
              AvroRecordValidator.forSchema(avroSchema, validator, idFields, amountFields),
              key,
              separator);
    } catch (IngestException e) {
      return fail(err, e.getMessage());
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    try {
      checkFilesReadable();
      return produce(settings, avroSchema, replay, formats, progress, out, err);
    } catch (IngestException e) {
      return fail(err, e.getMessage());
    } catch (KafkaException e) {
      return fail(err, "the producer settings are invalid: " + e.getMessage());
    }
  }

  private int produce(
      ProducerSettings settings,
      Schema avroSchema,
      FileReplay replay,
      List<InputFormat> formats,
      boolean showProgress,
      PrintWriter out,
      PrintWriter err) {
    String deadLetterTopic = DeadLetterHeaders.topicFor(topic);
    try (KafkaCluster cluster = KafkaCluster.connect(settings.kafka(), kafka.connectTimeout)) {
      List<String> created =
          cluster.ensureTopics(List.of(topic, deadLetterTopic), kafka.partitions());
      if (!created.isEmpty()) {
        err.println("created topics " + String.join(", ", created));
      }
    }
    SchemaRegistryClient registry = SchemaRegistration.client(settings.registry());
    SchemaRegistration.registerValueSchema(registry, settings.registryUrl(), topic, avroSchema);
    ReplayTally tally = new ReplayTally();
    DeliveryGuard guard = new DeliveryGuard(settings.bootstrapServers());
    long totalBytes = totalBytes();
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.kafka());
        ProgressDisplay bar =
            ProgressDisplay.create(showProgress, "produce", totalBytes, "MiB", 1 << 20)) {
      KafkaReplaySink sink =
          new KafkaReplaySink(
              producer,
              new AvroSerializer<GenericRecord>(registry).configured(Map.of(), false),
              topic,
              tally,
              guard);
      long done = 0;
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        long before = done;
        ReplayListener listener =
            new ReplayListener() {
              @Override
              public void notice(String message) {
                err.println("note: " + message);
                err.flush();
              }

              @Override
              public void progress(long bytesRead) {
                bar.stepTo(before + bytesRead);
              }
            };
        try {
          replay.replay(file, file.toString(), formats.get(i), sink, tally, listener);
        } catch (IOException e) {
          throw new IngestException("cannot read " + file + ": " + e.getMessage(), e);
        }
        done += size(file);
        bar.stepTo(done);
      }
      sink.finish();
      bar.complete(Math.max(done, totalBytes));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    printSummary(tally, seconds, deadLetterTopic, out);
    ReplayTally.Counts total = tally.total();
    if (!total.balances() || total.failed() > 0) {
      err.println(
          "error: "
              + total.failed()
              + " records could not be delivered to "
              + topic
              + " nor to "
              + deadLetterTopic);
      err.flush();
      return ExitCodes.FAILED;
    }
    if (strict && total.deadLettered() > 0) {
      err.println(
          "error: "
              + total.deadLettered()
              + " records were rejected (--strict); see "
              + deadLetterTopic);
      err.flush();
      return ExitCodes.REJECTED;
    }
    return ExitCodes.OK;
  }

  private void printSummary(
      ReplayTally tally, double seconds, String deadLetterTopic, PrintWriter out) {
    SummaryTable table = new SummaryTable("source", "read", "produced", "dead-lettered", "failed");
    for (ReplayTally.Counts counts : tally.counts()) {
      table.row(
          counts.source(),
          counts.read(),
          counts.produced(),
          counts.deadLettered(),
          counts.failed());
    }
    ReplayTally.Counts total = tally.total();
    if (tally.counts().size() > 1) {
      table.row("total", total.read(), total.produced(), total.deadLettered(), total.failed());
    }
    table.print(out);
    out.printf(
        "%,d records read: %,d produced to %s, %,d dead-lettered to %s, %,d failed, in %.1f s (%,.0f records/s)%s%n",
        total.read(),
        total.produced(),
        topic,
        total.deadLettered(),
        deadLetterTopic,
        total.failed(),
        seconds,
        total.read() / Math.max(seconds, 1e-9),
        total.blankLines() > 0
            ? String.format("; %,d blank lines skipped", total.blankLines())
            : "");
    out.flush();
  }

  private void checkFilesReadable() {
    for (Path file : files) {
      if (!Files.exists(file)) {
        throw new IngestException("input file " + file + " does not exist");
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IngestException("input file " + file + " is not a readable file");
      }
    }
  }

  private long totalBytes() {
    long total = 0;
    for (Path file : files) {
      if (file.getFileName().toString().endsWith(".gz")) {
        return -1;
      }
      total += size(file);
    }
    return total;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private char separator() {
    String text = "\\t".equals(delimiter) ? "\t" : delimiter;
    if (text.length() != 1) {
      throw new IllegalArgumentException(
          "--delimiter must be one character but was '" + delimiter + "'");
    }
    return text.charAt(0);
  }

  private Map<String, String> renames() {
    Map<String, String> renames = new LinkedHashMap<>();
    for (String column : columns) {
      int equals = column.indexOf('=');
      if (equals <= 0 || equals == column.length() - 1) {
        throw new IllegalArgumentException(
            "--column must have the form COLUMN=FIELD but was '" + column + "'");
      }
      renames.put(column.substring(0, equals).trim(), column.substring(equals + 1).trim());
    }
    return renames;
  }

  private static int fail(PrintWriter err, String message) {
    err.println("error: " + message);
    err.flush();
    return ExitCodes.FAILED;
  }
}
