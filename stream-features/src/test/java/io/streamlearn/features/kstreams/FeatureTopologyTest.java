package io.streamlearn.features.kstreams;

import static io.streamlearn.features.stage.StageRecords.DAY;
import static io.streamlearn.features.stage.StageRecords.HOUR;
import static io.streamlearn.features.stage.StageRecords.T0;
import static io.streamlearn.features.stage.StageRecords.label;
import static io.streamlearn.features.stage.StageRecords.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.core.FeatureInput;
import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.KitchenSinkStreams;
import io.streamlearn.features.core.LocalFeaturePipeline;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.ExpectedDeadLetters;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.FeatureTopics;
import io.streamlearn.features.stage.Guarantee;
import io.streamlearn.features.stage.ParityAssertions;
import io.streamlearn.features.stage.SimulatedInputs;
import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerdeException;
import io.streamlearn.platform.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class FeatureTopologyTest {

  private final FeatureStageSettings settings = FeatureStageSettings.defaults();

  /** A transaction far after the others, for entities of its own: moves stream time on. */
  private static TransactionEvent flush(long time) {
    return new TransactionEvent(
        "flush", time, "flush-customer", "flush-terminal", 1.0, Map.of("merchant", "flush"));
  }

  @Test
  void onArrivalASimulatedStreamGetsTheReferenceFeatures() {
    SimulatedInputs inputs = SimulatedInputs.of(100, 10, 7L);
    try (TopologyFixture fixture = new TopologyFixture(settings)) {
      fixture.send(inputs.inStreamOrder());

      FeatureRun reference =
          ReferenceFeatures.run(
              settings.spec(), settings.streamSettings(), inputs.inCanonicalOrder());
      ParityAssertions.assertMatchesReference(settings.spec(), reference, fixture.vectors());
      assertThat(fixture.letters()).isEmpty();
      assertThat(fixture.count("ok")).isGreaterThan(reference.vectors().size());
    }
  }

  @Test
  void eventTimeComesFromTheValuesAndIngestTimeFromTheHeaderWhateverTheRecordTimestamps() {
    SimulatedInputs inputs = SimulatedInputs.of(100, 40, 11L);
    long wallClock = 1_795_000_000_000L; // 2026: record timestamps years after the events
    long sentAt = wallClock - 5;
    for (FeatureStageSettings mode : List.of(settings)) {
      try (TopologyFixture fixture = new TopologyFixture(mode)) {
        fixture.sendStampedAt(inputs.inStreamOrder(), wallClock, sentAt);
        long last =
            inputs.inStreamOrder().stream().mapToLong(FeatureInput::time).max().orElseThrow();
        fixture.sendStampedAt(
            List.of(new FeatureInput.Transaction(flush(last + 2 * HOUR))), wallClock, sentAt);

        List<FeatureInput> withFlush = new ArrayList<>(inputs.inCanonicalOrder());
        withFlush.add(new FeatureInput.Transaction(flush(last + 2 * HOUR)));
        FeatureRun reference =
            ReferenceFeatures.run(settings.spec(), settings.streamSettings(), withFlush);
        List<FeatureVector> vectors = fixture.vectors();
        List<FeatureVector> withoutFlush =
            vectors.stream().filter(v -> !v.getTransactionId().equals("flush")).toList();
        ParityAssertions.assertMatchesReference(
            settings.spec(),
            new FeatureRun(
                reference.vectors().stream()
                    .filter(v -> !v.transactionId().equals("flush"))
                    .toList(),
                reference.rejections()),
            withoutFlush);
        assertThat(vectors)
            .allSatisfy(v -> assertThat(v.getIngestTime().toEpochMilli()).isEqualTo(sentAt));
        assertThat(fixture.letters()).isEmpty();
        assertThat(fixture.count("late")).isZero();
      }
    }
  }

  @Test
  void onWatermarkVectorsWaitUntilStreamTimePassesThemByTheLateness() {
    SimulatedInputs inputs = SimulatedInputs.of(100, 10, 7L);
    FeatureStageSettings onWatermark = settings.withEmitMode(EmitMode.ON_WATERMARK);
    try (TopologyFixture fixture = new TopologyFixture(onWatermark)) {
      fixture.send(inputs.inStreamOrder());
      long last = inputs.inStreamOrder().stream().mapToLong(FeatureInput::time).max().orElseThrow();

      List<FeatureVector> released = fixture.vectors();
      assertThat(released).isNotEmpty();
      assertThat(released)
          .allSatisfy(
              v -> assertThat(v.getEventTime().toEpochMilli()).isLessThanOrEqualTo(last - HOUR));

      fixture.send(flush(last + 2 * HOUR));
      List<FeatureVector> all = new ArrayList<>(released);
      all.addAll(fixture.vectors());
      List<FeatureInput> withFlush = new ArrayList<>(inputs.inCanonicalOrder());
      withFlush.add(new FeatureInput.Transaction(flush(last + 2 * HOUR)));
      FeatureRun reference =
          ReferenceFeatures.run(settings.spec(), settings.streamSettings(), withFlush);
      List<FeatureVector> withoutFlush =
          all.stream().filter(v -> !v.getTransactionId().equals("flush")).toList();
      ParityAssertions.assertMatchesReference(
          settings.spec(),
          new FeatureRun(
              reference.vectors().stream().filter(v -> !v.transactionId().equals("flush")).toList(),
              reference.rejections()),
          withoutFlush);
    }
  }

  @Test
  void onArrivalDisorderedInputsGetWhatTheCoreComputesInArrivalOrder() {
    FeatureStageSettings kitchenSink =
        FeatureStageSettings.forSpec(KitchenSinkStreams.spec())
            .withAllowedLateness(KitchenSinkStreams.LATENESS);
    List<FeatureInput> arrivals = new ArrayList<>(KitchenSinkStreams.arrivals(11L, true));
    long last = arrivals.stream().mapToLong(FeatureInput::time).max().orElseThrow();
    arrivals.add(new FeatureInput.Transaction(flush(last + 2 * DAY)));
    try (TopologyFixture fixture = new TopologyFixture(kitchenSink)) {
      fixture.send(arrivals);

      FeatureRun core =
          LocalFeaturePipeline.run(
              new FeatureStage(kitchenSink, FeatureTopics.DEFAULTS).plan(),
              LocalFeaturePipeline.Storage.BYTES,
              arrivals);
      List<FeatureVector> vectors = fixture.vectors();
      assertThat(vectors.stream().map(FeatureVector::getTransactionId))
          .containsExactlyElementsOf(core.vectors().stream().map(v -> v.transactionId()).toList());
      for (int i = 0; i < vectors.size(); i++) {
        assertThat(vectors.get(i).getFeatures())
            .as("features of %s", vectors.get(i).getTransactionId())
            .isEqualTo(core.vectors().get(i).features().asMap());
      }
      ExpectedDeadLetters.assertWritten(
          ExpectedDeadLetters.of(core, FeatureTopics.DEFAULTS),
          fixture.letters(),
          FeatureTopics.DEFAULTS);
      assertThat(fixture.count("late")).isPositive();
      assertThat(fixture.count("dlq")).isPositive();
    }
  }

  @Test
  void onWatermarkDisorderedInputsGetTheReferenceFeaturesOfTheirCanonicalOrder() {
    FeatureStageSettings kitchenSink =
        FeatureStageSettings.forSpec(KitchenSinkStreams.spec())
            .withAllowedLateness(KitchenSinkStreams.LATENESS)
            .withEmitMode(EmitMode.ON_WATERMARK);
    List<FeatureInput> arrivals = new ArrayList<>(KitchenSinkStreams.arrivals(12L, false));
    long last = arrivals.stream().mapToLong(FeatureInput::time).max().orElseThrow();
    arrivals.add(new FeatureInput.Transaction(flush(last + DAY)));
    try (TopologyFixture fixture = new TopologyFixture(kitchenSink)) {
      fixture.send(arrivals);

      List<FeatureInput> canonical = new ArrayList<>(arrivals);
      canonical.sort(FeatureInput.CANONICAL_ORDER);
      FeatureRun reference =
          ReferenceFeatures.run(kitchenSink.spec(), kitchenSink.streamSettings(), canonical);
      ParityAssertions.assertMatchesReference(
          kitchenSink.spec(), withoutFlush(reference), fixture.vectors());
      ExpectedDeadLetters.assertWritten(
          ExpectedDeadLetters.of(reference, FeatureTopics.DEFAULTS),
          fixture.letters(),
          FeatureTopics.DEFAULTS);
    }
  }

  @Test
  void recordsThatCannotBeUsedGoToTheDeadLetterTopicUntouchedAndTheStreamGoesOn() {
    try (TopologyFixture fixture = new TopologyFixture(settings)) {
      byte[] json = "{\"transactionId\":\"j\"}".getBytes(StandardCharsets.UTF_8);
      fixture.rawTransactions.pipeInput("j".getBytes(StandardCharsets.UTF_8), json, T0);
      fixture.send(transaction("neg", T0, "c1", "t1", -4.0));
      fixture.transactions.pipeInput(
          "someone-else",
          EventAvroMapping.toAvro(transaction("k", T0, "c1", "t1", 4.0)),
          Instant.ofEpochMilli(T0));
      fixture.send(transaction("ok", T0 + 1, "c1", "t1", 4.0));

      assertThat(fixture.vectors())
          .extracting(FeatureVector::getTransactionId)
          .containsExactly("ok");
      List<TestRecord<byte[], byte[]>> letters = fixture.records(fixture.transactionsDlq);
      assertThat(letters)
          .extracting(r -> reason(r))
          .containsExactly("UNKNOWN_MAGIC_BYTE", "NEGATIVE_AMOUNT", "KEY_MISMATCH");
      TestRecord<byte[], byte[]> first = letters.get(0);
      assertThat(first.value()).isEqualTo(json);
      assertThat(first.key()).isEqualTo("j".getBytes(StandardCharsets.UTF_8));
      assertThat(first.timestamp()).isEqualTo(T0);
      assertThat(header(first, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("transactions");
      assertThat(header(first, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
      assertThat(header(first, DeadLetterHeaders.FAILED_STAGE)).isEqualTo("features.deserialize");
      assertThat(header(letters.get(1), DeadLetterHeaders.FAILED_STAGE))
          .isEqualTo("features.validate");
      assertThat(fixture.count("dlq")).isEqualTo(3.0);
      assertThat(fixture.count("ok")).isEqualTo(1.0);
    }
  }

  @Test
  void recordsOfAnotherWriterSchemaAreResolvedAndTruncatedOnesDeadLetteredAsByAvro() {
    try (TopologyFixture fixture = new TopologyFixture(settings)) {
      // customerId and terminalId swapped: only Avro's resolution reads them right
      Schema swapped =
          new Schema.Parser()
              .parse(
                  """
                  {"type":"record","name":"Transaction","namespace":"io.streamlearn.ingest.avro",
                   "fields":[
                    {"name":"transactionId","type":"string"},
                    {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
                    {"name":"terminalId","type":"string"},
                    {"name":"customerId","type":"string"},
                    {"name":"amount","type":"double"},
                    {"name":"attributes","type":{"type":"map","values":"string"},"default":{}}]}
                  """);
      GenericRecord written = new GenericData.Record(swapped);
      written.put("transactionId", "evolved");
      written.put("eventTime", T0);
      written.put("terminalId", "t1");
      written.put("customerId", "c1");
      written.put("amount", 4.0);
      written.put("attributes", Map.of());
      AvroSerializer<GenericRecord> generic =
          new AvroSerializer<GenericRecord>().configured(fixture.serdeConfig, false);
      fixture.rawTransactions.pipeInput(
          "evolved".getBytes(StandardCharsets.UTF_8),
          generic.serialize("transactions", written),
          T0);
      byte[] whole =
          new AvroSerializer<Transaction>()
              .configured(fixture.serdeConfig, false)
              .serialize(
                  "transactions", EventAvroMapping.toAvro(transaction("cut", T0, "c1", "t1", 4.0)));
      byte[] truncated = Arrays.copyOf(whole, whole.length - 3);
      fixture.rawTransactions.pipeInput("cut".getBytes(StandardCharsets.UTF_8), truncated, T0);

      assertThat(fixture.vectors())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.getTransactionId()).isEqualTo("evolved");
                assertThat(v.getEntityIds()).containsEntry("customerId", "c1");
                assertThat(v.getEntityIds()).containsEntry("terminalId", "t1");
              });
      AvroSerdeException avro =
          catchThrowableOfType(
              AvroSerdeException.class,
              () ->
                  AvroDeserializer.forSpecific(Transaction.class)
                      .configured(fixture.serdeConfig, false)
                      .deserialize("transactions", truncated));
      List<TestRecord<byte[], byte[]>> letters = fixture.records(fixture.transactionsDlq);
      assertThat(letters).hasSize(1);
      TestRecord<byte[], byte[]> letter = letters.get(0);
      assertThat(reason(letter)).isEqualTo(avro.reason().name());
      assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo(avro.getMessage());
      assertThat(letter.value()).isEqualTo(truncated);
    }
  }

  @Test
  void lateTransactionsAndLabelsGoToLateEventsWithTheLateEventReason() {
    try (TopologyFixture fixture = new TopologyFixture(settings)) {
      fixture.send(transaction("a", T0, "c1", "t1", 10));
      fixture.send(transaction("b", T0 + 10 * DAY, "c1", "t1", 10));
      fixture.send(transaction("late", T0 + 10 * DAY - 2 * HOUR, "c1", "t1", 10));
      fixture.send(label("a", true, T0 + 10 * DAY - 3 * HOUR));

      List<TestRecord<byte[], byte[]>> late = fixture.records(fixture.lateEvents);
      assertThat(late)
          .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
          .containsExactly("late", "a");
      assertThat(late).extracting(FeatureTopologyTest::reason).containsOnly("LATE_EVENT");
      assertThat(header(late.get(0), DeadLetterHeaders.FAILED_STAGE))
          .isEqualTo("features.customerId,terminalId");
      assertThat(header(late.get(1), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("labels");
      assertThat(fixture.count("late")).isEqualTo(2.0);
    }
  }

  @Test
  void aLabelWhoseTransactionNeverComesIsDeadLetteredOnceStreamTimePassesItsHorizon() {
    try (TopologyFixture fixture = new TopologyFixture(settings)) {
      fixture.send(label("ghost", true, T0));
      fixture.send(transaction("a", T0 + 37 * DAY + HOUR, "c1", "t1", 10));
      assertThat(fixture.records(fixture.labelsDlq)).isEmpty();

      fixture.send(transaction("b", T0 + 37 * DAY + 2 * HOUR, "c1", "t1", 10));

      List<TestRecord<byte[], byte[]>> letters = fixture.records(fixture.labelsDlq);
      assertThat(letters)
          .extracting(FeatureTopologyTest::reason)
          .containsExactly("LABEL_WITHOUT_TRANSACTION");
      assertThat(fixture.count("expired")).isEqualTo(1.0);
    }
  }

  @Test
  void idleEntitiesAreDeletedOnceStreamTimePassesTheirTtl() {
    try (TopologyFixture fixture = new TopologyFixture(settings)) {
      FeatureStage stage = new FeatureStage(settings, FeatureTopics.DEFAULTS);
      fixture.send(transaction("a", T0, "idle", "t-idle", 10));
      fixture.send(transaction("b", T0 + DAY, "busy", "t-busy", 10));
      KeyValueStore<String, byte[]> customers =
          fixture.driver.getKeyValueStore(FeatureTopology.stateStore(stage, 0));
      KeyValueStore<String, byte[]> joins =
          fixture.driver.getKeyValueStore(FeatureTopology.LABEL_JOIN_STORE);
      assertThat(customers.get("idle")).isNotNull();

      long ttl = settings.keyTtl().toMillis();
      fixture.send(transaction("c", T0 + ttl + HOUR + 2 * 60_000, "busy", "t-busy", 10));

      assertThat(customers.get("idle")).isNull();
      assertThat(customers.get("busy")).isNotNull();
      assertThat(joins.get("a")).isNull();
      assertThat(joins.get("c")).isNotNull();
    }
  }

  @Test
  void rocksDbStoresGiveTheSameVectorsAsHeapStores() {
    SimulatedInputs inputs = SimulatedInputs.of(50, 10, 3L);
    List<FeatureVector> heap;
    try (TopologyFixture fixture = new TopologyFixture(settings, StateStoreType.IN_MEMORY)) {
      fixture.send(inputs.inStreamOrder().subList(0, 300));
      heap = fixture.vectors();
    }
    try (TopologyFixture fixture = new TopologyFixture(settings, StateStoreType.ROCKSDB)) {
      fixture.send(inputs.inStreamOrder().subList(0, 300));
      assertThat(fixture.vectors()).isEqualTo(heap).isNotEmpty();
    }
  }

  @Test
  void theGuaranteeSelectsKafkaStreamsProcessingGuarantee() {
    assertThat(FeatureTopology.config(settings))
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    assertThat(FeatureTopology.config(settings.withGuarantee(Guarantee.EXACTLY_ONCE)))
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
  }

  @Test
  void theStagesProducersLingerFiveMillisecondsNotKafkaStreamsHundred() {
    assertThat(FeatureTopology.config(settings))
        .containsEntry(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
  }

  @Test
  void theTopologyHasOneRepartitionPerEntityKeyAndOneForOutcomes() {
    String description =
        FeatureTopology.build(
                settings,
                FeatureTopics.DEFAULTS,
                Map.of("schema.registry.url", "mock://d"),
                io.streamlearn.features.stage.FeatureMetrics.none())
            .describe()
            .toString();

    assertThat(description)
        .contains("features-0-customerId-transactions-repartition")
        .contains("features-1-terminalId-transactions-repartition")
        .contains("features-1-terminalId-outcomes-repartition")
        .doesNotContain("features-0-customerId-outcomes");
  }

  /** The reference without the flush transaction's vector, which on-watermark holds back. */
  private static FeatureRun withoutFlush(FeatureRun reference) {
    return new FeatureRun(
        reference.vectors().stream().filter(v -> !v.transactionId().equals("flush")).toList(),
        reference.rejections());
  }

  private static String reason(TestRecord<byte[], byte[]> record) {
    return header(record, DeadLetterHeaders.REASON);
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
