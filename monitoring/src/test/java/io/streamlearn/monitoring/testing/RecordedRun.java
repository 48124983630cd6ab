package io.streamlearn.monitoring.testing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.monitoring.avro.DriftAlert;
import io.streamlearn.monitoring.avro.DriftAlertMapping;
import io.streamlearn.monitoring.core.stage.MonitoringTopics;
import io.streamlearn.monitoring.dashboard.TimeSeriesRecorder;
import io.streamlearn.monitoring.kstreams.MonitoringTopology;
import io.streamlearn.monitoring.metrics.MetricNames;
import io.streamlearn.monitoring.metrics.MicrometerStageMetrics;
import io.streamlearn.platform.serde.AvroDeserializer;
import io.streamlearn.platform.serde.AvroSerializer;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A monitored run to draw: the {@link StageScenario} through the Kafka Streams topology (in a
 * TopologyTestDriver) with its metrics in a Prometheus registry, sampled by a {@link
 * TimeSeriesRecorder} every 5 seconds of a simulated wall clock while the events flow, its alerts
 * recorded as they come out, and a model's rolling ROC-AUC and average precision published by the
 * test itself (the model stage's gauges) so the quality chart has data.
 */
public final class RecordedRun {

  /** The simulated wall clock's start. */
  public static final long WALL_START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  public final PrometheusMeterRegistry registry;
  public final TimeSeriesRecorder recorder;
  public final long wallEnd;

  private RecordedRun(PrometheusMeterRegistry registry, TimeSeriesRecorder recorder, long wallEnd) {
    this.registry = registry;
    this.recorder = recorder;
    this.wallEnd = wallEnd;
  }

  public static RecordedRun record() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    long[] wall = {WALL_START};
    TimeSeriesRecorder recorder = new TimeSeriesRecorder(registry);
    AtomicLong auc = modelGauge(registry, MetricNames.MODEL_ROC_AUC);
    AtomicLong ap = modelGauge(registry, MetricNames.MODEL_AVERAGE_PRECISION);
    MonitoringTopics topics = MonitoringTopics.defaults();
    Map<String, Object> serde =
        Map.of("schema.registry.url", "mock://recorded-" + UUID.randomUUID());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recorded-run");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.putAll(MonitoringTopology.requiredConfig());
    TopologyTestDriver driver =
        new TopologyTestDriver(
            MonitoringTopology.build(
                StageScenario.settings(),
                topics,
                serde,
                new MicrometerStageMetrics(registry, 60_000, () -> wall[0])),
            props);
    try {
      TestInputTopic<String, FeatureVector> features =
          driver.createInputTopic(
              topics.features(),
              new StringSerializer(),
              new AvroSerializer<FeatureVector>().configured(serde, false));
      TestInputTopic<String, GenericRecord> predictions =
          driver.createInputTopic(
              topics.predictions(),
              new StringSerializer(),
              new AvroSerializer<GenericRecord>().configured(serde, false));
      TestInputTopic<String, Label> labels =
          driver.createInputTopic(
              topics.labels(),
              new StringSerializer(),
              new AvroSerializer<Label>().configured(serde, false));
      TestOutputTopic<String, DriftAlert> alerts =
          driver.createOutputTopic(
              topics.alerts(),
              new StringDeserializer(),
              AvroDeserializer.forSpecific(DriftAlert.class).configured(serde, false));
      List<StageScenario.Event> events = StageScenario.events();
      for (int i = 0; i < events.size(); i++) {
        StageScenario.Event e = events.get(i);
        features.pipeInput(e.transactionId(), e.features(), e.features().getEventTime());
        predictions.pipeInput(e.transactionId(), e.prediction(), e.features().getEventTime());
        labels.pipeInput(e.transactionId(), e.label(), e.features().getEventTime());
        for (DriftAlert a : alerts.readValuesToList()) {
          recorder.recordAlert(DriftAlertMapping.fromAvro(a), wall[0]);
        }
        if (i % 12 == 11) {
          double progress = (double) i / events.size();
          boolean drifted =
              e.eventTimeMillis()
                  >= StageScenario.START.toEpochMilli() + StageScenario.SHIFT_HOUR * 3_600_000L;
          set(auc, drifted ? 0.93 - 0.25 * (progress - 0.6) : 0.93 + 0.02 * Math.sin(i / 40.0));
          set(ap, drifted ? 0.61 - 0.4 * (progress - 0.6) : 0.61 + 0.03 * Math.cos(i / 50.0));
          wall[0] += 5_000;
          recorder.sample(wall[0]);
        }
      }
    } finally {
      driver.close();
    }
    return new RecordedRun(registry, recorder, wall[0]);
  }

  private static AtomicLong modelGauge(MeterRegistry registry, String name) {
    AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get()))
        .tags("model", "fraud", "window", "rolling")
        .register(registry);
    return bits;
  }

  private static void set(AtomicLong bits, double value) {
    bits.set(Double.doubleToLongBits(value));
  }
}
