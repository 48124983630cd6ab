package io.streamlearn.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceCommandTest {

  @TempDir Path dir;

  @Test
  void theHelpExplainsEveryOption() {
    CommandRun run = CommandRun.of(new ProduceCommand(), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "--topic",
            "--schema",
            "--format",
            "--key-field",
            "--column",
            "--epoch-unit",
            "--delimiter",
            "--id-field",
            "--amount-field",
            "--strict",
            "--bootstrap-servers",
            "--schema-registry-url",
            "--producer-config",
            "-X",
            "--min-timestamp",
            "--max-timestamp",
            "FILE")
        .contains("Exit codes:", "3   --strict was given and records were dead-lettered");
  }

  @Test
  void aMissingFileStopsTheRunAtOnceWithOneSentence() {
    Path missing = dir.resolve("nope.csv");

    CommandRun run =
        CommandRun.of(
            new ProduceCommand(), "-t", "transactions", "-s", "Transaction", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .isEqualTo("error: input file " + missing + " does not exist" + System.lineSeparator());
  }

  @Test
  void aWrongSchemaPathStopsTheRunAtOnceWithOneSentence() throws IOException {
    Path file = Files.writeString(dir.resolve("tx.csv"), "a\n1\n");
    Path schema = dir.resolve("missing.avsc");

    CommandRun run =
        CommandRun.of(
            new ProduceCommand(), "-t", "transactions", "-s", schema.toString(), file.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .isEqualTo(
            "error: schema file "
                + schema
                + " does not exist (give a path to an .avsc file, or Transaction or Label)"
                + System.lineSeparator());
  }

  @Test
  void anUnreachableBrokerStopsTheRunAtOnceWithOneSentence() throws IOException {
    Path file = Files.writeString(dir.resolve("tx.csv"), "transactionId\n1\n");

    CommandRun run =
        CommandRun.of(
            new ProduceCommand(),
            "-t",
            "transactions",
            "-s",
            "Transaction",
            "-b",
            "127.0.0.1:1",
            "--connect-timeout",
            "2s",
            file.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .isEqualTo("error: cannot reach Kafka at 127.0.0.1:1 within 2 s" + System.lineSeparator());
  }

  @Test
  void theEffectiveSettingsCanBeShownWithEverySecretMasked() throws IOException {
    Path file = Files.writeString(dir.resolve("tx.csv"), "transactionId\n1\n");
    Path config =
        Files.writeString(
            dir.resolve("client.properties"),
            "security.protocol=SASL_SSL\nsasl.jaas.config=... password=\"hunter2\";\n");

    CommandRun run =
        CommandRun.of(
            new ProduceCommand(),
            "-t",
            "transactions",
            "-s",
            "Transaction",
            "-b",
            "127.0.0.1:1",
            "--connect-timeout",
            "1s",
            "--producer-config",
            config.toString(),
            "-X",
            "basic.auth.user.info=user:s3cret",
            "--show-config",
            file.toString());

    assertThat(run.err())
        .contains(
            "security.protocol=SASL_SSL",
            "sasl.jaas.config=[hidden]",
            "basic.auth.user.info=[hidden]",
            "acks=all")
        .doesNotContain("hunter2", "s3cret");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void optionsThatNameNoFieldOrHaveNoValueAreRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("tx.csv"), "transactionId\n1\n");

    CommandRun key =
        CommandRun.of(
            new ProduceCommand(),
            "-t",
            "x",
            "-s",
            "Transaction",
            "--key-field",
            "nope",
            file.toString());
    CommandRun column =
        CommandRun.of(
            new ProduceCommand(),
            "-t",
            "x",
            "-s",
            "Transaction",
            "--column",
            "A=nope",
            file.toString());
    CommandRun unit =
        CommandRun.of(
            new ProduceCommand(),
            "-t",
            "x",
            "-s",
            "Transaction",
            "--epoch-unit",
            "days",
            file.toString());
    CommandRun setting =
        CommandRun.of(
            new ProduceCommand(),
            "-t",
            "x",
            "-s",
            "Transaction",
            "-X",
            "sasl.jaas.config",
            file.toString());
    CommandRun format =
        CommandRun.of(
            new ProduceCommand(),
            "-t",
            "x",
            "-s",
            "Transaction",
            Files.writeString(dir.resolve("tx.txt"), "").toString());

    assertThat(key.err())
        .isEqualTo("error: key field 'nope' is not in schema Transaction" + System.lineSeparator());
    assertThat(column.err())
        .isEqualTo(
            "error: column 'A' is mapped to field 'nope', which schema Transaction does not have"
                + System.lineSeparator());
    assertThat(unit.err())
        .isEqualTo(
            "error: epoch unit 'days' is not one of seconds, millis, micros"
                + System.lineSeparator());
    assertThat(setting.err())
        .isEqualTo(
            "error: a setting must have the form key=value, but one has no '='"
                + System.lineSeparator());
    assertThat(format.err()).startsWith("error: cannot tell the format of ");
    assertThat(java.util.List.of(key, column, unit, setting, format))
        .allMatch(run -> run.exitCode() == ExitCodes.USAGE);
  }
}
