package io.streamlearn.app.stack;

import io.streamlearn.app.Endpoints;
import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.embedded.StackSettings;
import io.streamlearn.ingest.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code stack}: runs the embedded stack (a KRaft Kafka broker and a Schema Registry, in this JVM)
 * in the foreground until Ctrl-C, keeping its data across restarts.
 */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Run a Kafka broker and a Schema Registry in this process until Ctrl-C (no Docker).",
      "",
      "The broker is a real Kafka broker in KRaft mode (single node), the registry speaks"
          + " Confluent's REST API; both listen on the loopback address. The other commands reach"
          + " them with their defaults (--bootstrap-servers "
          + Endpoints.BOOTSTRAP_SERVERS
          + ", --schema-registry-url "
          + Endpoints.SCHEMA_REGISTRY_URL
          + ").",
      "",
      "Topics, offsets and schemas are kept in the data directory across restarts; --fresh"
          + " starts empty.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped on Ctrl-C",
      "1:the stack could not start (a port in use, a data directory that is not the stack's)",
      "2:invalid options"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  stack",
      "  stack --fresh",
      "  stack --data-dir /tmp/streamlearn --kafka-port 19092 --registry-port 18081"
    })
public final class StackCommand implements Callable<Integer> {

  /** How long a shutdown waits for the broker to close. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.streamlearn/stack",
      description = "Where the broker keeps topics and schemas (default: ${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(names = "--fresh", description = "Delete the data directory's content before starting.")
  boolean fresh;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "" + Endpoints.KAFKA_PORT,
      description = "Kafka's port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      paramLabel = "PORT",
      defaultValue = "" + Endpoints.SCHEMA_REGISTRY_PORT,
      description = "The Schema Registry's port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int registryPort;

  private final StopSignal stopSignal;

  /** Stops on Ctrl-C. */
  public StackCommand() {
    this(StopSignal.onShutdown(SHUTDOWN_GRACE));
  }

  /** Stops when {@code stopSignal} says so. */
  public StackCommand(StopSignal stopSignal) {
    this.stopSignal = Objects.requireNonNull(stopSignal, "stopSignal");
  }

  @Override
  public Integer call() {
    checkPort("--kafka-port", kafkaPort);
    checkPort("--registry-port", registryPort);
    if (kafkaPort != 0 && kafkaPort == registryPort) {
      throw new ParameterException(
          spec.commandLine(),
          "--kafka-port and --registry-port must differ, both are " + kafkaPort);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path directory = dataDirectory.toAbsolutePath().normalize();
    stopSignal.arm();
    try {
      StackDirectory.prepare(directory, fresh);
      StackSettings settings =
          StackSettings.defaults()
              .withDataDirectory(directory)
              .withKafkaPort(kafkaPort)
              .withRegistryPort(registryPort);
      try (EmbeddedStack stack = EmbeddedStack.start(settings)) {
        out.println("streamlearn stack is running");
        out.println("  Kafka (KRaft)     " + stack.bootstrapServers());
        out.println("  Schema Registry   " + stack.schemaRegistryUrl());
        out.println(
            "  data              "
                + directory
                + (fresh ? " (started empty)" : " (kept across restarts; --fresh starts empty)"));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        try {
          stopSignal.awaitStop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        err.println("stopping the stack...");
        err.flush();
      }
      err.println("stopped; data kept in " + directory);
      err.flush();
      return ExitCodes.OK;
    } finally {
      stopSignal.stopped();
    }
  }

  private void checkPort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a port in [0, 65535] but was " + port);
    }
  }
}
