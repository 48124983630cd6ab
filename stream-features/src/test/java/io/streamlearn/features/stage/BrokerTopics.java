package io.streamlearn.features.stage;

import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The feature stage's topics on the embedded broker, uniquely named per test: the inputs (produced
 * as the ingest tools produce them: key the transaction id, Avro value, timestamp the event time)
 * and the outputs, read to the end.
 */
public final class BrokerTopics {

  private final TestStack stack;
  private final FeatureTopics topics;

  public BrokerTopics(TestStack stack, int inputPartitions) {
    this.stack = stack;
    String prefix = stack.uniqueName("f");
    this.topics =
        new FeatureTopics(
            prefix + "-transactions", prefix + "-labels", prefix + "-features", prefix + "-late");
    List<NewTopic> created = new ArrayList<>();
    created.add(new NewTopic(topics.transactions(), inputPartitions, (short) 1));
    created.add(new NewTopic(topics.labels(), inputPartitions, (short) 1));
    for (String output : topics.outputs()) {
      created.add(new NewTopic(output, 1, (short) 1));
    }
    stack.createTopics(created.toArray(new NewTopic[0]));
  }

  public FeatureTopics topics() {
    return topics;
  }

  /** Produces the inputs in list order, each to its topic, and waits for every acknowledgement. */
  public void produce(List<FeatureInput> inputs) {
    try (KafkaProducer<String, SpecificRecordBase> producer =
        new KafkaProducer<>(
            batchingProducer(),
            new StringSerializer(),
            new AvroSerializer<SpecificRecordBase>().configured(stack.clientProperties(), false))) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(inputs.size());
      for (FeatureInput input : inputs) {
        if (input instanceof FeatureInput.Transaction transaction) {
          sent.add(
              producer.send(
                  new ProducerRecord<>(
                      topics.transactions(),
                      null,
                      input.time(),
                      input.transactionId(),
                      EventAvroMapping.toAvro(transaction.event()))));
        } else {
          sent.add(
              producer.send(
                  new ProducerRecord<>(
                      topics.labels(),
                      null,
                      input.time(),
                      input.transactionId(),
                      EventAvroMapping.toAvro(((FeatureInput.Label) input).event()))));
        }
      }
      for (Future<RecordMetadata> ack : sent) {
        ack.get(60, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce the inputs: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing", e);
    }
  }

  /** Produces raw bytes to the transactions topic, as a misbehaving producer would. */
  public void produceRawTransaction(String key, byte[] value, long timestamp) {
    try (KafkaProducer<byte[], byte[]> producer = stack.bytesProducer()) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.transactions(),
                  null,
                  timestamp,
                  key.getBytes(StandardCharsets.UTF_8),
                  value))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing", e);
    }
  }

  private Map<String, Object> batchingProducer() {
    Map<String, Object> properties = stack.producerProperties();
    properties.put("linger.ms", 5);
    properties.put("batch.size", 256 * 1024);
    return properties;
  }

  /**
   * The feature vectors written (committed ones only), read until {@code count} have arrived.
   *
   * @throws AssertionError saying how many arrived when fewer arrive within {@code timeout}
   */
  public List<FeatureVector> vectors(int count, Duration timeout) {
    Map<String, Object> properties = stack.consumerProperties();
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    List<FeatureVector> vectors = new ArrayList<>();
    try (KafkaConsumer<String, FeatureVector> consumer =
        new KafkaConsumer<>(
            properties,
            new StringDeserializer(),
            AvroDeserializer.forSpecific(FeatureVector.class)
                .configured(stack.clientProperties(), false))) {
      TopicPartition partition = new TopicPartition(topics.features(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (vectors.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> vectors.add(record.value()));
      }
    }
    if (vectors.size() < count) {
      throw new AssertionError(
          "expected "
              + count
              + " feature vectors within "
              + timeout.toSeconds()
              + " s, got "
              + vectors.size()
              + "; late events and dead letters: "
              + letters().size());
    }
    return vectors;
  }

  /** Every late event and dead letter committed to the stage's output topics so far. */
  public List<ExpectedDeadLetters.Letter> letters() {
    Map<String, Object> properties = stack.consumerProperties();
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ExpectedDeadLetters.Letter> letters = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          List.of(
              new TopicPartition(topics.lateEvents(), 0),
              new TopicPartition(topics.deadLetterTopic(topics.transactions()), 0),
              new TopicPartition(topics.deadLetterTopic(topics.labels()), 0));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          letters.add(
              new ExpectedDeadLetters.Letter(
                  record.topic(),
                  header(record, DeadLetterHeaders.SOURCE_TOPIC),
                  new String(record.key(), StandardCharsets.UTF_8),
                  header(record, DeadLetterHeaders.REASON)));
        }
      }
    }
    return letters;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
