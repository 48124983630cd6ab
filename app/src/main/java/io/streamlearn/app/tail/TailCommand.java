package io.streamlearn.app.tail;

import io.streamlearn.app.Endpoints;
import io.streamlearn.app.Topics;
import io.streamlearn.app.cli.CommandFailure;
import io.streamlearn.app.cli.Redaction;
import io.streamlearn.ingest.cli.DurationConverter;
import io.streamlearn.ingest.cli.ExitCodes;
import io.streamlearn.ingest.kafka.KafkaCluster;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.registry.SchemaRegistryClients;
import io.streamlearn.platform.registry.SchemaRegistryException;
import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import io.streamlearn.platform.serde.AvroSerdeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tail}: prints the records of a topic as JSON lines, decoding Avro values with their writer
 * schema from the registry, so any topic can be read without generated classes.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Print the records of a topic as JSON lines on stdout, one per record.",
      "",
      "Values in the Schema Registry wire format are decoded with their writer schema, fetched"
          + " from the registry by the id in each record, so any topic reads without its classes:"
          + " unions unwrapped, timestamps as ISO-8601 text, bytes as base64. Keys print as"
          + " strings. Records of dead-letter topics (<topic>.dlq, late-events) print as"
          + " {\"key\", \"headers\", \"value\"}, their original bytes decoded when they are Avro, else"
          + " as valueText or valueBase64. Messages go to stderr, so stdout stays JSON.",
      "",
      "Reads without a consumer group and commits nothing. Stops after --max records, after"
          + " --timeout without a record, or on Ctrl-C.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped after --max records, --timeout or Ctrl-C",
      "1:Kafka or the registry unreachable or refusing, or a value that cannot be decoded",
      "2:invalid options"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tail predictions",
      "  tail transactions --from-beginning --max 10 --key",
      "  tail transactions.dlq --from-beginning --timeout 5s",
      "  tail alerts -b broker:9093 -X security.protocol=SASL_SSL --consumer-config client.properties"
    })
