package io.streamlearn.app.demo;

import io.streamlearn.ingest.core.pacing.Pacer;
import io.streamlearn.ingest.core.pacing.Pacing;
import io.streamlearn.ingest.core.simulator.SimulationRun;
import io.streamlearn.ingest.core.simulator.TransactionSimulator;
import io.streamlearn.ingest.core.validation.EventValidator;
import io.streamlearn.ingest.kafka.DeliveryGuard;
import io.streamlearn.ingest.kafka.EventWireEncoder;
import io.streamlearn.ingest.kafka.ProducerSettings;
import io.streamlearn.ingest.kafka.SchemaRegistration;
import io.streamlearn.ingest.kafka.SimulationPublisher;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's simulator: produces the simulation's events after those a previous run produced, on a
 * thread of its own, and keeps {@link DemoState} up to date in the data directory (every {@link
 * #CHECKPOINT_MILLIS} and when it stops), so that the next run continues where this one stopped.
 */
final class DemoSimulation implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoSimulation.class);

  /** How often the progress is flushed and written. */
  static final long CHECKPOINT_MILLIS = 2_000;

  /** How a run ended. */
  record Outcome(long producedEvents, long failedEvents, boolean complete) {}

  private final ProducerSettings settings;
  private final TransactionSimulator simulator;
  private final EventValidator validator;
  private final Pacing pacing;
  private final Path directory;
  private final DemoState resumed;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private volatile CountingProducer producer;
  private volatile boolean stopping;
  private Thread thread;
  private Thread checkpointer;
  private DemoState state;

  DemoSimulation(
      ProducerSettings settings,
      TransactionSimulator simulator,
      EventValidator validator,
      Pacing pacing,
      Path directory,
      DemoState resumed) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.simulator = Objects.requireNonNull(simulator, "simulator");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.pacing = Objects.requireNonNull(pacing, "pacing");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.resumed = Objects.requireNonNull(resumed, "resumed");
    this.state = resumed;
  }

  /** Registers the schemas and starts producing; returns at once. */
  synchronized void start(String transactionsTopic, String labelsTopic) {
    EventWireEncoder encoder =
        SchemaRegistration.eventEncoder(settings, transactionsTopic, labelsTopic);
    producer = new CountingProducer(new KafkaProducer<>(settings.kafka()));
    SimulationPublisher publisher =
        new SimulationPublisher(
            producer,
            encoder,
            new SimulationPublisher.Topics(transactionsTopic, labelsTopic),
            validator,
            new Pacer(pacing, System::nanoTime, TimeUnit.NANOSECONDS::sleep),
            new DeliveryGuard(settings.bootstrapServers()));
    thread = new Thread(() -> produce(publisher), "streamlearn-demo-simulator");
    thread.setDaemon(true);
    thread.start();
    checkpointer = new Thread(this::checkpointLoop, "streamlearn-demo-progress");
    checkpointer.setDaemon(true);
    checkpointer.start();
  }

  /** Completes when the simulation stops: produced everything, stopped, or failed. */
  CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  /** Events of the stream produced so far, this run's and the previous runs'. */
  long producedEvents() {
    CountingProducer p = producer;
    return resumed.producedEvents() + (p == null ? 0 : p.sent().records());
  }

  /** The event time of the last event produced, or -1. */
  long lastEventTimeMillis() {
    CountingProducer p = producer;
    long last = p == null ? -1 : p.sent().lastTimestampMillis();
    return last >= 0 ? last : resumed.lastEventTimeMillis();
  }

  /**
   * Skips the events produced before, deterministically: the same options give the same stream, so
   * the first {@code n} events are those already in the topics.
   */
  static SimulationRun skip(SimulationRun run, long n) {
    for (long i = 0; i < n; i++) {
      if (run.advance() == SimulationRun.Position.END) {
        throw new IllegalStateException(
            "the simulation has only " + i + " events, but " + n + " were produced before");
      }
    }
    return run;
  }

  private void produce(SimulationPublisher publisher) {
    try {
      SimulationRun run = skip(simulator.run(), resumed.producedEvents());
      SimulationPublisher.Report report = publisher.publish(run, Long.MAX_VALUE, events -> {});
      Outcome done = finish(true, report.failed());
      outcome.complete(done);
    } catch (InterruptedException e) {
      outcome.complete(finish(false, 0));
    } catch (RuntimeException e) {
      if (stopping) {
        // interrupted in the middle of a send: a stop, not a failure
        outcome.complete(finish(false, 0));
        return;
      }
      try {
        finish(false, 0);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      outcome.completeExceptionally(e);
    }
  }

  /** Stops the checkpoints, flushes and writes the final progress. */
  private Outcome finish(boolean complete, long failed) {
    checkpointer.interrupt();
    try {
      checkpointer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      CountingProducer.Position position = producer.checkpoint();
      record(position, complete);
      return new Outcome(resumed.producedEvents() + position.records(), failed, complete);
    } finally {
      producer.close();
    }
  }

  private void checkpointLoop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        TimeUnit.MILLISECONDS.sleep(CHECKPOINT_MILLIS);
        record(producer.checkpoint(), false);
      }
    } catch (InterruptedException e) {
      // stopping: the final checkpoint follows
    } catch (RuntimeException e) {
      LOG.warn("Could not record the simulator's progress: {}", e.getMessage());
    }
  }

  private synchronized void record(CountingProducer.Position position, boolean complete) {
    long events = resumed.producedEvents() + position.records();
    long last =
        position.lastTimestampMillis() >= 0
            ? position.lastTimestampMillis()
            : resumed.lastEventTimeMillis();
    if (events < state.producedEvents()) {
      return; // a checkpoint overtaken by a later one
    }
    state = state.advancedTo(events, last, complete || state.complete());
    state.write(directory);
  }

  /** Stops producing (the events sent so far are flushed and recorded); waits up to 30 s. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    stopping = true;
    t.interrupt();
    try {
      outcome.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // reported by whoever waits on the outcome
    }
  }
}
