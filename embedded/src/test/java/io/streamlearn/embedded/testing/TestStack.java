package io.streamlearn.embedded.testing;

import io.streamlearn.embedded.EmbeddedStack;
import io.streamlearn.platform.registry.SchemaRegistryClient;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The shared broker and registry of a test JVM, with what integration tests need around them:
 * unique topic names, an admin client, typed producers and consumers with streamlearn's Avro
 * serdes, and "consume N records within a timeout". Obtained from {@link EmbeddedStackExtension}.
 */
public final class TestStack implements AutoCloseable {

  /** How long {@link #consume} waits unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final EmbeddedStack stack;
  private final Admin admin;
  private final SchemaRegistryClient registryClient;
  private boolean closed;

  TestStack(EmbeddedStack stack) {
    this.stack = stack;
    this.admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()));
    this.registryClient = stack.registryClient();
  }

  /** The embedded stack itself. */
  public EmbeddedStack stack() {
    return stack;
  }

  public String bootstrapServers() {
    return stack.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return stack.schemaRegistryUrl();
  }

  /** A shared admin client (closed with the stack: do not close it). */
  public Admin admin() {
    return admin;
  }

  /** A shared, caching client of the registry. */
  public SchemaRegistryClient registryClient() {
    return registryClient;
  }

  /** A name unique in this JVM run, e.g. {@code transactions-3-1a2b3c4d}. */
  public String uniqueName(String prefix) {
    return prefix
        + "-"
        + SEQUENCE.incrementAndGet()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Creates a topic with a unique name derived from {@code prefix} (1 partition) and returns it.
   */
  public String createTopic(String prefix) {
    return createTopic(prefix, 1);
  }

  /** Creates a topic with a unique name derived from {@code prefix} and returns the name. */
  public String createTopic(String prefix, int partitions) {
    String name = uniqueName(prefix);
    createTopics(new NewTopic(name, partitions, (short) 1));
    return name;
  }

  /** Creates a compacted topic with a unique name derived from {@code prefix}. */
  public String createCompactedTopic(String prefix) {
    String name = uniqueName(prefix);
    createTopics(
        new NewTopic(name, 1, (short) 1)
            .configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    return name;
  }

  /** Creates topics exactly as given, waiting for the broker to acknowledge them. */
  public void createTopics(NewTopic... topics) {
    try {
      admin.createTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create topics "
              + java.util.Arrays.stream(topics).map(NewTopic::name).toList()
              + ": "
              + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** {@code bootstrap.servers} and {@code schema.registry.url}: what every client needs. */
  public Map<String, Object> clientProperties() {
    return new HashMap<>(stack.clientProperties());
  }

  /** Producer properties: the client properties with {@code acks=all} and idempotence. */
  public Map<String, Object> producerProperties() {
    Map<String, Object> props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // One batch in flight: tests produce into topics created a moment before, whose first
    // request may be refused (NOT_LEADER_OR_FOLLOWER) while the partition is made ready; with
    // batches behind it in flight, the broker appended those and then refused the retried first
    // batch as out of sequence, forever (seen in FeatureParityIT under load)
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return props;
  }

  /** Consumer properties with a unique group id, reading from the earliest offset. */
  public Map<String, Object> consumerProperties() {
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, uniqueName("test-group"));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }

  /** Kafka Streams properties with a unique application id and a fresh state directory name. */
  public Map<String, Object> streamsProperties(String applicationIdPrefix) {
    Map<String, Object> props = clientProperties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, uniqueName(applicationIdPrefix));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    return props;
  }

  /** A producer of String keys and Avro values (registered under {@code <topic>-value}). */
  public <V extends IndexedRecord> KafkaProducer<String, V> avroProducer() {
    return new KafkaProducer<>(
        producerProperties(),
        new StringSerializer(),
        new AvroSerializer<V>().configured(clientProperties(), false));
  }

  /** A producer of raw bytes, e.g. to write records that are not in the wire format. */
  public KafkaProducer<byte[], byte[]> bytesProducer() {
    return new KafkaProducer<>(
        producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A consumer of String keys and values of a generated class. */
  public <V extends SpecificRecord> KafkaConsumer<String, V> avroConsumer(Class<V> type) {
    return new KafkaConsumer<>(
        consumerProperties(),
        new StringDeserializer(),
        AvroDeserializer.forSpecific(type).configured(clientProperties(), false));
  }

  /** A consumer of String keys and generic values read with {@code readerSchema}. */
  public KafkaConsumer<String, GenericRecord> genericConsumer(Schema readerSchema) {
    return new KafkaConsumer<>(
        consumerProperties(),
        new StringDeserializer(),
        AvroDeserializer.forGeneric(readerSchema).configured(clientProperties(), false));
  }

  /** A consumer of raw bytes. */
  public KafkaConsumer<byte[], byte[]> bytesConsumer() {
    return new KafkaConsumer<>(
        consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Sends one Avro value keyed by a String and waits until it is acknowledged. */
  public <V extends IndexedRecord> void produce(String topic, String key, V value) {
    produce(topic, List.of(KeyValue.pair(key, value)));
  }

  /** Sends Avro values keyed by Strings, in order, waiting until each is acknowledged. */
  public <V extends IndexedRecord> void produce(String topic, List<KeyValue<String, V>> records) {
    try (KafkaProducer<String, V> producer = avroProducer()) {
      for (KeyValue<String, V> record : records) {
        producer
            .send(new ProducerRecord<>(topic, record.key, record.value))
            .get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce to " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing to " + topic, e);
    }
  }

  /**
   * Reads the first {@code count} records of a topic (every partition, from the beginning), waiting
   * at most {@code timeout}; the consumer is assigned the partitions, so no group rebalance delays
   * it.
   *
   * @throws AssertionError naming the topic and what arrived when fewer records arrive in time
   */
  public <K, V> List<ConsumerRecord<K, V>> consume(
      Consumer<K, V> consumer, String topic, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<PartitionInfo> partitions = List.of();
    while (partitions.isEmpty() && System.nanoTime() < deadline) {
      partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
    }
    Set<TopicPartition> assigned =
        partitions.stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .collect(Collectors.toSet());
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    while (records.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    if (records.size() < count) {
      throw new AssertionError(
          "expected "
              + count
              + " records from topic '"
              + topic
              + "' within "
              + timeout.toMillis()
              + " ms, got "
              + records.size()
              + ": "
              + records.stream().map(r -> r.key() + "=" + r.value()).toList());
    }
    return List.copyOf(records.subList(0, count));
  }

  /** Reads the first {@code count} values of a topic of a generated class. */
  public <V extends SpecificRecord> List<V> consumeValues(
      String topic, Class<V> type, int count, Duration timeout) {
    try (KafkaConsumer<String, V> consumer = avroConsumer(type)) {
      return consume(consumer, topic, count, timeout).stream().map(ConsumerRecord::value).toList();
    }
  }

  /** Stops the stack. Called by JUnit at the end of the run; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      admin.close(Duration.ofSeconds(5));
    } finally {
      stack.close();
    }
  }
}
