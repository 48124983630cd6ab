package io.streamlearn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.platform.registry.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ExecutionErrorsTest {

  @Test
  void shouldTakeOurOwnSentenceFromAnywhereInTheCauseChain() {
    assertThat(
            ExecutionErrors.sentence(
                new ExecutionException(new CommandFailure("topic x does not exist"))))
        .isEqualTo("topic x does not exist");
  }

  @Test
  void shouldPreferTheSpecificCauseToAGenericKafkaWrapper() {
    KafkaException wrapper =
        new KafkaException(
            "Failed to construct kafka consumer",
            new ConfigException("Invalid value x for configuration max.poll.records"));

    assertThat(ExecutionErrors.sentence(wrapper))
        .isEqualTo("invalid client setting: Invalid value x for configuration max.poll.records");
  }

  @Test
  void shouldExplainUnreachableAndRefusingServices() {
    assertThat(
            ExecutionErrors.sentence(
                new SchemaRegistryUnavailableException(
                    "GET http://r:8081/config failed", new ConnectException("refused"))))
        .startsWith("cannot reach the Schema Registry: ");
    assertThat(ExecutionErrors.sentence(new TimeoutException("Timeout of 15000ms expired")))
        .isEqualTo("Kafka did not answer in time: Timeout of 15000ms expired");
    assertThat(ExecutionErrors.sentence(new SaslAuthenticationException("bad password")))
        .isEqualTo("Kafka refused our credentials: bad password");
    assertThat(ExecutionErrors.sentence(new IOException("disk full")))
        .isEqualTo("I/O error: disk full");
  }

  @Test
  void shouldNotClaimToKnowAnUnexpectedException() {
    assertThat(ExecutionErrors.sentence(new IllegalStateException("bug"))).isNull();
  }
}
