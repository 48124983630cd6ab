package io.streamlearn.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  @TempDir Path dir;

  @Test
  void theHelpExplainsEveryOptionWithTheCoreDefaults() {
    CommandRun run = CommandRun.of(new SimulateCommand(), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "--bootstrap-servers",
            "--schema-registry-url",
            "--producer-config",
            "-X",
            "--connect-timeout",
            "--partitions",
            "--progress",
            "--min-timestamp",
            "--max-timestamp",
            "--transactions-topic",
            "--labels-topic",
            "--no-labels",
            "--seed",
            "--customers",
            "--terminals",
            "--days",
            "--start-date",
            "--radius",
            "--label-delay",
            "--late-fraud-fraction",
            "--late-fraud-max-extra-delay",
            "--drift",
            "--ground-truth",
            "--rate",
            "--day-every",
            "--limit",
            "--dry-run")
        .contains("(default: 5000)", "(default: 183)", "(default: 2018-04-01)", "(default: 7d)")
        .contains("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z", "Exit codes:");
  }

  @Test
  void aDryRunReportsTheStatisticsAndWritesTheGroundTruth() throws IOException {
    Path truth = dir.resolve("truth.csv");

    CommandRun run =
        CommandRun.of(
            new SimulateCommand(),
            "--dry-run",
            "--customers",
            "200",
            "--terminals",
            "400",
            "--days",
            "30",
            "--drift",
            "10:fraud-rate:3",
            "--drift",
            "20:new-pattern:2",
            "--ground-truth",
            truth.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("200 customers, 400 terminals, 30 days from 2018-04-01, seed 0")
        .contains("scenario 1", "scenario 4", "nothing produced: dry run");
    assertThat(Files.readAllLines(truth))
        .hasSize(3)
        .element(1)
        .asString()
        .startsWith("1,10,2018-04-11T00:00:00Z,");
  }

  @Test
  void invalidOptionsAreRefusedWithTheReason() {
    CommandRun drift = CommandRun.of(new SimulateCommand(), "--dry-run", "--drift", "5:weather:2");
    CommandRun days = CommandRun.of(new SimulateCommand(), "--dry-run", "--days", "0");
    CommandRun both =
        CommandRun.of(new SimulateCommand(), "--dry-run", "--rate", "10", "--day-every", "1s");
    CommandRun duration =
        CommandRun.of(new SimulateCommand(), "--dry-run", "--label-delay", "soon");

    assertThat(drift.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(drift.err())
        .isEqualTo(
            "error: unknown drift kind 'weather'; expected one of fraud-rate, amount-shift,"
                + " customer-frequency, new-pattern"
                + System.lineSeparator());
    assertThat(days.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(days.err()).contains("days must be in [1, 36600] but was 0");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("mutually exclusive");
    assertThat(duration.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(duration.err()).contains("'soon' is not a duration");
  }

  @Test
  void aSimulationOutsideTheAcceptedTimestampsIsRefusedBeforeProducing() {
    CommandRun run =
        CommandRun.of(
            new SimulateCommand(), "--dry-run", "--start-date", "1999-12-01", "--days", "10");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .isEqualTo(
            "error: the simulated events span 1999-12-01T00:00:00Z to 1999-12-18T00:00:00Z,"
                + " outside the accepted timestamps [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z):"
                + " change --start-date or --min-timestamp/--max-timestamp"
                + System.lineSeparator());
  }

  @Test
  void anUnreachableBrokerStopsTheRunAtOnceWithOneSentence() {
    CommandRun run =
        CommandRun.of(
            new SimulateCommand(),
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--connect-timeout",
            "2s",
            "--days",
            "1",
            "--customers",
            "10",
            "--terminals",
            "20");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .isEqualTo("error: cannot reach Kafka at 127.0.0.1:1 within 2 s" + System.lineSeparator());
  }
}
