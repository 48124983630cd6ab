package io.streamlearn.monitoring.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The meters a stage's metrics registered in a registry, to remove them all when the stage stops:
 * {@link #add} each as it is registered, {@link #close()} removes them. Thread-safe.
 */
public final class OwnedMeters implements AutoCloseable {

  private final MeterRegistry registry;
  private final Queue<Meter> meters = new ConcurrentLinkedQueue<>();

  public OwnedMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Records {@code meter} (registered in the registry) as owned; returns it. */
  public <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  /** Removes every meter added from the registry. */
  @Override
  public void close() {
    for (Meter meter; (meter = meters.poll()) != null; ) {
      registry.remove(meter);
    }
  }
}
