package io.streamlearn.ingest.kafka;

import io.streamlearn.ingest.IngestException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Tells a send failure that concerns one record (it is dead-lettered) from one that concerns the
 * whole run (the broker is gone, or refuses us), and remembers the first of the latter so that the
 * producing loop stops with it. Thread-safe: producer callbacks report from the I/O thread.
 */
public final class DeliveryGuard {

  private final String bootstrapServers;
  private final AtomicReference<Exception> fatal = new AtomicReference<>();

  public DeliveryGuard(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** True when the failure stops the run rather than dead-lettering one record. */
  public static boolean isFatal(Exception failure) {
    return failure instanceof TimeoutException
        || failure instanceof AuthenticationException
        || failure instanceof AuthorizationException
        || failure instanceof ProducerFencedException
        || failure instanceof OutOfOrderSequenceException
        || failure instanceof UnsupportedVersionException
        || failure instanceof IllegalStateException;
  }

  /** Remembers a run-stopping failure (the first one wins). */
  public void fail(Exception failure) {
    fatal.compareAndSet(null, failure);
  }

  /** True once a run-stopping failure happened. */
  public boolean failed() {
    return fatal.get() != null;
  }

  /** Throws the run-stopping failure, if any, as one sentence. */
  public void check() {
    Exception failure = fatal.get();
    if (failure != null) {
      throw new IngestException(
          "Kafka at "
              + bootstrapServers
              + " stopped accepting records: "
              + KafkaCluster.rootMessage(failure),
          failure);
    }
  }
}
