package io.streamlearn.app;

import io.streamlearn.app.cli.EnvironmentDefaults;
import io.streamlearn.app.cli.ExecutionErrors;
import io.streamlearn.app.cli.ParameterErrors;
import io.streamlearn.app.cli.VersionProvider;
import io.streamlearn.app.demo.DemoCommand;
import io.streamlearn.app.pipeline.RunCommand;
import io.streamlearn.app.stack.StackCommand;
import io.streamlearn.app.tail.TailCommand;
import io.streamlearn.ingest.cli.ProduceCommand;
import io.streamlearn.ingest.cli.SimulateCommand;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code streamlearn} command and its subcommands. */
@Command(
    name = "streamlearn",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = {
      "Streaming online learning on Kafka: events in the Schema Registry wire format, streaming"
          + " features, online models and drift monitoring on Flink or Kafka Streams.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      SimulateCommand.class,
      ProduceCommand.class,
      TailCommand.class,
      StackCommand.class,
      CommandLine.HelpCommand.class
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  " + EnvironmentDefaults.BOOTSTRAP_SERVERS + "      default of --bootstrap-servers",
      "  " + EnvironmentDefaults.SCHEMA_REGISTRY_URL + "    default of --schema-registry-url",
      "",
      "Exit codes: 0 success, 1 failure (one sentence on stderr), 2 invalid options.",
      "Run 'streamlearn COMMAND --help' for a command's options."
    })
public final class StreamlearnCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = ExecutionErrors.VERBOSE,
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error.")
  boolean verbose;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "a command is required: demo, run, simulate, produce, tail or stack");
  }

  /** The command line with its error handling, reading defaults from {@code environment}. */
  public static CommandLine commandLine(Map<String, String> environment) {
    return commandLine(environment, CommandLine.defaultFactory());
  }

  /**
   * As {@link #commandLine(Map)}, creating the subcommands with {@code factory} (tests give a
   * {@code stack} that stops on their signal).
   */
  public static CommandLine commandLine(Map<String, String> environment, IFactory factory) {
    CommandLine commandLine = new CommandLine(new StreamlearnCommand(), factory);
    commandLine.setExecutionExceptionHandler(new ExecutionErrors());
    commandLine.setParameterExceptionHandler(new ParameterErrors());
    commandLine.setUsageHelpAutoWidth(true);
    for (CommandLine subcommand : commandLine.getSubcommands().values()) {
      subcommand.setDefaultValueProvider(
          new EnvironmentDefaults(environment, subcommand.getDefaultValueProvider()));
    }
    return commandLine;
  }
}