public final class TailCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "TOPIC",
      description = "Topic to read, e.g. " + Topics.PREDICTIONS + " or " + Topics.TRANSACTIONS)
  String topic;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOST:PORT[,...]",
      defaultValue = Endpoints.BOOTSTRAP_SERVERS,
      description = "Kafka brokers to connect to (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = {"-r", "--schema-registry-url"},
      paramLabel = "URL",
      description =
          "Schema Registry URL (default: "
              + Endpoints.SCHEMA_REGISTRY_URL
              + ", unless the consumer config sets schema.registry.url); mock://NAME selects an"
              + " in-memory registry.")
  String schemaRegistryUrl;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest record instead of the records that arrive from now on.")
  boolean fromBeginning;

  @Option(
      names = {"-n", "--max"},
      paramLabel = "N",
      description = "Stop after N records (default: no limit).")
  Long max;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop when no record has arrived for this long, e.g. 10s (default: never).")
  Duration timeout;

  @Option(
      names = {"-k", "--key"},
      description = "Print {\"key\": ..., \"value\": ...} instead of the value alone.")
  boolean key;

  @Option(names = "--headers", description = "Print the headers of each record too.")
  boolean headers;

  @Option(
      names = "--consumer-config",
      paramLabel = "FILE",
      description =
          "Properties file of consumer and registry settings, e.g. security.protocol,"
              + " sasl.jaas.config, ssl.truststore.location, basic.auth.user.info. Secrets are"
              + " never printed.")
  Path consumerConfig;

  @Option(
      names = {"-X", "--consumer-property"},
      paramLabel = "KEY=VALUE",
      description = "One consumer or registry setting, applied last; repeatable.")
  List<String> consumerProperties = new ArrayList<>();

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description =
          "How long to wait for Kafka or the registry to answer (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Override
  public Integer call() throws InterruptedException {
    ConsumerSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // fails in one sentence when Kafka does not answer, rather than a consumer retrying forever
    KafkaCluster.connect(settings.kafka(), connectTimeout).close();
    SchemaRegistryClient registry = registry(settings);
    RecordFormatter formatter =
        new RecordFormatter(
            new WriterSchemaDecoder(registry), key, headers, Topics.carriesDeadLetters(topic));
    Tally tally;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(settings)) {
      AtomicBoolean stopping = new AtomicBoolean();
      CountDownLatch done = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                stopping.set(true);
                consumer.wakeup();
                awaitQuietly(done);
              },
              "streamlearn-tail-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        tally = read(consumer, settings, formatter, stopping, out, err);
      } finally {
        done.countDown();
        removeQuietly(hook);
      }
    }
    out.flush();
    err.println(
        "read "
            + tally.printed
            + (tally.printed == 1 ? " record" : " records")
            + " from "
            + topic
            + (tally.skipped > 0 ? " (" + tally.skipped + " could not be decoded)" : ""));
    err.flush();
    return ExitCodes.OK;
  }

  private ConsumerSettings settings() {
    if (max != null && max < 1) {
      throw new ParameterException(spec.commandLine(), "--max must be at least 1 but was " + max);
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new ParameterException(spec.commandLine(), "--timeout must be positive");
    }
    if (connectTimeout.isZero() || connectTimeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--connect-timeout must be positive");
    }
    if (topic.isBlank()) {
      throw new ParameterException(spec.commandLine(), "the topic name must not be empty");
    }
    try {
      return ConsumerSettings.of(
          bootstrapServers, schemaRegistryUrl, consumerConfig, consumerProperties);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private SchemaRegistryClient registry(ConsumerSettings settings) {
    String shown = Redaction.urls(settings.registryUrl());
    SchemaRegistryClient registry;
    try {
      registry = SchemaRegistryClients.create(settings.registry());
    } catch (ConfigException | IllegalArgumentException e) {
      throw new CommandFailure("the Schema Registry settings are invalid: " + e.getMessage(), e);
    }
    try {
      registry.globalCompatibility();
    } catch (SchemaRegistryUnavailableException e) {
      throw new CommandFailure("cannot reach the Schema Registry at " + shown, e);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() == 401) {
        throw new CommandFailure(
            "the Schema Registry at " + shown + " refused our credentials (HTTP 401)", e);
      }
      // reachable; a registry that only forbids reading its configuration still serves schemas
    }
    return registry;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(ConsumerSettings settings) {
    return new KafkaConsumer<>(settings.kafka());
  }

  private static final class Tally {
    long printed;
    long skipped;
  }

  private Tally read(
      KafkaConsumer<byte[], byte[]> consumer,
      ConsumerSettings settings,
      RecordFormatter formatter,
      AtomicBoolean stopping,
      PrintWriter out,
      PrintWriter err) {
    Tally tally = new Tally();
    long limit = max == null ? Long.MAX_VALUE : max;
    long idleLimit = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
    long lastActivity = System.nanoTime();
    try {
      List<TopicPartition> partitions = partitions(consumer, settings, stopping, err, idleLimit);
      if (partitions.isEmpty()) {
        return tally;
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      partitions.forEach(consumer::position); // fix the start now, not at the first poll
      lastActivity = System.nanoTime();
      while (!stopping.get() && tally.printed < limit) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (tally.printed >= limit) {
            break;
          }
          String line;
          try {
            line = formatter.format(record);
          } catch (AvroSerdeException e) {
            if (e.isTransient()) {
              throw new CommandFailure(
                  "lost the Schema Registry while reading "
                      + topic
                      + " (partition "
                      + record.partition()
                      + ", offset "
                      + record.offset()
                      + "): "
                      + e.detail(),
                  e);
            }
            tally.skipped++;
            err.println(
                "skipped partition "
                    + record.partition()
                    + " offset "
                    + record.offset()
                    + ": "
                    + e.getMessage());
            continue;
          }
          out.println(line);
          tally.printed++;
        }
        if (!records.isEmpty()) {
          out.flush();
          err.flush();
          lastActivity = System.nanoTime();
        } else if (System.nanoTime() - lastActivity >= idleLimit) {
          break;
        }
      }
    } catch (WakeupException e) {
      // Ctrl-C: stop reading
    }
    return tally;
  }

  /** The topic's partitions, waiting for the topic to be created when it does not exist yet. */
  private List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer,
      ConsumerSettings settings,
      AtomicBoolean stopping,
      PrintWriter err,
      long idleLimit) {
    long start = System.nanoTime();
    boolean told = false;
    while (!stopping.get()) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, connectTimeout);
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        return partitions;
      }
      if (System.nanoTime() - start >= idleLimit) {
        throw new CommandFailure(
            "topic "
                + topic
                + " does not exist on "
                + settings.bootstrapServers()
                + " (waited "
                + DurationConverter.format(timeout)
                + ")");
      }
      if (!told) {
        err.println("topic " + topic + " does not exist yet; waiting for it to be created");
        err.flush();
        told = true;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(TOPIC_RETRY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
    return List.of();
  }

  private static void awaitQuietly(CountDownLatch done) {
    try {
      done.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeQuietly(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running or ran
    }
  }
}
