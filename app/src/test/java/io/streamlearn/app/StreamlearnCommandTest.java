package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.app.cli.EnvironmentDefaults;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class StreamlearnCommandTest {

  @Command(name = "explode")
  static final class Explode implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("boom");
    }
  }

  private static Result runWithExplode(String... args) {
    return CommandRunner.run(
        Map.of(),
        CommandLine.defaultFactory(),
        commandLine -> commandLine.addSubcommand(new Explode()),
        args);
  }

  @Test
  void shouldListEveryCommandInTheHelp() {
    Result result = CommandRunner.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: streamlearn")
        .contains("simulate", "produce", "tail", "stack")
        .contains(EnvironmentDefaults.BOOTSTRAP_SERVERS, EnvironmentDefaults.SCHEMA_REGISTRY_URL);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void shouldPrintTheVersionsOfTheLibrariesOnTheClasspath() {
    Result result = CommandRunner.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines().get(0)).matches("streamlearn \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(result.out())
        .contains("Kafka " + AppInfoParser.getVersion())
        .contains("Flink " + EnvironmentInformation.getVersion())
        .contains("Avro " + Schema.class.getPackage().getImplementationVersion());
  }

  @Test
  void shouldRejectAnUnknownOptionInOneSentenceWithExitCode2() {
    Result result = CommandRunner.run("tail", "predictions", "--nope");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines().get(0)).isEqualTo("error: Unknown option: '--nope'");
    assertThat(result.err()).contains("streamlearn tail --help").doesNotContain("\tat ");
  }

  @Test
  void shouldNameTheCommandsWhenTheCommandIsUnknown() {
    Result result = CommandRunner.run("tial", "predictions");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines().get(0))
        .isEqualTo(
            "error: 'tial' is not a streamlearn command; the commands are demo, run, simulate,"
                + " produce, tail, stack, help");
  }

  @Test
  void shouldRequireACommand() {
    Result result = CommandRunner.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines().get(0)).startsWith("error: a command is required");
  }

  @Test
  void shouldReportAnUnexpectedErrorInOneSentencePointingToVerbose() {
    Result result = runWithExplode("explode");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "error: unexpected java.lang.IllegalStateException: boom (run with --verbose for"
                + " details)");
  }

  @Test
  void shouldShowTheStackTraceWithVerbose() {
    Result result = runWithExplode("explode", "--verbose");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines().get(0))
        .isEqualTo("error: unexpected java.lang.IllegalStateException: boom");
    assertThat(result.err()).contains("\tat " + Explode.class.getName() + ".call");
  }

  @Test
  void shouldTakeTheConnectionDefaultsFromTheEnvironment() {
    CommandLine commandLine =
        StreamlearnCommand.commandLine(
            Map.of(
                EnvironmentDefaults.BOOTSTRAP_SERVERS, "kafka:19092",
                EnvironmentDefaults.SCHEMA_REGISTRY_URL, "http://schema-registry:8081"));

    commandLine.parseArgs("simulate");
    CommandLine simulate = commandLine.getSubcommands().get("simulate");
    assertThat(optionValue(simulate, "--bootstrap-servers")).isEqualTo("kafka:19092");
    assertThat(optionValue(simulate, "--schema-registry-url"))
        .isEqualTo("http://schema-registry:8081");
    assertThat(optionValue(simulate, "--days")).isEqualTo(SimulatorOptions.DEFAULTS.days());

    commandLine.parseArgs("tail", "predictions", "-b", "broker:9093");
    CommandLine tail = commandLine.getSubcommands().get("tail");
    assertThat(optionValue(tail, "--bootstrap-servers")).isEqualTo("broker:9093");
    assertThat(optionValue(tail, "--schema-registry-url")).isEqualTo("http://schema-registry:8081");
  }

  @Test
  void shouldDefaultToTheLocalStackWithoutEnvironment() {
    CommandLine commandLine = StreamlearnCommand.commandLine(Map.of());

    commandLine.parseArgs("tail", "predictions");

    CommandLine tail = commandLine.getSubcommands().get("tail");
    assertThat(optionValue(tail, "--bootstrap-servers")).isEqualTo(Endpoints.BOOTSTRAP_SERVERS);
  }

  @Test
  void shouldRunTheIngestSimulateCommand() {
    Result result =
        CommandRunner.run(
            "simulate", "--dry-run", "--days", "2", "--customers", "20", "--terminals", "40");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("20 customers, 40 terminals, 2 days").contains("dry run");
  }

  @Test
  void shouldRunTheIngestProduceCommand(@TempDir Path directory) {
    Path missing = directory.resolve("missing.csv");

    Result result =
        CommandRunner.run("produce", "--topic", "t", "--schema", "Transaction", missing.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("error: input file " + missing + " does not exist");
  }

  private static Object optionValue(CommandLine commandLine, String option) {
    return commandLine.getCommandSpec().findOption(option).getValue();
  }
}
