package io.streamlearn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.platform.deadletter.DeadLetter;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serdes in real producers and consumers, configured by class name as users configure them. */
@ExtendWith(EmbeddedStackExtension.class)
class AvroSerdesIT {

  private static final Schema SENSOR =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Sensor", "namespace": "io.streamlearn.embedded.it",
               "fields": [{"name": "id", "type": "string"}, {"name": "value", "type": "double"}]}
              """);

  private static GenericRecord sensor(String id, double value) {
    GenericRecord record = new GenericData.Record(SENSOR);
    record.put("id", id);
    record.put("value", value);
    return record;
  }

  @Test
  void shouldRoundTripThroughClientsConfiguredByClassName(TestStack stack) throws Exception {
    String topic = stack.createTopic("sensors");
    Map<String, Object> producerProps = stack.producerProperties();
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName());
    Map<String, Object> consumerProps = stack.consumerProperties();
    consumerProps.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerProps.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName());

    try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(producerProps)) {
      producer.send(new ProducerRecord<>(topic, "a", sensor("a", 1.5))).get();
      producer.send(new ProducerRecord<>(topic, "b", sensor("b", -2.0))).get();
    }
    List<ConsumerRecord<String, GenericRecord>> records;
    try (KafkaConsumer<String, GenericRecord> consumer = new KafkaConsumer<>(consumerProps)) {
      records = stack.consume(consumer, topic, 2, Duration.ofSeconds(30));
    }

    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactly(sensor("a", 1.5), sensor("b", -2.0));
    assertThat(stack.registryClient().latestVersion(topic + "-value").schema()).isEqualTo(SENSOR);
  }

  @Test
  void shouldTellAPlainConsumerWhichRecordIsBadAndLetItDeadLetterAndContinue(TestStack stack)
      throws Exception {
    String topic = stack.createTopic("sensors");
    stack.createTopics(
        new org.apache.kafka.clients.admin.NewTopic(
            DeadLetterHeaders.topicFor(topic), 1, (short) 1));
    byte[] notAvro = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, GenericRecord> producer = stack.avroProducer();
        KafkaProducer<byte[], byte[]> raw = stack.bytesProducer()) {
      producer.send(new ProducerRecord<>(topic, "a", sensor("a", 1.0))).get();
      raw.send(new ProducerRecord<>(topic, "x".getBytes(StandardCharsets.UTF_8), notAvro)).get();
      producer.send(new ProducerRecord<>(topic, "c", sensor("c", 3.0))).get();
    }

    try (KafkaConsumer<String, GenericRecord> consumer = stack.genericConsumer(SENSOR);
        KafkaProducer<byte[], byte[]> deadLetters = stack.bytesProducer()) {
      consumer.subscribe(List.of(topic));
      java.util.ArrayList<String> good = new java.util.ArrayList<>();
      RecordDeserializationException failure = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (good.size() < 2 && System.nanoTime() < deadline) {
        try {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> good.add(r.key()));
        } catch (RecordDeserializationException e) {
          failure = e;
          deadLetters.send(DeadLetter.of(e).stage("test-consumer").toProducerRecord()).get();
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }

      assertThat(good).containsExactly("a", "c");
      assertThat(failure).isNotNull();
      assertThat(failure.topicPartition().topic()).isEqualTo(topic);
      assertThat(failure.offset()).isEqualTo(1L);
      assertThat(failure.getCause()).isInstanceOf(AvroSerdeException.class);
      assertThat(failure.getCause().getMessage())
          .isEqualTo(
              "Cannot deserialize the value of a record from topic '"
                  + topic
                  + "': unknown magic byte 0x7b, expected 0x00 (the Confluent Schema Registry"
                  + " wire format)");
    }

    try (KafkaConsumer<byte[], byte[]> dlq = stack.bytesConsumer()) {
      ConsumerRecord<byte[], byte[]> letter =
          stack.consume(dlq, DeadLetterHeaders.topicFor(topic), 1, Duration.ofSeconds(30)).get(0);
      assertThat(letter.value()).containsExactly(notAvro);
      assertThat(
              new String(
                  letter.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("UNKNOWN_MAGIC_BYTE");
      assertThat(
              new String(
                  letter.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET).value(),
                  StandardCharsets.UTF_8))
          .isEqualTo("1");
    }
  }

  @Test
  void shouldFailToConsumeARecordWithAnUnknownSchemaIdNamingIt(TestStack stack) throws Exception {
    String topic = stack.createTopic("sensors");
    try (KafkaProducer<byte[], byte[]> raw = stack.bytesProducer()) {
      raw.send(new ProducerRecord<>(topic, null, new byte[] {0, 0x7f, 0, 0, 1, 2})).get();
    }

    try (KafkaConsumer<String, GenericRecord> consumer = stack.genericConsumer(SENSOR)) {
      RecordDeserializationException failure =
          catchThrowableOfType(
              RecordDeserializationException.class,
              () -> stack.consume(consumer, topic, 1, Duration.ofSeconds(30)));

      assertThat(failure.offset()).isZero();
      assertThat(((AvroSerdeException) failure.getCause()).reason())
          .isEqualTo(AvroSerdeException.Reason.UNKNOWN_SCHEMA_ID);
      assertThat(failure.getCause().getMessage()).contains("has no schema with id 2130706433");
    }
  }
}
