package io.streamlearn.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.platform.deadletter.DeadLetterDeserializationExceptionHandler;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter handler in a real Kafka Streams application, exactly-once, on the broker. */
@ExtendWith(EmbeddedStackExtension.class)
class DeadLetterStreamsIT {

  private static final Schema EVENT =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Event", "namespace": "io.streamlearn.embedded.it",
               "fields": [{"name": "id", "type": "string"}]}
              """);

  @TempDir Path stateDir;

  @Test
  void shouldDeadLetterBadRecordsAndKeepProcessingUnderExactlyOnce(TestStack stack)
      throws Exception {
    String input = stack.createTopic("events");
    String output = stack.createTopic("ids");
    stack.createTopics(new NewTopic(DeadLetterHeaders.topicFor(input), 1, (short) 1));
    Map<String, Object> props = stack.streamsProperties("dlq-app");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationExceptionHandler.class);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            input,
            Consumed.with(
                Serdes.String(),
                AvroSerde.generic(EVENT).configured(stack.clientProperties(), false)))
        .mapValues(event -> event.get("id").toString())
        .to(output, Produced.with(Serdes.String(), Serdes.String()));
    GenericRecord good = new GenericData.Record(EVENT);
    good.put("id", "e-1");
    byte[] bad = {0, 0, 0};

    try (KafkaProducer<String, GenericRecord> producer = stack.avroProducer();
        KafkaProducer<byte[], byte[]> raw = stack.bytesProducer()) {
      raw.send(new ProducerRecord<>(input, "k0".getBytes(StandardCharsets.UTF_8), bad)).get();
      producer.send(new ProducerRecord<>(input, "k1", good)).get();
    }
    Properties properties = new Properties();
    properties.putAll(props);
    try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
      streams.start();

      List<ConsumerRecord<String, String>> ids;
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(
              withReadCommitted(stack.consumerProperties()),
              new StringDeserializer(),
              new StringDeserializer())) {
        ids = stack.consume(consumer, output, 1, Duration.ofSeconds(60));
      }
      ConsumerRecord<byte[], byte[]> letter;
      try (KafkaConsumer<byte[], byte[]> dlq =
          new KafkaConsumer<>(
              withReadCommitted(stack.consumerProperties()),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
              new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
        letter =
            stack.consume(dlq, DeadLetterHeaders.topicFor(input), 1, Duration.ofSeconds(60)).get(0);
      }

      assertThat(ids).extracting(ConsumerRecord::value).containsExactly("e-1");
      assertThat(letter.value()).containsExactly(bad);
      assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("k0");
      assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("TRUNCATED");
      assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(input);
      assertThat(header(letter, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
      assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
      assertThat(header(letter, DeadLetterHeaders.FAILED_STAGE))
          .startsWith("kafka-streams:" + props.get(StreamsConfig.APPLICATION_ID_CONFIG) + "/");
      assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS))
          .isEqualTo("io.streamlearn.platform.serde.AvroSerdeException");
    }
  }

  private static Map<String, Object> withReadCommitted(Map<String, Object> props) {
    props.put("isolation.level", "read_committed");
    return props;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
