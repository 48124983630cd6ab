package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.CommandRunner;
import io.streamlearn.app.CommandRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s option and pipeline-file errors: one sentence, exit 2 (options) or 1 (file). */
class RunCommandTest {

  @TempDir Path dir;

  private static void assertUsageError(Result result, String sentence) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.errLines().get(0)).isEqualTo("error: " + sentence);
    assertThat(result.err()).doesNotContain("\tat ").contains("streamlearn run --help");
  }

  @Test
  void shouldRefuseAnUnknownEngine() {
    assertUsageError(
        CommandRunner.run("run", "--engine", "spark"),
        "--engine must be one of [kstreams, flink], not 'spark'");
  }

  @Test
  void shouldRefuseAnUnknownStage() {
    assertUsageError(
        CommandRunner.run("run", "--stages", "features,scoring"),
        "--stages takes features, model, monitoring, not 'scoring'");
  }

  @Test
  void shouldRefuseAKafkaPropertyWithoutValue() {
    assertUsageError(
        CommandRunner.run("run", "-X", "security.protocol"),
        "a Kafka property must have the form key=value, but 'security.protocol' has no '='");
  }

  @Test
  void shouldRefuseTheBrokersAsAProperty() {
    assertUsageError(
        CommandRunner.run("run", "-X", "bootstrap.servers=b:9092"),
        "give the brokers with --bootstrap-servers, not the property bootstrap.servers");
  }

  @Test
  void shouldRefuseAMissingKafkaConfigFile() {
    Path missing = dir.resolve("client.properties");
    assertUsageError(
        CommandRunner.run("run", "--kafka-config", missing.toString()),
        "the Kafka config file " + missing + " does not exist");
  }

  @Test
  void shouldRefuseBadNumbers() {
    assertUsageError(
        CommandRunner.run("run", "--threads", "0"), "--threads must be in [1, 64], not 0");
    assertUsageError(
        CommandRunner.run("run", "--partitions", "0"), "--partitions must be in [1, 10000], not 0");
    assertUsageError(
        CommandRunner.run("run", "--metrics-port", "70000"),
        "--metrics-port must be a port in [0, 65535], not 70000");
    assertUsageError(
        CommandRunner.run("run", "--application-id", "a b"),
        "--application-id must be letters, digits, '.', '_' or '-', not 'a b'");
  }

  @Test
  void shouldRefuseFlinkOptionsOnKafkaStreamsAndABadJobManager() {
    assertUsageError(
        CommandRunner.run("run", "--flink-jobmanager", "jobmanager:8081"),
        "--flink-jobmanager and --flink-job-jar apply to the flink engine, but the pipeline runs"
            + " on kstreams (use --engine flink)");
    assertUsageError(
        CommandRunner.run("run", "--engine", "flink", "--flink-jobmanager", "jobmanager"),
        "--flink-jobmanager must be given as host:port, e.g. jobmanager:8081, not 'jobmanager'");
  }

  @Test
  void shouldRefuseAMissingFlinkJobJarBeforeContactingAnything() {
    Path missing = dir.resolve("job.jar");
    assertUsageError(
        CommandRunner.run(
            "run",
            "--engine",
            "flink",
            "--flink-jobmanager",
            "localhost:1",
            "--flink-job-jar",
            missing.toString(),
            "-b",
            "localhost:1"),
        "the Flink job jar " + missing + " does not exist");
  }

  @Test
  void shouldSayInOneSentenceThatThePipelineFileIsMissing() {
    Path missing = dir.resolve("missing.yaml");

    Result result = CommandRunner.run("run", "--pipeline", missing.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "error: pipeline file " + missing + " does not exist (built-in pipelines: fraud)");
  }

  @Test
  void shouldSayInOneSentenceWhatIsWrongInThePipelineFile() throws Exception {
    Path file = dir.resolve("fraud.yaml");
    Files.writeString(
        file,
        PipelineDefinition.builtInText("fraud")
            .replace("threshold: 0.5", "threshold: 1.5")
            .replace("engine: kstreams", "engine: storm"));

    Result result = CommandRunner.run("run", "--pipeline", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.errLines().get(0))
        .startsWith("error: pipeline fraud.yaml: ")
        .contains("engine must be one of [kstreams, flink], not 'storm'")
        .contains("model.threshold");
  }

  @Test
  void shouldListRunAmongTheCommands() {
    Result result = CommandRunner.run("run", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("--pipeline", "--engine", "--kafka-property", "--flink-jobmanager")
        .contains("--metrics-port", "--state-dir", "--application-id", "--threads");
  }
}
