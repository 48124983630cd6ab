package io.streamlearn.features.kstreams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.stage.ExpectedDeadLetters;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroSerde;
import io.streamlearn.platform.serde.IngestTimeHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology ({@link FeatureTopology#build}) in a {@link TopologyTestDriver}, with
 * Avro inputs written through a {@code mock://} registry and every output topic readable.
 */
final class TopologyFixture implements AutoCloseable {

  final FeatureTopics topics = FeatureTopics.DEFAULTS;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TopologyTestDriver driver;
  final TestInputTopic<String, Transaction> transactions;
  final TestInputTopic<String, Label> labels;
  final TestInputTopic<byte[], byte[]> rawTransactions;
  final TestOutputTopic<String, FeatureVector> features;
  final TestOutputTopic<byte[], byte[]> lateEvents;
  final TestOutputTopic<byte[], byte[]> transactionsDlq;
  final TestOutputTopic<byte[], byte[]> labelsDlq;
  final Map<String, Object> serdeConfig;
  private final Path stateDir;

  TopologyFixture(FeatureStageSettings settings) {
    this(settings, StateStoreType.IN_MEMORY);
  }

  TopologyFixture(FeatureStageSettings settings, StateStoreType storeType) {
    serdeConfig = Map.of("schema.registry.url", "mock://features-" + UUID.randomUUID());
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "features-test");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try {
      stateDir = Files.createTempDirectory("features-topology-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    properties.putAll(FeatureTopology.config(settings));
    // the driver processes each piped record at once, in pipe order; a task that waited for its
    // other inputs (the stage's max.task.idle.ms) would never run here, the driver's clock standing
    properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
    driver =
        new TopologyTestDriver(
            FeatureTopology.build(
                settings, topics, serdeConfig, new MicrometerFeatureMetrics(registry), storeType),
            properties);
    AvroSerde<Transaction> transactionSerde =
        AvroSerde.specific(Transaction.class).configured(serdeConfig, false);
    AvroSerde<Label> labelSerde = AvroSerde.specific(Label.class).configured(serdeConfig, false);
    AvroSerde<FeatureVector> vectorSerde =
        AvroSerde.specific(FeatureVector.class).configured(serdeConfig, false);
    transactions =
        driver.createInputTopic(
            topics.transactions(), new StringSerializer(), transactionSerde.serializer());
    labels =
        driver.createInputTopic(topics.labels(), new StringSerializer(), labelSerde.serializer());
    rawTransactions =
        driver.createInputTopic(
            topics.transactions(), new ByteArraySerializer(), new ByteArraySerializer());
    features =
        driver.createOutputTopic(
            topics.features(), new StringDeserializer(), vectorSerde.deserializer());
    lateEvents = bytesOutput(topics.lateEvents());
    transactionsDlq = bytesOutput(topics.deadLetterTopic(topics.transactions()));
    labelsDlq = bytesOutput(topics.deadLetterTopic(topics.labels()));
  }

  private TestOutputTopic<byte[], byte[]> bytesOutput(String topic) {
    return driver.createOutputTopic(
        topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  void send(TransactionEvent transaction) {
    transactions.pipeInput(
        transaction.transactionId(),
        EventAvroMapping.toAvro(transaction),
        Instant.ofEpochMilli(transaction.eventTimeMillis()));
  }

  void send(LabelEvent label) {
    labels.pipeInput(
        label.transactionId(),
        EventAvroMapping.toAvro(label),
        Instant.ofEpochMilli(label.labelTimeMillis()));
  }

  void send(List<FeatureInput> inputs) {
    for (FeatureInput input : inputs) {
      if (input instanceof FeatureInput.Transaction transaction) {
        send(transaction.event());
      } else {
        send(((FeatureInput.Label) input).event());
      }
    }
  }

  /**
   * Sends {@code inputs} as a producer that does not stamp event times would: every record
   * timestamp is {@code recordTime} (a wall clock years after the events), transactions carrying an
   * {@link IngestTimeHeader} of {@code sentAt}.
   */
  void sendStampedAt(List<FeatureInput> inputs, long recordTime, long sentAt) {
    Instant stamp = Instant.ofEpochMilli(recordTime);
    for (FeatureInput input : inputs) {
      if (input instanceof FeatureInput.Transaction transaction) {
        TransactionEvent event = transaction.event();
        transactions.pipeInput(
            new TestRecord<>(
                event.transactionId(),
                EventAvroMapping.toAvro(event),
                new RecordHeaders().add(IngestTimeHeader.KEY, IngestTimeHeader.encode(sentAt)),
                stamp));
      } else {
        LabelEvent event = ((FeatureInput.Label) input).event();
        labels.pipeInput(event.transactionId(), EventAvroMapping.toAvro(event), stamp);
      }
    }
  }

  List<FeatureVector> vectors() {
    return features.readValuesToList();
  }

  List<TestRecord<byte[], byte[]>> records(TestOutputTopic<byte[], byte[]> topic) {
    return topic.readRecordsToList();
  }

  /** Every late event and dead letter written so far, read off their topics. */
  List<ExpectedDeadLetters.Letter> letters() {
    List<ExpectedDeadLetters.Letter> letters = new ArrayList<>();
    for (TestOutputTopic<byte[], byte[]> topic : List.of(lateEvents, transactionsDlq, labelsDlq)) {
      for (TestRecord<byte[], byte[]> record : topic.readRecordsToList()) {
        letters.add(
            new ExpectedDeadLetters.Letter(
                topicOf(topic),
                new String(
                    record.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value(),
                    StandardCharsets.UTF_8),
                new String(record.key(), StandardCharsets.UTF_8),
                new String(
                    record.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8)));
      }
    }
    return letters;
  }

  private String topicOf(TestOutputTopic<byte[], byte[]> topic) {
    return topic == lateEvents
        ? topics.lateEvents()
        : topic == transactionsDlq
            ? topics.deadLetterTopic(topics.transactions())
            : topics.deadLetterTopic(topics.labels());
  }

  /** The value of {@code streamlearn.records{stage=features,outcome}}. */
  double count(String outcome) {
    return registry.get(MicrometerFeatureMetrics.RECORDS).tag("outcome", outcome).counter().count();
  }

  @Override
  public void close() {
    driver.close();
  }
}
