package io.streamlearn.model.kstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.ExampleFeatures;
import io.streamlearn.model.core.serving.JoinedExample;
import io.streamlearn.model.core.serving.ScoredEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The trainer topic's serde passes joined examples on as bytes and refuses anything else. */
class JoinedExampleSerdeTest {

  private final JoinedExampleSerde serde = new JoinedExampleSerde();

  private static byte[] example() {
    return ExampleCodec.encode(
        new JoinedExample(
            ScoredEvent.of(
                "tx-1",
                5L,
                Map.of("customerId", "C1"),
                ExampleFeatures.of(Map.of("a", 1.0), List.of()),
                0.5,
                3),
            true,
            9L));
  }

  @Test
  void shouldPassAJoinedExampleOnAsItsBytes() {
    byte[] bytes = example();

    assertThat(serde.serializer().serialize("t", bytes)).isSameAs(bytes);
    assertThat(serde.deserializer().deserialize("t", bytes)).isSameAs(bytes);
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void shouldRefuseARecordThatIsNotAJoinedExampleForTheDeserializationHandler() {
    byte[] truncated = Arrays.copyOf(example(), 20);

    assertThatThrownBy(() -> serde.deserializer().deserialize("trainer-topic", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith(
            "cannot read a joined example from topic 'trainer-topic': unreadable joined example");
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"a\":1}".getBytes()))
        .isInstanceOf(SerializationException.class);
  }
}
