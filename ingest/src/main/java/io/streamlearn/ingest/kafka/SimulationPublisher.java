package io.streamlearn.ingest.kafka;

import io.streamlearn.ingest.core.LabelEvent;
import io.streamlearn.ingest.core.TransactionEvent;
import io.streamlearn.ingest.core.pacing.Pacer;
import io.streamlearn.ingest.core.simulator.SimulatedLabel;
import io.streamlearn.ingest.core.simulator.SimulatedTransaction;
import io.streamlearn.ingest.core.simulator.SimulationEvent;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.platform.deadletter.DeadLetter;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Produces a simulated stream: transactions to one topic and labels to another, keyed by
 * transaction id, with the event time as record timestamp, in stream order and at the pace asked
 * for. Every event is validated like any other input; an invalid one goes to {@code <topic>.dlq}.
 */
public final class SimulationPublisher {

  /** How often (in events) progress is reported. */
  static final int PROGRESS_EVERY = 4096;

  /**
   * The topics to write.
   *
   * @param transactions the transactions topic
   * @param labels the labels topic, or null to leave labels out
   */
  public record Topics(String transactions, String labels) {
    public Topics {
      Objects.requireNonNull(transactions, "transactions");
    }
  }

  /**
   * What a run produced. Every event taken from the simulator has one outcome: {@code events =
   * transactions + labels + deadLettered + failed}.
   *
   * @param events events taken from the simulator (labels excluded when they are left out)
   * @param transactions transactions the broker acknowledged
   * @param labels labels the broker acknowledged
   * @param deadLettered events sent to a dead-letter topic
   * @param failed events that could not be delivered anywhere
   */
  public record Report(
      long events, long transactions, long labels, long deadLettered, long failed) {
    /** True when every event has an outcome. */
    public boolean balances() {
      return events == transactions + labels + deadLettered + failed;
    }
  }

  private final Producer<byte[], byte[]> producer;
  private final EventWireEncoder encoder;
  private final Topics topics;
  private final EventValidator validator;
  private final Pacer pacer;
  private final DeliveryGuard guard;
  private final LongAdder transactions = new LongAdder();
  private final LongAdder labels = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Callback transactionAck = (m, e) -> outcome(e, transactions);
  private final Callback labelAck = (m, e) -> outcome(e, labels);
  private final Callback deadLetterAck = (m, e) -> outcome(e, deadLettered);

  public SimulationPublisher(
      Producer<byte[], byte[]> producer,
      EventWireEncoder encoder,
      Topics topics,
      EventValidator validator,
      Pacer pacer,
      DeliveryGuard guard) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * Produces the events of {@code run}, at most {@code limit}, then waits for every outcome.
   *
   * @param progress hears the number of events taken so far, every few thousand events
   * @throws io.streamlearn.ingest.IngestException when the run must stop (the broker is gone)
   * @throws InterruptedException when interrupted while pacing
   */
  public Report publish(SimulationRun run, long limit, LongConsumer progress)
      throws InterruptedException {
    long events = 0;
    try {
      while (events < limit && run.hasNext()) {
        SimulationEvent event = run.next();
        if (event instanceof SimulatedTransaction tx) {
          events++;
          pacer.awaitTurn(tx.eventTimeMillis());
          sendTransaction(tx.transaction());
        } else if (topics.labels() != null) {
          events++;
          pacer.awaitTurn(event.eventTimeMillis());
          sendLabel(((SimulatedLabel) event).label());
        }
        if ((events & (PROGRESS_EVERY - 1)) == 0) {
          guard.check();
          progress.accept(events);
        }
      }
    } finally {
      producer.flush();
    }
    progress.accept(events);
    guard.check();
    return new Report(events, transactions.sum(), labels.sum(), deadLettered.sum(), failed.sum());
  }

  private void sendTransaction(TransactionEvent transaction) {
    byte[] key = EventWireEncoder.key(transaction.transactionId());
    byte[] value = encoder.transaction(transaction);
    Optional<Violation> violation = validator.check(transaction);
    if (violation.isPresent()) {
      deadLetter(topics.transactions(), key, value, violation.get(), transaction.eventTimeMillis());
      return;
    }
    send(
        new ProducerRecord<>(
            topics.transactions(), null, transaction.eventTimeMillis(), key, value),
        transactionAck);
  }

  private void sendLabel(LabelEvent label) {
    byte[] key = EventWireEncoder.key(label.transactionId());
    byte[] value = encoder.label(label);
    Optional<Violation> violation = validator.check(label);
    if (violation.isPresent()) {
      deadLetter(topics.labels(), key, value, violation.get(), label.labelTimeMillis());
      return;
    }
    send(
        new ProducerRecord<>(topics.labels(), null, label.labelTimeMillis(), key, value), labelAck);
  }

  private void deadLetter(
      String topic, byte[] key, byte[] value, Violation violation, long eventTimeMillis) {
    send(
        DeadLetter.of(topic, key, value)
            .reason(violation.code().name())
            .message(violation.message())
            .stage(KafkaReplaySink.STAGE_VALIDATE)
            .timestamp(eventTimeMillis)
            .toProducerRecord(),
        deadLetterAck);
  }

  private void send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    try {
      producer.send(record, callback);
    } catch (KafkaException e) {
      failed.increment();
      guard.fail(e);
      guard.check();
    }
  }

  private void outcome(Exception failure, LongAdder success) {
    if (failure == null) {
      success.increment();
    } else {
      failed.increment();
      guard.fail(failure);
    }
  }
}
