package io.streamlearn.monitoring.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.streamlearn.monitoring.core.monitor.AlertEvent;
import io.streamlearn.monitoring.metrics.MetricNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a bounded history of streamlearn's metrics for the dashboard and the run report: it samples
 * a Micrometer registry (every meter named {@code streamlearn.*}: gauges as their value, counters
 * as their rate per second since the previous sample) into one ring of {@code capacity} points per
 * series, at most {@code maxSeries} series, and keeps the last {@code maxAlerts} alerts with the
 * time they were recorded. Sampling times are processing (wall-clock) times. Thread-safe.
 */
public final class TimeSeriesRecorder implements AutoCloseable {

  /** Default points kept per series: one hour at one sample every five seconds. */
  public static final int DEFAULT_CAPACITY = 720;

  /** Default series kept. */
  public static final int DEFAULT_MAX_SERIES = 400;

  /** Default alerts kept. */
  public static final int DEFAULT_MAX_ALERTS = 500;

  private final MeterRegistry registry;
  private final int capacity;
  private final int maxSeries;
  private final int maxAlerts;
  private final Map<String, Series> series = new LinkedHashMap<>();
  private final Deque<TimeSeriesSnapshot.RecordedAlert> alerts = new ArrayDeque<>();
  private long droppedSeries;
  private ScheduledExecutorService sampler;

  /** A recorder with the default bounds. */
  public TimeSeriesRecorder(MeterRegistry registry) {
    this(registry, DEFAULT_CAPACITY, DEFAULT_MAX_SERIES, DEFAULT_MAX_ALERTS);
  }

  public TimeSeriesRecorder(MeterRegistry registry, int capacity, int maxSeries, int maxAlerts) {
    this.registry = Objects.requireNonNull(registry, "registry");
    if (capacity < 2 || maxSeries < 1 || maxAlerts < 1) {
      throw new IllegalArgumentException(
          "need capacity >= 2, maxSeries >= 1, maxAlerts >= 1; got "
              + capacity
              + ", "
              + maxSeries
              + ", "
              + maxAlerts);
    }
    this.capacity = capacity;
    this.maxSeries = maxSeries;
    this.maxAlerts = maxAlerts;
  }

  /** Samples every streamlearn meter at {@code wallMillis}. */
  public synchronized void sample(long wallMillis) {
    for (Meter meter : registry.getMeters()) {
      String name = meter.getId().getName();
      if (!name.startsWith("streamlearn.")) {
        continue;
      }
      double value;
      boolean counter;
      if (meter instanceof Counter c) {
        value = c.count();
        counter = true;
      } else if (meter instanceof FunctionCounter c) {
        value = c.count();
        counter = true;
      } else if (meter instanceof TimeGauge g) {
        value = g.value(TimeUnit.SECONDS);
        counter = false;
      } else if (meter instanceof Gauge g) {
        value = g.value();
        counter = false;
      } else {
        continue;
      }
      Map<String, String> tags = new TreeMap<>();
      for (Tag tag : meter.getId().getTagsAsIterable()) {
        tags.put(tag.getKey(), tag.getValue());
      }
      String prometheusName = MetricNames.prometheusName(name);
      String key = prometheusName + tags;
      Series s = series.get(key);
      if (s == null) {
        if (series.size() >= maxSeries) {
          droppedSeries++;
          continue;
        }
        s = new Series(prometheusName, tags, counter ? "rate" : "gauge", capacity);
        series.put(key, s);
      }
      s.add(wallMillis, value, counter);
    }
  }

  /** Records an alert received at {@code wallMillis}. */
  public synchronized void recordAlert(AlertEvent alert, long wallMillis) {
    alerts.addLast(new TimeSeriesSnapshot.RecordedAlert(wallMillis, alert));
    while (alerts.size() > maxAlerts) {
      alerts.removeFirst();
    }
  }

  /** Samples every {@code intervalMillis} of wall-clock time on a daemon thread until closed. */
  public synchronized void startSampling(long intervalMillis) {
    if (sampler != null) {
      throw new IllegalStateException("already sampling");
    }
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "streamlearn-metrics-recorder");
              t.setDaemon(true);
              return t;
            });
    sampler.scheduleAtFixedRate(
        () -> sample(System.currentTimeMillis()), 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** What has been recorded, as of now. */
  public synchronized TimeSeriesSnapshot snapshot() {
    List<TimeSeriesSnapshot.SeriesData> data = new ArrayList<>();
    for (Series s : series.values()) {
      data.add(s.data());
    }
    return new TimeSeriesSnapshot(data, new ArrayList<>(alerts), droppedSeries);
  }

  @Override
  public synchronized void close() {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler = null;
    }
  }

  /** One series: a ring of (time, value), and the last counter reading for rates. */
  private static final class Series {
    final String name;
    final Map<String, String> tags;
    final String kind;
    final long[] times;
    final double[] values;
    int start;
    int size;
    long lastTime = Long.MIN_VALUE;
    double lastCount;

    Series(String name, Map<String, String> tags, String kind, int capacity) {
      this.name = name;
      this.tags = Map.copyOf(tags);
      this.kind = kind;
      this.times = new long[capacity];
      this.values = new double[capacity];
    }

    void add(long time, double value, boolean counter) {
      double point = value;
      if (counter) {
        boolean first = lastTime == Long.MIN_VALUE;
        long elapsed = time - lastTime;
        double count = value;
        point =
            first || elapsed <= 0 ? Double.NaN : Math.max(0, count - lastCount) * 1000.0 / elapsed;
        lastTime = time;
        lastCount = count;
        if (first) {
          return;
        }
      }
      int i = (start + size) % times.length;
      if (size == times.length) {
        start = (start + 1) % times.length;
      } else {
        size++;
      }
      times[i] = time;
      values[i] = point;
    }

    TimeSeriesSnapshot.SeriesData data() {
      long[] t = new long[size];
      double[] v = new double[size];
      for (int k = 0; k < size; k++) {
        t[k] = times[(start + k) % times.length];
        v[k] = values[(start + k) % times.length];
      }
      return new TimeSeriesSnapshot.SeriesData(name, tags, kind, t, v);
    }
  }
}
