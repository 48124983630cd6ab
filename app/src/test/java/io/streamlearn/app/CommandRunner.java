package io.streamlearn.app;

import io.streamlearn.app.demo.DemoCommand;
import io.streamlearn.app.stack.StackCommand;
import io.streamlearn.app.stack.StopSignal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Runs the production command line ({@link StreamlearnCommand#commandLine}) in this JVM, capturing
 * what it prints: the way a user runs {@code streamlearn}, without a process.
 */
public final class CommandRunner {

  /** What a run gave. */
  public record Result(int exitCode, String out, String err) {

    /** The non-empty lines of stdout. */
    public List<String> outLines() {
      return lines(out);
    }

    /** The non-empty lines of stderr. */
    public List<String> errLines() {
      return lines(err);
    }

    private static List<String> lines(String text) {
      return Arrays.stream(text.split("\\R")).filter(line -> !line.isBlank()).toList();
    }
  }

  private CommandRunner() {}

  /** Runs {@code streamlearn args...} with an empty environment. */
  public static Result run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs {@code streamlearn args...} with the given environment. */
  public static Result run(Map<String, String> environment, String... args) {
    return run(environment, CommandLine.defaultFactory(), commandLine -> {}, args);
  }

  /** Runs {@code streamlearn args...} with a {@code stack} that stops on {@code signal}. */
  public static Result runStack(StopSignal signal, String... args) {
    return run(Map.of(), stackFactory(signal), commandLine -> {}, args);
  }

  /** Runs {@code streamlearn args...}, letting {@code customize} add to the command line. */
  public static Result run(
      Map<String, String> environment,
      IFactory factory,
      Consumer<CommandLine> customize,
      String... args) {
    return run(environment, factory, customize, new StringWriter(), args);
  }

  /**
   * As {@link #run(Map, IFactory, Consumer, String...)}, printing stdout to {@code out}, which
   * another thread may read while the command runs.
   */
  public static Result run(
      Map<String, String> environment,
      IFactory factory,
      Consumer<CommandLine> customize,
      StringWriter out,
      String... args) {
    return run(environment, factory, customize, out, new StringWriter(), args);
  }

  /**
   * As {@link #run(Map, IFactory, Consumer, StringWriter, String...)}, printing stderr to {@code
   * err}, which another thread may read while the command runs.
   */
  public static Result run(
      Map<String, String> environment,
      IFactory factory,
      Consumer<CommandLine> customize,
      StringWriter out,
      StringWriter err,
      String... args) {
    CommandLine commandLine = StreamlearnCommand.commandLine(environment, factory);
    customize.accept(commandLine);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /**
   * A factory that gives {@code stack} and {@code demo} the signal; the other commands as picocli
   * makes them.
   */
  public static IFactory stackFactory(StopSignal signal) {
    return new IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == StackCommand.class) {
          return type.cast(new StackCommand(signal));
        }
        if (type == DemoCommand.class) {
          return type.cast(new DemoCommand(signal));
        }
        return CommandLine.defaultFactory().create(type);
      }
    };
  }
}
