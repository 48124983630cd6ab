package io.streamlearn.ingest.kafka;

import io.streamlearn.ingest.core.pacing.Pacer;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.core.validation.Violation;
import io.streamlearn.platform.deadletter.DeadLetter;
import io.streamlearn.platform.serde.IngestTimeHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /** Events per batch handed from the generator thread to the sending thread. */
  static final int BATCH_SIZE = 1024;

  /** Batches ready to send at most; the generator waits when the sender lags. */
  static final int QUEUED_BATCHES = 8;

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
   * <p>Two threads share the work: a generator thread runs the simulator, validates and encodes
   * each event into a ready {@link ProducerRecord} (or its dead letter), in batches; the calling
   * thread paces and sends them in order. The stream order is kept.
   *
   * @param progress hears the number of events taken so far, every batch
   * @throws io.streamlearn.ingest.IngestException when the run must stop (the broker is gone)
   * @throws InterruptedException when interrupted while pacing
   */
  public Report publish(SimulationRun run, long limit, LongConsumer progress)
      throws InterruptedException {
    BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    AtomicBoolean stop = new AtomicBoolean();
    Thread generator = new Thread(() -> generate(run, limit, ready, stop), "streamlearn-simulator");
    generator.setDaemon(true);
    generator.start();
    long events = 0;
    try {
      while (true) {
        Batch batch = ready.take();
        if (batch.failure != null) {
          throw batch.failure;
        }
        for (int i = 0; i < batch.size; i++) {
          pacer.awaitTurn(batch.eventTimes[i]);
          ProducerRecord<byte[], byte[]> record = batch.records.get(i);
          if (!batch.deadLetter[i] && !batch.isLabel[i]) {
            // the record timestamp is the event time; the send time is the start of the latency
            record
                .headers()
                .add(IngestTimeHeader.KEY, IngestTimeHeader.encode(System.currentTimeMillis()));
          }
          send(
              record,
              batch.deadLetter[i] ? deadLetterAck : batch.isLabel[i] ? labelAck : transactionAck);
        }
        events += batch.size;
        guard.check();
        progress.accept(events);
        if (batch.last) {
          break;
        }
      }
    } finally {
      stop.set(true);
      generator.interrupt();
      generator.join();
      producer.flush();
    }
    guard.check();
    return new Report(events, transactions.sum(), labels.sum(), deadLettered.sum(), failed.sum());
  }

  /** Runs on the generator thread: fills batches until the stream or the limit ends. */
  private void generate(
      SimulationRun run, long limit, BlockingQueue<Batch> ready, AtomicBoolean stop) {
    try {
      long events = 0;
      Batch batch = new Batch();
      while (!stop.get()) {
        boolean more = events < limit;
        if (more) {
          SimulationRun.Position position = run.advance();
          if (position == SimulationRun.Position.TRANSACTION) {
            addTransaction(batch, run);
            events++;
          } else if (position == SimulationRun.Position.LABEL) {
            if (topics.labels() != null) {
              addLabel(batch, run);
              events++;
            }
          } else {
            more = false;
          }
        }
        if (!more || batch.size == BATCH_SIZE) {
          batch.last = !more;
          ready.put(batch);
          if (!more) {
            return;
          }
          batch = new Batch();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      Batch failed = new Batch();
      failed.failure = e;
      try {
        ready.put(failed);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The current transaction of {@code run}, encoded (no event object is built). */
  private void addTransaction(Batch batch, SimulationRun run) {
    String id = run.transactionId();
    long time = run.eventTimeMillis();
    String customer = run.customerId();
    String terminal = run.terminalId();
    double amount = run.amount();
    byte[] key = EventWireEncoder.key(id);
    byte[] value = encoder.transaction(id, time, customer, terminal, amount, Map.of());
    Optional<Violation> violation =
        validator.checkTransaction(id, time, customer, terminal, amount);
    if (violation.isPresent()) {
      batch.add(
          deadLetter(topics.transactions(), key, value, violation.get(), time), time, false, true);
    } else {
      batch.add(
          new ProducerRecord<>(topics.transactions(), null, time, key, value), time, false, false);
    }
  }

  /** The current label of {@code run}, encoded. */
  private void addLabel(Batch batch, SimulationRun run) {
    String id = run.transactionId();
    long time = run.labelTimeMillis();
    long transactionTime = run.transactionTimeMillis();
    byte[] key = EventWireEncoder.key(id);
    byte[] value = encoder.label(id, run.scenario().isFraud(), time, transactionTime);
    Optional<Violation> violation = validator.checkLabel(id, time, transactionTime);
    if (violation.isPresent()) {
      batch.add(deadLetter(topics.labels(), key, value, violation.get(), time), time, true, true);
    } else {
      batch.add(new ProducerRecord<>(topics.labels(), null, time, key, value), time, true, false);
    }
  }

  private static ProducerRecord<byte[], byte[]> deadLetter(
      String topic, byte[] key, byte[] value, Violation violation, long eventTimeMillis) {
    return DeadLetter.of(topic, key, value)
        .reason(violation.code().name())
        .message(violation.message())
        .stage(KafkaReplaySink.STAGE_VALIDATE)
        .timestamp(eventTimeMillis)
        .toProducerRecord();
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

  /** Records ready to send, in stream order. */
  private static final class Batch {
    final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(BATCH_SIZE);

    final long[] eventTimes = new long[BATCH_SIZE];
    final boolean[] isLabel = new boolean[BATCH_SIZE];
    final boolean[] deadLetter = new boolean[BATCH_SIZE];
    int size;
    boolean last;
    RuntimeException failure;

    void add(
        ProducerRecord<byte[], byte[]> record, long eventTime, boolean label, boolean rejected) {
      records.add(record);
      deadLetter[size] = rejected;
      isLabel[size] = label;
      eventTimes[size] = eventTime;
      size++;
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
