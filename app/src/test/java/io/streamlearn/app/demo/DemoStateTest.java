package io.streamlearn.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.app.cli.CommandFailure;
import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume state file of {@code demo} and the deterministic skip it relies on. */
class DemoStateTest {

  private static final DemoState.World WORLD =
      new DemoState.World(
          7,
          300,
          600,
          20,
          LocalDate.of(2018, 4, 1),
          List.of(DriftChange.parse("10:amount-shift:1.5"), DriftChange.parse("12:fraud-rate:3")),
          "kstreams");

  @Test
  void shouldReadBackWhatItWrote(@TempDir Path directory) {
    long time = Instant.parse("2018-04-09T13:45:10.123Z").toEpochMilli();
    DemoState state = DemoState.start(WORLD).advancedTo(12_345, time, false);

    state.write(directory);

    assertThat(DemoState.read(directory)).contains(state);
    assertThat(directory.resolve(DemoState.FILE + ".tmp")).doesNotExist();
  }

  @Test
  void shouldKeepANewStateWithoutEventsAndAWorldWithoutDrift(@TempDir Path directory) {
    DemoState state =
        DemoState.start(
            new DemoState.World(0, 1, 1, 1, LocalDate.of(2020, 1, 1), List.of(), "flink"));

    state.write(directory);

    assertThat(DemoState.read(directory)).contains(state);
  }

  @Test
  void shouldOverwriteAnOlderState(@TempDir Path directory) {
    DemoState first = DemoState.start(WORLD).advancedTo(10, 1_000, false);
    first.write(directory);
    DemoState done = first.advancedTo(50, 9_000, true);

    done.write(directory);

    assertThat(DemoState.read(directory)).contains(done);
  }

  @Test
  void shouldHaveNoStateInANewDirectory(@TempDir Path directory) {
    assertThat(DemoState.read(directory)).isEmpty();
  }

  @Test
  void shouldRefuseToGoBack() {
    DemoState state = DemoState.start(WORLD).advancedTo(10, 1_000, false);

    assertThatThrownBy(() -> state.advancedTo(9, 2_000, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 10 to 9");
  }

  @Test
  void shouldNameEveryOptionThatDiffers(@TempDir Path directory) {
    DemoState kept = DemoState.start(WORLD);
    DemoState.World other =
        new DemoState.World(
            7,
            500,
            600,
            20,
            LocalDate.of(2018, 4, 1),
            List.of(DriftChange.parse("10:amount-shift:1.5")),
            "flink");

    assertThatThrownBy(() -> DemoState.requireSameWorld(directory, kept, other))
        .isInstanceOf(CommandFailure.class)
        .hasMessage(
            "the data directory "
                + directory
                + " holds a demo of another simulation (--customers 300 (this run: 500), --drift"
                + " 10:amount-shift:1.5,12:fraud-rate:3 (this run: 10:amount-shift:1.5), --engine"
                + " kstreams (this run: flink)); run with --fresh to start over, or choose another"
                + " --data-dir");
  }

  @Test
  void shouldAcceptTheSameWorld(@TempDir Path directory) {
    DemoState kept = DemoState.start(WORLD).advancedTo(3, 4, false);

    DemoState.requireSameWorld(directory, kept, WORLD);
  }

  @Test
  void shouldSayInOneSentenceThatACorruptFileCannotBeRead(@TempDir Path directory)
      throws IOException {
    Files.writeString(
        directory.resolve(DemoState.FILE),
        "format=1\nseed=x\ncustomers=1\n",
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> DemoState.read(directory))
        .isInstanceOf(CommandFailure.class)
        .hasMessageStartingWith("the demo progress file " + directory.resolve(DemoState.FILE))
        .hasMessageEndingWith("; run with --fresh to start over");
  }

  @Test
  void shouldRefuseAnotherFormat(@TempDir Path directory) throws IOException {
    Files.writeString(directory.resolve(DemoState.FILE), "format=2\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> DemoState.read(directory))
        .isInstanceOf(CommandFailure.class)
        .hasMessageContaining("it has format 2, this version reads 1");
  }

  @Test
  void shouldRefuseAMissingKey(@TempDir Path directory) throws IOException {
    DemoState.start(WORLD).advancedTo(5, 6, false).write(directory);
    Path file = directory.resolve(DemoState.FILE);
    Files.writeString(
        file,
        Files.readString(file, StandardCharsets.UTF_8).replaceAll("(?m)^produced-events=.*$", ""),
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> DemoState.read(directory))
        .isInstanceOf(CommandFailure.class)
        .hasMessageContaining("the key produced-events is missing");
  }

  @Test
  void shouldSkipExactlyTheEventsProducedBefore() {
    SimulatorOptions options =
        SimulatorOptions.DEFAULTS.withCustomers(200).withTerminals(400).withDays(10);
    SimulationRun whole = new TransactionSimulator(options).run();
    for (int i = 0; i < 1234; i++) {
      whole.advance();
    }
    SimulationRun.Position expected = whole.advance();

    SimulationRun resumed = DemoSimulation.skip(new TransactionSimulator(options).run(), 1234);
    SimulationRun.Position position = resumed.advance();

    assertThat(position).isEqualTo(expected);
    assertThat(resumed.transactionId()).isEqualTo(whole.transactionId());
    assertThat(resumed.eventTimeMillis()).isEqualTo(whole.eventTimeMillis());
  }

  @Test
  void shouldRefuseToSkipPastTheEnd() {
    SimulatorOptions options =
        SimulatorOptions.DEFAULTS.withCustomers(5).withTerminals(10).withDays(1);

    assertThatThrownBy(
            () -> DemoSimulation.skip(new TransactionSimulator(options).run(), 1_000_000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("were produced before");
  }
}
