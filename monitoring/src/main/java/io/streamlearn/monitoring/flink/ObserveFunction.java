package io.streamlearn.monitoring.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.ingest.avro.Label;
import io.streamlearn.monitoring.avro.MonitoredPrediction;
import io.streamlearn.monitoring.avro.StageEvents;
import io.streamlearn.monitoring.core.stage.MonitoringPlan;
import io.streamlearn.monitoring.core.stage.MonitoringStageSettings;
import io.streamlearn.monitoring.core.stage.Observation;
import io.streamlearn.monitoring.core.stage.StageInput;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns the records of one input topic into observations keyed by monitor ({@link MonitoringPlan}),
 * as the Kafka Streams routers do, and sends dead letters to the side output {@link #DEAD_LETTERS}.
 * The predictions' instance also records the event-to-prediction latency.
 *
 * @param <V> the record type of the topic
 */
public final class ObserveFunction<V>
    extends ProcessFunction<Either<V, DeadLetterRecord>, Tuple2<String, byte[]>> {

  private static final long serialVersionUID = 1L;

  /** Where dead letters go. */
  public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
      new OutputTag<>(
          "dead-letters",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetterRecord.class));

  private final ShippedSettings shipped;
  private final StageInput input;
  private transient MonitoringPlan plan;
  private transient FlinkStageMetrics metrics;

  public ObserveFunction(MonitoringStageSettings settings, StageInput input) {
    this.shipped = ShippedSettings.of(settings);
    this.input = input;
  }

  @Override
  public void open(OpenContext context) {
    MonitoringStageSettings settings = shipped.settings();
    plan = new MonitoringPlan(settings);
    metrics =
        new FlinkStageMetrics(getRuntimeContext().getMetricGroup(), settings.latencyWindowMillis());
  }

  @Override
  public void processElement(
      Either<V, DeadLetterRecord> element, Context ctx, Collector<Tuple2<String, byte[]>> out) {
    if (element.isRight()) {
      metrics.deadLettered(input);
      ctx.output(DEAD_LETTERS, element.right());
      return;
    }
    V value = element.left();
    metrics.observed(input);
    for (Observation o : observe(value)) {
      out.collect(Tuple2.of(o.monitor(), o.toBytes()));
    }
  }

  private List<Observation> observe(V value) {
    switch (input) {
      case FEATURES:
        return StageEvents.observe(plan, (FeatureVector) value);
      case PREDICTIONS:
        MonitoredPrediction prediction = (MonitoredPrediction) value;
        metrics.latencyMillis(StageEvents.latencyMillis(prediction));
        return StageEvents.observe(plan, prediction);
      default:
        return StageEvents.observe(plan, (Label) value);
    }
  }
}
