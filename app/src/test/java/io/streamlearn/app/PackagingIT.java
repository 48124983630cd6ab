package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The two jars {@code package} builds: the executable {@code streamlearn.jar} starts and behaves as
 * the command does in tests, and the Flink job jar holds what a job needs and not what the cluster
 * provides. Failsafe runs after {@code package}; run alone, the test skips when the jars are
 * absent.
 */
class PackagingIT {

  private static final Path JAR = Path.of(System.getProperty("streamlearn.jar", "missing"));
  private static final Path JOB_JAR =
      Path.of(System.getProperty("streamlearn.flink.job.jar", "missing"));
  private static final Path JVM_OPTIONS =
      Path.of(System.getProperty("streamlearn.jvm.options", "missing"));

  private record Run(int exitCode, String out, String err) {}

  private static Run java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Collections.addAll(command, args);
    Process process =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private static void assumeBuilt(Path jar) {
    assumeTrue(Files.isRegularFile(jar), jar + " is not built; run ./mvnw -B verify");
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(JarEntry::getName).toList();
    }
  }

  private static String entry(Path jar, String name) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry(name);
      assertThat(entry).as(name + " in " + jar).isNotNull();
      try (InputStream in = file.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private static Attributes manifest(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest().getMainAttributes();
    }
  }

  @Test
  void shouldStartTheExecutableJarAndPrintItsHelp() throws Exception {
    assumeBuilt(JAR);

    Run run = java("@" + JVM_OPTIONS, "-jar", JAR.toString(), "--help");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Usage: streamlearn").contains("tail").contains("stack");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void shouldKeepStdoutCleanAndFailInOneSentenceFromTheJar() throws Exception {
    assumeBuilt(JAR);

    Run run =
        java(
            "@" + JVM_OPTIONS,
            "-jar",
            JAR.toString(),
            "tail",
            "predictions",
            "-b",
            "127.0.0.1:1",
            "--connect-timeout",
            "1s");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip().lines()).hasSize(1).allMatch(line -> line.startsWith("error: "));
  }

  @Test
  void shouldMergeServiceFilesStripSignaturesAndBeMultiRelease() throws Exception {
    assumeBuilt(JAR);

    Attributes manifest = manifest(JAR);
    assertThat(manifest.getValue("Main-Class")).isEqualTo(Main.class.getName());
    assertThat(manifest.getValue("Multi-Release")).isEqualTo("true");
    List<String> entries = entries(JAR);
    assertThat(entries)
        .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"))
        .doesNotContain("module-info.class")
        .contains(
            "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat",
            "log4j2.xml",
            "kafka/server/KafkaRaftServer.class",
            "org/apache/flink/runtime/minicluster/MiniCluster.class");
    // two jars (jackson-datatype-jsr310 and -jdk8) provide this service: both survive the merge
    assertThat(entry(JAR, "META-INF/services/com.fasterxml.jackson.databind.Module"))
        .contains(
            "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule",
            "com.fasterxml.jackson.datatype.jdk8.Jdk8Module");
  }

  @Test
  void shouldLeaveWhatAFlinkClusterProvidesOutOfTheJobJar() throws Exception {
    assumeBuilt(JOB_JAR);

    assertThat(manifest(JOB_JAR).getValue("Main-Class")).isEqualTo(FlinkEntryPoint.class.getName());
    List<String> entries = entries(JOB_JAR);
    assertThat(entries)
        .contains(
            "io/streamlearn/app/FlinkEntryPoint.class",
            "io/streamlearn/platform/flink/SpecificAvroTypeInfo.class",
            "org/apache/flink/connector/kafka/source/KafkaSource.class",
            "org/apache/flink/connector/base/source/reader/SourceReaderBase.class",
            "org/apache/flink/formats/avro/typeutils/AvroSerializer.class",
            "org/apache/kafka/clients/consumer/KafkaConsumer.class",
            "org/apache/avro/Schema.class")
        .doesNotContain("log4j2.xml")
        .noneMatch(name -> name.startsWith("org/apache/flink/runtime/"))
        .noneMatch(name -> name.startsWith("org/apache/flink/api/common/"))
        .noneMatch(name -> name.startsWith("org/apache/flink/streaming/api/"))
        .noneMatch(name -> name.startsWith("org/apache/flink/shaded/"))
        .noneMatch(name -> name.startsWith("kafka/") && name.endsWith(".class"))
        .noneMatch(name -> name.startsWith("org/apache/kafka/raft/"))
        .noneMatch(name -> name.startsWith("org/apache/kafka/controller/"))
        .noneMatch(name -> name.startsWith("org/apache/kafka/streams/"))
        .noneMatch(name -> name.startsWith("scala/"))
        .noneMatch(name -> name.startsWith("org/rocksdb/"))
        .noneMatch(name -> name.startsWith("com/esotericsoftware/kryo/"))
        .noneMatch(name -> name.startsWith("org/apache/logging/log4j/"));
  }

  @Test
  void shouldRunTheJobJarEntryPointWithoutExiting() throws Exception {
    assumeBuilt(JOB_JAR);

    Run version =
        java("@" + JVM_OPTIONS, "-cp", JOB_JAR.toString(), FlinkEntryPoint.class.getName(), "-V");
    Run failure =
        java("@" + JVM_OPTIONS, "-cp", JOB_JAR.toString(), FlinkEntryPoint.class.getName(), "x");

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("streamlearn ");
    assertThat(failure.exitCode()).isNotZero();
    assertThat(failure.err())
        .contains("error: 'x' is not a streamlearn command")
        .contains("streamlearn x failed with exit code 2");
  }
}
