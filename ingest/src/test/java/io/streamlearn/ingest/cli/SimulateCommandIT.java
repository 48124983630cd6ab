package io.streamlearn.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.embedded.testing.EmbeddedStackExtension;
import io.streamlearn.embedded.testing.TestStack;
import io.streamlearn.ingest.avro.EventAvroMapping;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.ingest.avro.Transaction;
import io.streamlearn.ingest.core.simulator.DriftChange;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulatedTransaction;
import io.streamlearn.ingest.core.simulator.SimulationEvent;
import io.streamlearn.ingest.core.simulator.SimulatorOptions;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedStackExtension.class)
class SimulateCommandIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void theTopicsHoldExactlyTheSimulatedStreamInEventTimeOrder(TestStack stack) {
    String transactions = stack.uniqueName("transactions");
    String labels = stack.uniqueName("labels");
    SimulatorOptions options =
        SimulatorOptions.DEFAULTS
            .withSeed(11)
            .withCustomers(100)
            .withTerminals(200)
            .withDays(10)
            .withDrift(List.of(DriftChange.parse("5:new-pattern:3")));
    List<SimulationEvent> expected = new TransactionSimulator(options).events().toList();
    List<Transaction> expectedTransactions =
        expected.stream()
            .filter(SimulatedTransaction.class::isInstance)
            .map(e -> EventAvroMapping.toAvro(((SimulatedTransaction) e).transaction()))
            .toList();
    List<Label> expectedLabels =
        expected.stream()
            .filter(SimulatedLabel.class::isInstance)
            .map(e -> EventAvroMapping.toAvro(((SimulatedLabel) e).label()))
            .toList();

    CommandRun run =
        CommandRun.of(
            new SimulateCommand(),
            "-b",
            stack.bootstrapServers(),
            "-r",
            stack.schemaRegistryUrl(),
            "--progress",
            "never",
            "--partitions",
            "1",
            "--transactions-topic",
            transactions,
            "--labels-topic",
            labels,
            "--seed",
            "11",
            "--customers",
            "100",
            "--terminals",
            "200",
            "--days",
            "10",
            "--drift",
            "5:new-pattern:3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            String.format(
                "%,d transactions to %s, %,d labels to %s",
                expectedTransactions.size(), transactions, expectedLabels.size(), labels));
    List<ConsumerRecord<String, Transaction>> consumed;
    try (KafkaConsumer<String, Transaction> consumer = stack.avroConsumer(Transaction.class)) {
      consumed = stack.consume(consumer, transactions, expectedTransactions.size(), TIMEOUT);
    }
    assertThat(consumed)
        .extracting(ConsumerRecord::value)
        .containsExactlyElementsOf(expectedTransactions);
    assertThat(consumed)
        .allSatisfy(
            r -> {
              assertThat(r.key()).isEqualTo(r.value().getTransactionId());
              assertThat(r.timestamp()).isEqualTo(r.value().getEventTime().toEpochMilli());
            });
    assertThat(stack.consumeValues(labels, Label.class, expectedLabels.size(), TIMEOUT))
        .containsExactlyElementsOf(expectedLabels);
  }
}
