package io.streamlearn.model.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.model.avro.ModelAvroMapping;
import io.streamlearn.model.avro.ModelSnapshot;
import io.streamlearn.model.avro.Prediction;
import io.streamlearn.model.core.LearnerFormatException;
import io.streamlearn.model.core.serving.ExampleCodec;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.core.serving.ServingModel;
import io.streamlearn.platform.flink.SpecificAvroTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each feature vector with the latest snapshot of the model, held in broadcast state: every
 * scoring task receives every snapshot and swaps to a newer version at its next vector. Until the
 * first snapshot it serves the untrained model (version 0). Emits the prediction, and the scored
 * event (transaction id, {@link ExampleCodec} bytes) on {@link #SCORED} for the label join.
 */
public final class ScoringFunction
    extends BroadcastProcessFunction<FeatureVector, ModelSnapshot, Prediction> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ScoringFunction.class);

  /** The broadcast state: the latest snapshot of each model, by name. */
  public static final MapStateDescriptor<String, ModelSnapshot> SNAPSHOTS =
      new MapStateDescriptor<>(
          "model-snapshots", Types.STRING, SpecificAvroTypeInfo.forClass(ModelSnapshot.class));

  /** The type of a scored event or joined example between operators: (key, core bytes). */
  public static final TypeInformation<Tuple2<String, byte[]>> KEYED_BYTES =
      Types.TUPLE(Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** The scored events, for the label join. */
  public static final OutputTag<Tuple2<String, byte[]>> SCORED =
      new OutputTag<>("scored", KEYED_BYTES);

  private final SettingsCarrier settings;
  private transient ServingModel model;
  private transient long rejectedVersion;
  private transient FlinkModelStageMetrics metrics;

  public ScoringFunction(ModelStageSettings settings) {
    this.settings = new SettingsCarrier(settings);
  }

  @Override
  public void open(OpenContext context) {
    ModelStageSettings s = settings.settings();
    model = ServingModel.untrained(s);
    rejectedVersion = -1;
    metrics = new FlinkModelStageMetrics(getRuntimeContext().getMetricGroup(), s.name());
  }

  @Override
  public void processElement(FeatureVector vector, ReadOnlyContext ctx, Collector<Prediction> out)
      throws Exception {
    ModelStageSettings s = settings.settings();
    ModelSnapshot latest = ctx.getBroadcastState(SNAPSHOTS).get(s.name());
    if (latest != null
        && latest.getVersion() > model.version()
        && latest.getVersion() != rejectedVersion) {
      swapTo(s, latest);
    }
    ServingModel.Score score = model.score(vector.getFeatures());
    ScoredEvent scored =
        ScoredEvent.of(
            vector.getTransactionId(),
            vector.getEventTime().toEpochMilli(),
            vector.getEntityIds(),
            score.features(),
            score.probability(),
            model.version());
    metrics.scored(score.features().imputedCount());
    out.collect(
        ModelAvroMapping.prediction(
            scored,
            score.decision(),
            s.threshold(),
            s.name(),
            vector,
            ctx.currentProcessingTime()));
    ctx.output(SCORED, Tuple2.of(scored.transactionId(), ExampleCodec.encode(scored)));
  }

  private void swapTo(ModelStageSettings s, ModelSnapshot latest) {
    try {
      model = ServingModel.of(s, ModelAvroMapping.fromAvro(latest));
    } catch (LearnerFormatException | IllegalArgumentException e) {
      rejectedVersion = latest.getVersion();
      metrics.record("invalid");
      LOG.error(
          "Snapshot {} of model '{}' cannot be served, still serving version {}: {}",
          latest.getVersion(),
          s.name(),
          model.version(),
          e.getMessage());
    }
  }

  @Override
  public void processBroadcastElement(
      ModelSnapshot snapshot, Context ctx, Collector<Prediction> out) throws Exception {
    BroadcastState<String, ModelSnapshot> state = ctx.getBroadcastState(SNAPSHOTS);
    ModelSnapshot current = state.get(snapshot.getModelName());
    if (current == null || snapshot.getVersion() > current.getVersion()) {
      state.put(snapshot.getModelName(), snapshot);
    }
  }
}
