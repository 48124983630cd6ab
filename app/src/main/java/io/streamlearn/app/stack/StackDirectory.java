package io.streamlearn.app.stack;

import io.streamlearn.app.cli.CommandFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data directory of {@code stack}: created on first use and marked with a {@value #MARKER}
 * file, so that {@code --fresh} only ever deletes a directory the stack made, never one given by
 * mistake (a home directory, a project).
 */
final class StackDirectory {

  /** The file that marks a directory as the stack's. */
  static final String MARKER = ".streamlearn-stack";

  private StackDirectory() {}

  /**
   * Makes {@code directory} ready: emptied first with {@code fresh}, created and marked.
   *
   * @throws CommandFailure when the directory is not the stack's, or cannot be written
   */
  static void prepare(Path directory, boolean fresh) {
    if (Files.exists(directory)) {
      if (!Files.isDirectory(directory)) {
        throw new CommandFailure(directory + " exists and is not a directory");
      }
      if (!isEmpty(directory) && !Files.exists(directory.resolve(MARKER))) {
        throw new CommandFailure(
            directory
                + " is not empty and is not a streamlearn stack directory (it has no "
                + MARKER
                + " file); choose another --data-dir");
      }
      if (fresh) {
        delete(directory);
      }
    }
    try {
      Files.createDirectories(directory);
      Path marker = directory.resolve(MARKER);
      if (!Files.exists(marker)) {
        Files.writeString(
            marker,
            "Data of `streamlearn stack` (Kafka logs, schemas). `streamlearn stack --fresh` deletes"
                + " it.\n",
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new CommandFailure("cannot create the data directory " + directory + ": " + e, e);
    }
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
      paths = walk.sorted(Comparator.reverseOrder()).toList();
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
