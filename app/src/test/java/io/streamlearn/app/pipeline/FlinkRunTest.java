package io.streamlearn.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** How a failed submission to a Flink cluster is told (one line), and the job's buffer timeout. */
class FlinkRunTest {

  /**
   * The message of Flink's REST client when the JobManager refuses a job, as the cluster sends it.
   */
  private static final String REFUSED =
      "[Internal server error., <Exception on server side:\n"
          + "org.apache.flink.runtime.client.JobSubmissionException: Failed to submit job.\n"
          + "\tat org.apache.flink.runtime.dispatcher.Dispatcher.lambda$handleTermination$6"
          + "(Dispatcher.java:636)\n"
          + "Caused by: java.lang.RuntimeException: Could not deserialize stream node 1\n"
          + "\tat org.apache.flink.streaming.api.graph.StreamConfig.getStreamOperatorFactory"
          + "(StreamConfig.java:384)\n"
          + "\t... 12 more\n"
          + "Caused by: java.lang.ClassNotFoundException: org.apache.flink.connector.kafka.Missing\n"
          + "\tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445)\n"
          + "\t... 30 more\n"
          + "\nEnd of exception on server side>]";

  @Test
  void shouldKeepTheDeepestCauseOfTheClustersRefusal() {
    Exception failure = new ExecutionException("submission", new RuntimeException(REFUSED));

    assertThat(FlinkRun.submissionMessage(failure))
        .isEqualTo(
            "the cluster refused the job: java.lang.ClassNotFoundException:"
                + " org.apache.flink.connector.kafka.Missing");
  }

  @Test
  void shouldKeepTheServersExceptionWithoutCause() {
    String refused =
        "[Internal server error., <Exception on server side:\n"
            + "java.lang.IllegalStateException: no slots\n"
            + "\tat a.B.c(B.java:1)\n"
            + "\nEnd of exception on server side>]";

    assertThat(FlinkRun.submissionMessage(new RuntimeException(refused)))
        .isEqualTo("the cluster refused the job: java.lang.IllegalStateException: no slots");
  }

  @Test
  void shouldKeepAnyOtherRootMessage() {
    Exception failure =
        new ExecutionException(new IllegalStateException("Connection refused: localhost/1"));

    assertThat(FlinkRun.submissionMessage(failure)).isEqualTo("Connection refused: localhost/1");
  }

  @Test
  void shouldSendHalfFullNetworkBuffersAfterFiveMillisecondsByDefault() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    assertThat(env.getBufferTimeout()).isEqualTo(100); // Flink's default

    FlinkBufferTimeout.apply(env);

    assertThat(env.getBufferTimeout()).isEqualTo(5);
  }

  @Test
  void shouldKeepABufferTimeoutTheEnvironmentsConfigurationGives() {
    Configuration configured = new Configuration();
    configured.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(40));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(configured);

    FlinkBufferTimeout.apply(env);

    assertThat(env.getBufferTimeout()).isEqualTo(40);
  }
}
