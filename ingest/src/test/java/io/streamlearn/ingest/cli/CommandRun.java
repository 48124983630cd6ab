package io.streamlearn.ingest.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command executed as a user would run it, with its exit code and captured output. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(Callable<Integer> command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new CommandRun(code, out.toString(), err.toString());
  }
}
