package io.streamlearn.app.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.search.Search;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Reads the stages' meters (names: {@code MetricNames}, docs/PIPELINE.md) from the registry they
 * register into. A meter that does not exist yet reads as {@code NaN}.
 */
final class MeterReadings {

  private final MeterRegistry registry;

  MeterReadings(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The sum of the meters named {@code name} with the tags {@code key, value, ...}, or NaN. */
  double sum(String name, String... tags) {
    double sum = 0;
    boolean found = false;
    for (Meter meter : Search.in(registry).name(name).tags(tags).meters()) {
      double value = value(meter);
      if (!Double.isNaN(value)) {
        sum += value;
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  /** The largest value of the meters named {@code name} with the tags, or NaN. */
  double max(String name, String... tags) {
    double max = Double.NaN;
    for (Meter meter : Search.in(registry).name(name).tags(tags).meters()) {
      double value = value(meter);
      if (!Double.isNaN(value) && (Double.isNaN(max) || value > max)) {
        max = value;
      }
    }
    return max;
  }

  private static double value(Meter meter) {
    if (meter instanceof Counter c) {
      return c.count();
    }
    if (meter instanceof FunctionCounter c) {
      return c.count();
    }
    if (meter instanceof TimeGauge g) {
      return g.value(TimeUnit.SECONDS);
    }
    if (meter instanceof Gauge g) {
      return g.value();
    }
    return Double.NaN;
  }
}
