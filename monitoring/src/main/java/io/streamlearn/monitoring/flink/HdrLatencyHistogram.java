package io.streamlearn.monitoring.flink;

import io.streamlearn.monitoring.metrics.LatencyHistogram;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * A Flink {@link Histogram} over a {@link LatencyHistogram}: the event-to-prediction latencies in
 * milliseconds over the recent window, percentiles from HdrHistogram. The bridge reporter exports
 * it as the same {@code quantile} gauges as the Kafka Streams topology.
 */
public final class HdrLatencyHistogram implements Histogram {

  private final LatencyHistogram histogram;

  public HdrLatencyHistogram(LatencyHistogram histogram) {
    this.histogram = histogram;
  }

  /** The histogram behind, for the bridge. */
  public LatencyHistogram latency() {
    return histogram;
  }

  @Override
  public void update(long value) {
    histogram.recordMillis(value);
  }

  @Override
  public long getCount() {
    return histogram.snapshot().totalCount();
  }

  @Override
  public HistogramStatistics getStatistics() {
    LatencyHistogram.Snapshot s = histogram.snapshot();
    return new HistogramStatistics() {
      @Override
      public double getQuantile(double quantile) {
        return s.quantileMillis(quantile);
      }

      @Override
      public long[] getValues() {
        return s.values();
      }

      @Override
      public int size() {
        return (int) Math.min(Integer.MAX_VALUE, s.count());
      }

      @Override
      public double getMean() {
        return s.meanMillis();
      }

      @Override
      public double getStdDev() {
        return s.stdDevMillis();
      }

      @Override
      public long getMax() {
        return s.count() == 0 ? 0 : (long) s.maxMillis();
      }

      @Override
      public long getMin() {
        return s.count() == 0 ? 0 : (long) s.minMillis();
      }
    };
  }
}
