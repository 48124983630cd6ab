package io.streamlearn.app.pipeline;

import java.time.Duration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The network buffer timeout of the Flink jobs {@code streamlearn run} starts: how long a record
 * may wait in a network buffer between two of a job's tasks before the buffer is sent half full.
 * Flink's default, 100 ms, lets a vector wait up to that long between the model stage's decoding
 * and scoring tasks when the stream is slow (docs/OPERATIONS.md, "Latency"); a full buffer is sent
 * at once whatever the timeout. Public for the benchmarks that build a stage's environment
 * themselves, so that they run it as the runtime does.
 */
public final class FlinkBufferTimeout {

  /** The timeout set unless the environment's configuration gives one. */
  public static final Duration DEFAULT = Duration.ofMillis(5);

  private FlinkBufferTimeout() {}

  /**
   * Sets {@link #DEFAULT} on {@code env} unless its configuration (the Flink client's, when
   * submitted with {@code flink run}) gives {@code execution.buffer-timeout.interval} or {@code
   * execution.buffer-timeout.enabled} of its own.
   */
  public static void apply(StreamExecutionEnvironment env) {
    if (env.getConfiguration().getOptional(ExecutionOptions.BUFFER_TIMEOUT).isEmpty()
        && env.getConfiguration().getOptional(ExecutionOptions.BUFFER_TIMEOUT_ENABLED).isEmpty()) {
      env.setBufferTimeout(DEFAULT.toMillis());
    }
  }
}
