package io.streamlearn.app.cli;

import io.streamlearn.app.pipeline.InvalidPipelineException;
import io.streamlearn.app.pipeline.PipelineFailure;
import io.streamlearn.embedded.EmbeddedStartException;
import io.streamlearn.ingest.IngestException;
import io.streamlearn.ingest.cli.ExitCodes;
import io.streamlearn.platform.registry.SchemaRegistryException;
import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import io.streamlearn.platform.serde.AvroSerdeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception a command throws into one sentence on stderr and exit code 1: known failures
 * (an unreachable broker or registry, refused credentials, a bad setting, a stack that cannot
 * start) by what they mean, anything else as an unexpected error with a pointer to {@code
 * --verbose}, which adds the stack trace.
 */
public final class ExecutionErrors implements IExecutionExceptionHandler {

  /** The option that shows stack traces. */
  public static final String VERBOSE = "--verbose";

  private record Known(Class<? extends Throwable> type, Function<Throwable, String> sentence) {}

  /** In order: the first type found anywhere in the cause chain gives the sentence. */
  private static final List<Known> KNOWN =
      List.of(
          new Known(CommandFailure.class, Throwable::getMessage),
          new Known(InvalidPipelineException.class, Throwable::getMessage),
          new Known(PipelineFailure.class, Throwable::getMessage),
          new Known(IngestException.class, Throwable::getMessage),
          new Known(EmbeddedStartException.class, Throwable::getMessage),
          new Known(AvroSerdeException.class, Throwable::getMessage),
          new Known(
              SchemaRegistryUnavailableException.class,
              e -> "cannot reach the Schema Registry: " + e.getMessage()),
          new Known(
              SchemaRegistryException.class,
              e -> "the Schema Registry refused the request: " + e.getMessage()),
          new Known(
              AuthenticationException.class,
              e -> "Kafka refused our credentials: " + e.getMessage()),
          new Known(AuthorizationException.class, e -> "Kafka refused access: " + e.getMessage()),
          new Known(ConfigException.class, e -> "invalid client setting: " + e.getMessage()),
          new Known(TimeoutException.class, e -> "Kafka did not answer in time: " + e.getMessage()),
          new Known(KafkaException.class, e -> "Kafka client error: " + rootMessage(e)),
          new Known(UncheckedIOException.class, e -> "I/O error: " + rootMessage(e)),
          new Known(IOException.class, e -> "I/O error: " + rootMessage(e)),
          new Known(InterruptedException.class, e -> "interrupted"));

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    String sentence = sentence(exception);
    boolean verbose = verbose(parseResult);
    if (sentence == null) {
      err.println(
          "error: unexpected "
              + exception.getClass().getName()
              + (exception.getMessage() == null ? "" : ": " + exception.getMessage())
              + (verbose ? "" : " (run with " + VERBOSE + " for details)"));
    } else {
      err.println("error: " + sentence);
    }
    if (verbose) {
      exception.printStackTrace(err);
    }
    err.flush();
    if (exception instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.FAILED;
  }

  /** The sentence of a known failure, or null. */
  static String sentence(Throwable failure) {
    for (Known known : KNOWN) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (known.type().isInstance(t)) {
          return known.sentence().apply(t);
        }
      }
    }
    return null;
  }

  /** True when {@code --verbose} was given to the command or any parent. */
  static boolean verbose(ParseResult parseResult) {
    for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
