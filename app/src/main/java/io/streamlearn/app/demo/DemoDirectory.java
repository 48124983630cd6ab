package io.streamlearn.app.demo;

import io.streamlearn.app.cli.CommandFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data directory of {@code demo}: the broker's logs and the registry ({@value #STACK}), the
 * stages' state ({@value #STATE}), the simulator's progress ({@link DemoState#FILE}) and the run
 * reports. Marked with a {@value #MARKER} file, so that {@code --fresh} only ever deletes a
 * directory the demo made.
 */
final class DemoDirectory {

  /** The file that marks a directory as the demo's. */
  static final String MARKER = ".streamlearn-demo";

  /** The embedded broker's and registry's data. */
  static final String STACK = "stack";

  /** The stages' local state (Kafka Streams stores, Flink checkpoints). */
  static final String STATE = "state";

  private DemoDirectory() {}

  /**
   * Makes {@code directory} ready: emptied first with {@code fresh}, created and marked.
   *
   * @return true when the directory was new or emptied (nothing to resume)
   * @throws CommandFailure when the directory is not the demo's, or cannot be written
   */
  static boolean prepare(Path directory, boolean fresh) {
    boolean empty = true;
    if (Files.exists(directory)) {
      if (!Files.isDirectory(directory)) {
        throw new CommandFailure(directory + " exists and is not a directory");
      }
      empty = isEmpty(directory);
      if (!empty && !Files.exists(directory.resolve(MARKER))) {
        throw new CommandFailure(
            directory
                + " is not empty and is not a streamlearn demo directory (it has no "
                + MARKER
                + " file); choose another --data-dir");
      }
      if (fresh && !empty) {
        delete(directory);
        empty = true;
      }
    }
    try {
      Files.createDirectories(directory);
      Path marker = directory.resolve(MARKER);
      if (!Files.exists(marker)) {
        Files.writeString(
            marker,
            "Data of `streamlearn demo` (Kafka logs, schemas, stage state, simulator progress)."
                + " `streamlearn demo --fresh` deletes it.\n",
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new CommandFailure("cannot create the data directory " + directory + ": " + e, e);
    }
    return empty;
  }

  private static boolean isEmpty(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new CommandFailure("cannot read the data directory " + directory + ": " + e, e);
    }
  }

  private static void delete(Path directory) {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(directory)) {
      paths = walk.filter(p -> !p.equals(directory)).sorted(Comparator.reverseOrder()).toList();
    } catch (IOException e) {
      throw new CommandFailure("cannot read the data directory " + directory + ": " + e, e);
    }
    for (Path path : paths) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new CommandFailure("cannot delete " + path + " for --fresh: " + e, e);
      }
    }
  }
}
