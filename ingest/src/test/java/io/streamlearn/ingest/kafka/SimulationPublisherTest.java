package io.streamlearn.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.ingest.IngestException;
import io.streamlearn.ingest.core.pacing.Pacer;
import io.streamlearn.ingest.core.pacing.Pacing;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.core.validation.ValidationRules;
import io.streamlearn.platform.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class SimulationPublisherTest {

  private static final SimulatorOptions SMALL =
      SimulatorOptions.DEFAULTS.withCustomers(100).withTerminals(200).withDays(12);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final DeliveryGuard guard = new DeliveryGuard("broker:9092");
  private final List<Long> progress = new ArrayList<>();

  @Test
  void transactionsAndLabelsGoToTheirTopicsKeyedByTransactionAtTheirEventTime() throws Exception {
    SimulationPublisher.Report report =
        publisher(
                new SimulationPublisher.Topics("transactions", "labels"),
                EventValidator.withDefaults())
            .publish(new TransactionSimulator(SMALL).run(), Long.MAX_VALUE, progress::add);

    List<ProducerRecord<byte[], byte[]>> sent = producer.history();
    assertThat(report.balances()).isTrue();
    assertThat(report.events()).isEqualTo(sent.size());
    assertThat(report.transactions()).isEqualTo(report.labels()).isGreaterThan(1000);
    assertThat(report.deadLettered()).isZero();
    assertThat(sent).extracting(ProducerRecord::topic).containsOnly("transactions", "labels");
    assertThat(sent.get(0).topic()).isEqualTo("transactions");
    assertThat(new String(sent.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("0");
    assertThat(sent.get(0).timestamp())
        .isBetween(SMALL.startEpochMillis(), SMALL.startEpochMillis() + 86_400_000L);
    for (int i = 1; i < sent.size(); i++) {
      assertThat(sent.get(i).timestamp()).isGreaterThanOrEqualTo(sent.get(i - 1).timestamp());
    }
    assertThat(progress).last().isEqualTo(report.events());
  }

  @Test
  void labelsCanBeLeftOutAndTheRunCanBeCutShort() throws Exception {
    SimulationPublisher.Report report =
        publisher(
                new SimulationPublisher.Topics("transactions", null), EventValidator.withDefaults())
            .publish(new TransactionSimulator(SMALL).run(), 500, progress::add);

    assertThat(report).isEqualTo(new SimulationPublisher.Report(500, 500, 0, 0, 0));
    assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly("transactions");
  }

  @Test
  void eventsTheValidatorRejectsAreDeadLettered() throws Exception {
    // Only the first simulated day is in the accepted range: everything later is rejected.
    long start = SMALL.startEpochMillis();
    EventValidator firstDayOnly =
        new EventValidator(
            ValidationRules.timestampsBetween(
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 86_400_000L)));

    SimulationPublisher.Report report =
        publisher(new SimulationPublisher.Topics("transactions", "labels"), firstDayOnly)
            .publish(
                new TransactionSimulator(SMALL.withDays(3)).run(), Long.MAX_VALUE, progress::add);

    assertThat(report.balances()).isTrue();
    assertThat(report.deadLettered()).isGreaterThan(report.transactions());
    assertThat(report.labels()).isZero();
    ProducerRecord<byte[], byte[]> letter =
        producer.history().stream()
            .filter(r -> r.topic().equals("labels.dlq"))
            .findFirst()
            .orElseThrow();
    String reason =
        new String(
            letter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
    assertThat(reason).isEqualTo("TIMESTAMP_OUT_OF_RANGE");
  }

  @Test
  void aRefusingBrokerStopsTheRunWithOneSentence() {
    MockProducer<byte[], byte[]> refusing =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    SimulationPublisher publisher =
        new SimulationPublisher(
            refusing,
            new EventWireEncoder(1, 2),
            new SimulationPublisher.Topics("transactions", "labels"),
            EventValidator.withDefaults(),
            new Pacer(Pacing.asFastAsPossible(), () -> 0L, nanos -> {}),
            guard);
    guard.fail(new AuthorizationException("Not authorized to access topics: [transactions]"));

    assertThatThrownBy(
            () ->
                publisher.publish(
                    new TransactionSimulator(SMALL).run(), Long.MAX_VALUE, progress::add))
        .isInstanceOf(IngestException.class)
        .hasMessage(
            "Kafka at broker:9092 stopped accepting records: Not authorized to access topics: [transactions]");
  }

  private SimulationPublisher publisher(
      SimulationPublisher.Topics topics, EventValidator validator) {
    return new SimulationPublisher(
        producer,
        new EventWireEncoder(1, 2),
        topics,
        validator,
        new Pacer(Pacing.asFastAsPossible(), () -> 0L, nanos -> {}),
        guard);
  }
}
