package io.streamlearn.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import io.streamlearn.app.StreamlearnCommand;
import io.streamlearn.app.stack.TestStopSignal;
import io.streamlearn.ingest.core.simulator.DriftChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demo}'s refusals that come before anything starts: bad options (exit 2) and a data
 * directory it must not use (exit 1), each in one sentence without a stack trace, nothing deleted.
 * A refusal that let the demo go on would start a broker on the default ports and not return, so
 * these also prove that nothing starts.
 */
class DemoCommandTest {

  @TempDir Path dir;

  private Result demo(String... args) {
    List<String> all =
        new ArrayList<>(List.of("demo", "--data-dir", dir.resolve("data").toString()));
    all.addAll(List.of(args));
    TestStopSignal signal = new TestStopSignal();
    return CommandRunner.run(
        Map.of(),
        CommandRunner.stackFactory(signal),
        commandLine -> {},
        all.toArray(String[]::new));
  }

  private static void assertUsageError(Result result, String sentence) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.errLines().get(0)).isEqualTo("error: " + sentence);
    assertThat(result.err()).doesNotContain("\tat ").contains("streamlearn demo --help");
    assertThat(result.out()).doesNotContain("Kafka (KRaft)");
  }

  private static void assertFailure(Result result, String sentence) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.errLines()).containsExactly("error: " + sentence);
    assertThat(result.out()).doesNotContain("Kafka (KRaft)");
  }

  @Test
  void shouldShowItsHelpAsPicocliFormatsIt() {
    // picocli formats each help line with String.format: a bare '%' falls back to the raw text
    // with a warning on stderr
    CommandSpec demo =
        StreamlearnCommand.commandLine(Map.of(), CommandLine.defaultFactory())
            .getSubcommands()
            .get("demo")
            .getCommandSpec();
    List<String> lines = new ArrayList<>(List.of(demo.usageMessage().description()));
    lines.addAll(List.of(demo.usageMessage().footer()));
    lines.addAll(List.of(demo.usageMessage().exitCodeListHeading()));
    demo.options().forEach(option -> lines.addAll(List.of(option.description())));
    assertThat(lines)
        .allSatisfy(line -> assertThatCode(() -> String.format(line)).doesNotThrowAnyException());

    Result help = demo("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains("both engines score every transaction")
        .contains("130 stopped with Ctrl-C");
  }

  @Test
  void shouldRefuseAnUnknownEngine() {
    assertUsageError(
        demo("--engine", "spark"), "--engine must be one of [kstreams, flink], not 'spark'");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void shouldRefuseConflictingFlags() {
    assertUsageError(
        demo("--no-drift", "--drift", "40:amount-shift:2"),
        "--no-drift and --drift exclude each other");
    assertUsageError(
        demo("--fast", "--day-every", "5s"),
        "--fast and --day-every exclude each other: --fast does not pace simulated time");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void shouldRefuseBadValues() {
    assertUsageError(demo("--day-every", "0s"), "--day-every must be positive, not 0s");
    assertUsageError(
        demo("--metrics-port", "70000"), "--metrics-port must be a port in [0, 65535], not 70000");
    assertUsageError(
        demo("--kafka-port", "-1"), "--kafka-port must be a port in [0, 65535], not -1");
    Result drift = demo("--drift", "40:colour:2");
    assertThat(drift.exitCode()).as(drift.err()).isEqualTo(2);
    assertThat(drift.errLines().get(0)).startsWith("error: ").contains("colour");
    Result customers = demo("--customers", "0");
    assertThat(customers.exitCode()).as(customers.err()).isEqualTo(2);
    assertThat(customers.errLines().get(0)).startsWith("error: ").contains("customers");
    assertThat(customers.err()).doesNotContain("\tat ");
  }

  @Test
  void shouldRefuseAMissingPipelineFile() {
    Path missing = dir.resolve("nope.yaml");
    Result result = demo("--pipeline", missing.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.errLines().get(0)).startsWith("error: ").contains("nope.yaml");
    assertThat(result.err()).doesNotContain("\tat ");
  }

  @Test
  void shouldRefuseADataDirectoryOfAnotherSimulationAndKeepIt() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve(DemoDirectory.MARKER), "demo\n", StandardCharsets.UTF_8);
    DemoState kept =
        DemoState.start(
                new DemoState.World(
                    0,
                    500,
                    2_000,
                    60,
                    LocalDate.of(2018, 4, 1),
                    List.of(DriftChange.parse("50:amount-shift:2")),
                    "kstreams"))
            .advancedTo(1_234, 1_522_540_800_000L, false);
    kept.write(data);

    assertFailure(
        demo("--engine", "flink"),
        "the data directory "
            + data.toAbsolutePath().normalize()
            + " holds a demo of another simulation (--customers 500 (this run: 1000), --engine"
            + " kstreams (this run: flink)); run with --fresh to start over, or choose another"
            + " --data-dir");
    assertThat(DemoState.read(data)).contains(kept);
  }

  @Test
  void shouldRefuseADirectoryThatIsNotTheDemosEvenWithFresh() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path precious = Files.writeString(data.resolve("thesis.tex"), "\\chapter{1}\n");

    assertFailure(
        demo("--fresh"),
        data.toAbsolutePath().normalize()
            + " is not empty and is not a streamlearn demo directory (it has no "
            + DemoDirectory.MARKER
            + " file); choose another --data-dir");
    assertThat(precious).hasContent("\\chapter{1}");
  }

  @Test
  void shouldRefuseADataDirectoryThatIsAFile() throws IOException {
    Path data = Files.writeString(dir.resolve("data"), "x");

    assertFailure(demo(), data.toAbsolutePath().normalize() + " exists and is not a directory");
    assertThat(data).hasContent("x");
  }
}
