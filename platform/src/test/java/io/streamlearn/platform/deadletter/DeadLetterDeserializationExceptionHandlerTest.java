package io.streamlearn.platform.deadletter;

import static io.streamlearn.platform.deadletter.DeadLetterTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.platform.registry.InMemorySchemaRegistry;
import io.streamlearn.platform.serde.AvroSerde;
import io.streamlearn.platform.serde.AvroSerializer;
import io.streamlearn.platform.testing.Reading;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The handler in a real topology (TopologyTestDriver): bad records go to the DLQ, good ones on. */
class DeadLetterDeserializationExceptionHandlerTest {

  @Test
  void shouldRouteUndeserializableRecordsToTheDeadLetterTopicAndContinue() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    AvroSerde<Reading> readings =
        AvroSerde.specific(Reading.class, registry).configured(Map.of(), false);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("readings", Consumed.with(Serdes.String(), readings))
        .mapValues(r -> r.getSensorId() + "=" + r.getValue())
        .to("labelled", Produced.with(Serdes.String(), Serdes.String()));
    Topology topology = builder.build();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlq-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationExceptionHandler.class);

    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic("readings", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, String> output =
          driver.createOutputTopic("labelled", new StringDeserializer(), new StringDeserializer());
      TestOutputTopic<byte[], byte[]> deadLetters =
          driver.createOutputTopic(
              "readings.dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
      byte[] good =
          new AvroSerializer<Reading>(registry)
              .configured(Map.of(), false)
              .serialize("readings", new Reading("s-1", 1.5, "celsius"));
      byte[] bad = "{\"sensorId\":\"s-2\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

      input.pipeInput("s-2", bad);
      input.pipeInput("s-1", good);

      assertThat(output.readValuesToList()).containsExactly("s-1=1.5");
      TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
      assertThat(letter.value()).containsExactly(bad);
      assertThat(new String(letter.key(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("s-2");
      assertThat(header(letter.headers(), DeadLetterHeaders.REASON))
          .isEqualTo("UNKNOWN_MAGIC_BYTE");
      assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("readings");
      assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
      assertThat(header(letter.headers(), DeadLetterHeaders.FAILED_STAGE))
          .startsWith("kafka-streams:dlq-test/");
      assertThat(header(letter.headers(), DeadLetterHeaders.ERROR_MESSAGE))
          .contains("topic 'readings' (partition 0, offset 0): unknown magic byte 0x7b");
      assertThat(deadLetters.isEmpty()).isTrue();
    }
  }
}
