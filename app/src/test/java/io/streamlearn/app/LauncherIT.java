package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./streamlearn} launcher in a copy of the repository's layout whose {@code mvnw} is a
 * stand-in that records its arguments and "builds" by copying the jar this build made: the launcher
 * builds when the jar is missing or older than a source, not otherwise, and runs the jar with all
 * arguments.
 */
class LauncherIT {

  private static final Path ROOT =
      Path.of(System.getProperty("streamlearn.root", "..")).normalize();
  private static final Path JAR = Path.of(System.getProperty("streamlearn.jar", "missing"));
  private static final Path JVM_OPTIONS =
      Path.of(System.getProperty("streamlearn.jvm.options", "missing"));

  private record Run(int exitCode, String out, String err) {}

  private static Run launch(Path root, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("streamlearn").toString()));
    Collections.addAll(command, args);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("BUILT_JAR", JAR.toString());
    environment.put("BUILT_JVM_OPTIONS", JVM_OPTIONS.toString());
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private static List<String> builds(Path root) throws IOException {
    Path calls = root.resolve("mvnw.calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  @Test
  void shouldBuildOnlyWhenTheJarIsMissingOrOlderThanTheSources(@TempDir Path root)
      throws Exception {
    assumeTrue(Files.isRegularFile(JAR), JAR + " is not built; run ./mvnw -B verify");
    Files.copy(ROOT.resolve("streamlearn"), root.resolve("streamlearn"));
    Path mvnw = root.resolve("mvnw");
    Files.writeString(
        mvnw,
        """
        #!/usr/bin/env bash
        set -euo pipefail
        echo "$*" >> mvnw.calls
        mkdir -p app/target
        cp "$BUILT_JAR" app/target/streamlearn.jar
        cp "$BUILT_JVM_OPTIONS" app/target/streamlearn.jvm-options
        """);
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Path source =
        Files.createDirectories(root.resolve("ingest/src/main/java/x")).resolve("Source.java");
    Files.writeString(source, "class Source {}");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(
        root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(60)));

    Run first = launch(root, "--version");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("streamlearn ");
    assertThat(builds(root)).containsExactly("-B -q -pl app -am package -DskipTests");

    Run second = launch(root, "--version");
    assertThat(second.exitCode()).isZero();
    assertThat(builds(root)).hasSize(1);

    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
    Run third = launch(root, "tail");
    assertThat(builds(root)).hasSize(2);
    assertThat(third.exitCode()).isEqualTo(2);
    assertThat(third.err()).contains("error: Missing required parameter: 'TOPIC'");
  }

  @Test
  void shouldIgnoreBuildOutputsWhenDecidingToBuild(@TempDir Path root) throws Exception {
    assumeTrue(Files.isRegularFile(JAR), JAR + " is not built; run ./mvnw -B verify");
    Files.copy(ROOT.resolve("streamlearn"), root.resolve("streamlearn"));
    Files.createDirectories(root.resolve("app/target"));
    Files.copy(
        JAR, root.resolve("app/target/streamlearn.jar"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(JVM_OPTIONS, root.resolve("app/target/streamlearn.jvm-options"));
    Path generated =
        Files.createDirectories(root.resolve("app/target/generated-sources/src/main/java"))
            .resolve("Generated.java");
    Files.writeString(generated, "class Generated {}");
    Files.setLastModifiedTime(generated, FileTime.from(Instant.now().plusSeconds(60)));

    Run run = launch(root, "--version");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(builds(root)).isEmpty();
  }
}
