package io.streamlearn.app.cli;

import io.streamlearn.ingest.cli.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Invalid options: one sentence saying what is wrong (with picocli's suggestion for a misspelt
 * option or subcommand) and where to find the usage, exit code 2. The usage itself is not dumped.
 */
public final class ParameterErrors implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException exception, String[] args) {
    CommandLine command = exception.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + sentence(exception));
    UnmatchedArgumentException.printSuggestions(exception, err);
    err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static String sentence(ParameterException exception) {
    CommandLine command = exception.getCommandLine();
    if (exception instanceof UnmatchedArgumentException unmatched
        && !command.getSubcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      return "'"
          + unmatched.getUnmatched().get(0)
          + "' is not a "
          + command.getCommandName()
          + " command; the commands are "
          + String.join(", ", command.getSubcommands().keySet());
    }
    return exception.getMessage();
  }
}
