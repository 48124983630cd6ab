package io.streamlearn.app.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failures of {@code tail} that need no broker; reading is in {@code TailCommandIT}. */
class TailCommandTest {

  @Test
  void shouldRejectAMaxBelowOne() {
    Result result = CommandRunner.run("tail", "predictions", "--max", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines().get(0)).isEqualTo("error: --max must be at least 1 but was 0");
  }

  @Test
  void shouldRejectASettingThatIsNotKeyEqualsValue() {
    Result result = CommandRunner.run("tail", "predictions", "-X", "security.protocol");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines().get(0))
        .isEqualTo("error: a consumer setting must have the form key=value, but one has no '='");
  }

  @Test
  void shouldRejectADurationItCannotRead() {
    Result result = CommandRunner.run("tail", "predictions", "--timeout", "soon");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines().get(0)).contains("'soon' is not a duration");
  }

  @Test
  void shouldFailInOneSentenceWhenTheConsumerConfigFileIsMissing(@TempDir Path directory) {
    Path missing = directory.resolve("client.properties");

    Result result =
        CommandRunner.run("tail", "predictions", "--consumer-config", missing.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("error: the consumer config file " + missing + " does not exist");
  }

  @Test
  void shouldFailInOneSentenceWhenKafkaIsUnreachableWithoutPrintingSecrets() {
    Result result =
        CommandRunner.run(
            "tail",
            "predictions",
            "-b",
            "127.0.0.1:1",
            "--connect-timeout",
            "1s",
            "-r",
            "http://user:s3cret@127.0.0.1:1",
            "-X",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"u\" password=\"s3cret\";");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.errLines().get(0)).startsWith("error: ").contains("127.0.0.1:1");
    assertThat(result.err()).doesNotContain("s3cret");
  }
}
