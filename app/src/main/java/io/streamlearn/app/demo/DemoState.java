package io.streamlearn.app.demo;

import io.streamlearn.app.cli.CommandFailure;
import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The demo's resume state, kept in {@value #FILE} in its data directory: which simulation the
 * directory holds (the world's options and the engine) and how many of its events were produced. A
 * second run of the same simulation skips that many events of the (deterministic) stream and
 * produces the rest; a run of another simulation is refused, since the topics and the stages' state
 * would mix two worlds.
 *
 * @param world the simulation and the engine
 * @param producedEvents events of the stream acknowledged by the broker (transactions, labels and
 *     their dead letters), in stream order
 * @param lastEventTimeMillis the event time of the last of them, or {@code -1} when none was
 * @param complete true when the whole stream was produced
 */
public record DemoState(
    World world, long producedEvents, long lastEventTimeMillis, boolean complete) {

  /** The file name in the data directory. */
  public static final String FILE = "demo-progress.properties";

  private static final int FORMAT = 1;

  public DemoState {
    Objects.requireNonNull(world, "world");
    if (producedEvents < 0) {
      throw new IllegalArgumentException(
          "producedEvents must be at least 0 but was " + producedEvents);
    }
    if (producedEvents == 0 && lastEventTimeMillis != -1) {
      throw new IllegalArgumentException("no event produced, but a last event time");
    }
  }

  /** The state of a simulation that has produced nothing yet. */
  public static DemoState start(World world) {
    return new DemoState(world, 0, -1, false);
  }

  /** This state after more events. */
  public DemoState advancedTo(long events, long lastEventTime, boolean done) {
    if (events < producedEvents) {
      throw new IllegalArgumentException(
          "progress cannot go back from " + producedEvents + " to " + events + " events");
    }
    return new DemoState(world, events, events == 0 ? -1 : lastEventTime, done);
  }

  /**
   * What defines the stream a data directory holds: the simulator's options the demo sets and the
   * engine whose state the directory keeps.
   */
  public record World(
      long seed,
      int customers,
      int terminals,
      int days,
      LocalDate startDate,
      List<DriftChange> drift,
      String engine) {

    public World {
      Objects.requireNonNull(startDate, "startDate");
      drift = List.copyOf(Objects.requireNonNull(drift, "drift"));
      Objects.requireNonNull(engine, "engine");
    }

    /** The world of {@code options} on {@code engine}. */
    public static World of(SimulatorOptions options, String engine) {
      return new World(
          options.seed(),
          options.customers(),
          options.terminals(),
          options.days(),
          options.startDate(),
          options.drift(),
          engine);
    }

    /**
     * The options, as {@code --option value} pairs, where this world and {@code other} differ, e.g.
     * {@code --customers 500 (this run: 1000)}; empty when they are the same.
     */
    List<String> differences(World other) {
      List<String> differences = new ArrayList<>();
      compare(differences, "--seed", seed, other.seed);
      compare(differences, "--customers", customers, other.customers);
      compare(differences, "--terminals", terminals, other.terminals);
      compare(differences, "--days", days, other.days);
      compare(differences, "start date", startDate, other.startDate);
      compare(differences, "--drift", driftText(drift), driftText(other.drift));
      compare(differences, "--engine", engine, other.engine);
      return differences;
    }

    private static void compare(List<String> out, String option, Object kept, Object now) {
      if (!kept.equals(now)) {
        out.add(option + " " + kept + " (this run: " + now + ")");
      }
    }
  }

  /**
   * Reads the state of {@code directory}, if it has one.
   *
   * @throws CommandFailure when the file exists but cannot be read or makes no sense
   */
  public static Optional<DemoState> read(Path directory) {
    Path file = directory.resolve(FILE);
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(file, e.getMessage());
    }
    try {
      int format = Integer.parseInt(required(properties, "format"));
      if (format != FORMAT) {
        throw corrupt(file, "it has format " + format + ", this version reads " + FORMAT);
      }
      String driftText = required(properties, "drift");
      List<DriftChange> drift = new ArrayList<>();
      if (!driftText.isEmpty()) {
        for (String change : driftText.split(",", -1)) {
          drift.add(DriftChange.parse(change));
        }
      }
      World world =
          new World(
              Long.parseLong(required(properties, "seed")),
              Integer.parseInt(required(properties, "customers")),
              Integer.parseInt(required(properties, "terminals")),
              Integer.parseInt(required(properties, "days")),
              LocalDate.parse(required(properties, "start-date")),
              drift,
              required(properties, "engine"));
      String last = required(properties, "last-event-time");
      return Optional.of(
          new DemoState(
              world,
              Long.parseLong(required(properties, "produced-events")),
              last.isEmpty() ? -1 : Instant.parse(last).toEpochMilli(),
              Boolean.parseBoolean(required(properties, "complete"))));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw corrupt(file, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw corrupt(file, e.getMessage());
    }
  }

  /**
   * Checks that {@code kept}, the state found in {@code directory}, is of {@code world}.
   *
   * @throws CommandFailure naming the options that differ
   */
  public static void requireSameWorld(Path directory, DemoState kept, World world) {
    List<String> differences = kept.world().differences(world);
    if (!differences.isEmpty()) {
      throw new CommandFailure(
          "the data directory "
              + directory
              + " holds a demo of another simulation ("
              + String.join(", ", differences)
              + "); run with --fresh to start over, or choose another --data-dir");
    }
  }

  /** Writes the state into {@code directory}, atomically (a crash leaves the old or the new). */
  public void write(Path directory) {
    Path file = directory.resolve(FILE);
    Path temporary = directory.resolve(FILE + ".tmp");
    Properties properties = new Properties();
    properties.setProperty("format", Integer.toString(FORMAT));
    properties.setProperty("seed", Long.toString(world.seed()));
    properties.setProperty("customers", Integer.toString(world.customers()));
    properties.setProperty("terminals", Integer.toString(world.terminals()));
    properties.setProperty("days", Integer.toString(world.days()));
    properties.setProperty("start-date", world.startDate().toString());
    properties.setProperty("drift", driftText(world.drift()));
    properties.setProperty("engine", world.engine());
    properties.setProperty("produced-events", Long.toString(producedEvents));
    properties.setProperty(
        "last-event-time",
        lastEventTimeMillis < 0 ? "" : Instant.ofEpochMilli(lastEventTimeMillis).toString());
    properties.setProperty("complete", Boolean.toString(complete));
    try {
      try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        properties.store(
            writer,
            "streamlearn demo: the simulation this directory holds and how far it was produced");
      }
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CommandFailure("cannot write the demo progress file " + file + ": " + e, e);
    }
  }

  private static String driftText(List<DriftChange> drift) {
    return drift.stream().map(DriftChange::toString).collect(Collectors.joining(","));
  }

  private static String required(Properties properties, String key) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("the key " + key + " is missing");
    }
    return value.trim();
  }

  private static CommandFailure corrupt(Path file, String reason) {
    return new CommandFailure(
        "the demo progress file "
            + file
            + " cannot be read ("
            + reason
            + "); run with --fresh to start over");
  }
}
