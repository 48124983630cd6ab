package io.streamlearn.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refusals of {@code stack}, before any broker starts; running it is in StackCommandIT. */
class StackCommandTest {

  private final TestStopSignal signal = new TestStopSignal();

  @Test
  void shouldRejectAPortOutOfRange(@TempDir Path directory) {
    Result result =
        CommandRunner.runStack(
            signal, "stack", "--data-dir", directory.toString(), "--kafka-port", "70000");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines().get(0))
        .isEqualTo("error: --kafka-port must be a port in [0, 65535] but was 70000");
  }

  @Test
  void shouldRejectTheSamePortTwice(@TempDir Path directory) {
    Result result =
        CommandRunner.runStack(
            signal,
            "stack",
            "--data-dir",
            directory.toString(),
            "--kafka-port",
            "9999",
            "--registry-port",
            "9999");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines().get(0)).contains("must differ");
  }

  @Test
  void shouldNeverDeleteADirectoryItDidNotMake(@TempDir Path directory) throws IOException {
    Path precious = Files.writeString(directory.resolve("thesis.tex"), "years of work");

    Result result =
        CommandRunner.runStack(signal, "stack", "--data-dir", directory.toString(), "--fresh");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "error: "
                + directory
                + " is not empty and is not a streamlearn stack directory (it has no "
                + StackDirectory.MARKER
                + " file); choose another --data-dir");
    assertThat(precious).hasContent("years of work");
    assertThat(signal.stoppedCalls()).isEqualTo(1);
  }

  @Test
  void shouldRefuseADataDirectoryThatIsAFile(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("data"), "x");

    Result result = CommandRunner.runStack(signal, "stack", "--data-dir", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("error: " + file + " exists and is not a directory");
  }

  @Test
  void shouldEmptyOnlyItsOwnDirectoryForFresh(@TempDir Path directory) throws IOException {
    Path data = directory.resolve("stack");
    StackDirectory.prepare(data, false);
    Path old = Files.createDirectories(data.resolve("kafka-logs/transactions-0"));

    StackDirectory.prepare(data, true);

    assertThat(old).doesNotExist();
    assertThat(data.resolve(StackDirectory.MARKER)).exists();
  }
}
