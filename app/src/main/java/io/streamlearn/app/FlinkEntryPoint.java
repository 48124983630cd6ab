package io.streamlearn.app;

/**
 * The entry point of the Flink job jar: {@code flink run streamlearn-flink-job.jar COMMAND ...}
 * runs the streamlearn command inside the Flink client, where the execution environment is the
 * cluster's. Unlike {@link Main} it never calls {@code System.exit}, which would end the Flink
 * client (or, in application mode, the JobManager); a failure ends it with an exception, after the
 * command has said what went wrong on stderr.
 */
public final class FlinkEntryPoint {

  private FlinkEntryPoint() {}

  public static void main(String[] args) {
    int exitCode = StreamlearnCommand.commandLine(System.getenv()).execute(args);
    if (exitCode != 0) {
      throw new IllegalStateException(
          "streamlearn " + String.join(" ", args) + " failed with exit code " + exitCode);
    }
  }
}
