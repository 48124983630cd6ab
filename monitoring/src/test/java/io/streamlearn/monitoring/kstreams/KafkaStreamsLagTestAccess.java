package io.streamlearn.monitoring.kstreams;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * Registers the consumer-lag gauge over an application without partitions, for other packages'
 * tests.
 */
public final class KafkaStreamsLagTestAccess {

  private KafkaStreamsLagTestAccess() {}

  public static void register(MeterRegistry registry, String stage) {
    KafkaStreamsLag.register(registry, stage, Map::of);
  }
}
