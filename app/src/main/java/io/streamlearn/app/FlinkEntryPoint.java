package io.streamlearn.app;

import io.streamlearn.app.pipeline.RunCommand;
import io.streamlearn.app.pipeline.RuntimeOptions;
import io.streamlearn.app.stack.StopSignal;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * The entry point of the Flink job jar: {@code flink run streamlearn-flink-job.jar COMMAND ...}
 * runs the streamlearn command inside the Flink client, where the execution environment is the
 * cluster's. Unlike {@link Main} it never calls {@code System.exit}, which would end the Flink
 * client (or, in application mode, the JobManager); a failure ends it with an exception, after the
 * command has said what went wrong on stderr.
 */
public final class FlinkEntryPoint {

  /**
   * Creates {@code run} for the Flink client: the job goes to the client's cluster and the command
   * returns once it is submitted.
   */
  static final IFactory FACTORY =
      new IFactory() {
        @Override
        public <K> K create(Class<K> type) throws Exception {
          if (type == RunCommand.class) {
            return type.cast(
                new RunCommand(StopSignal.onShutdown(RuntimeOptions.DEFAULT_CLOSE_TIMEOUT), true));
          }
          return CommandLine.defaultFactory().create(type);
        }
      };

  private FlinkEntryPoint() {}

  public static void main(String[] args) {
    int exitCode = StreamlearnCommand.commandLine(System.getenv(), FACTORY).execute(args);
    if (exitCode != 0) {
      throw new IllegalStateException(
          "streamlearn " + String.join(" ", args) + " failed with exit code " + exitCode);
    }
  }
}
