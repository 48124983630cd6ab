package io.streamlearn.features.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorMapping;
import io.streamlearn.features.core.TransactionFeatures;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.RecordOutcome;
import io.streamlearn.features.stage.SingleTaskStage;
import io.streamlearn.features.stage.SourceEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The single-task plan's operator: the whole feature stage ({@link SingleTaskStage}) in one task at
 * parallelism 1, chained between the source of both inputs and the sinks. Its state lives on the
 * heap and is checkpointed as operator state (chunks of about 1 MB); expiry follows the watermark,
 * which this operator observes directly instead of through per-key timers.
 */
final class SingleTaskOperator extends AbstractStreamOperator<FeatureVector>
    implements OneInputStreamOperator<SourceEvent, FeatureVector>, SingleTaskStage.Output {

  private static final long serialVersionUID = 1L;

  /** The name of the operator's checkpointed state. */
  static final String STATE_NAME = "single-task-features";

  private final StageConfig config;
  private transient SingleTaskStage stage;
  private transient ListState<byte[]> checkpointed;
  private transient FlinkFeatureMetrics metrics;
  private transient StreamRecord<FeatureVector> reuse;

  SingleTaskOperator(StageConfig config) {
    this.config = config;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    stage = new SingleTaskStage(config.compile());
    if (context.isRestored()) {
      stage.restore(checkpointed.get());
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    metrics = new FlinkFeatureMetrics(getMetricGroup());
    reuse = new StreamRecord<>(null);
  }

  @Override
  public void processElement(StreamRecord<SourceEvent> element) {
    stage.accept(element.getValue(), this);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    stage.advanceWatermark(mark.getTimestamp(), this);
    super.processWatermark(mark);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<byte[]> chunks = new ArrayList<>();
    stage.snapshot(chunks::add);
    checkpointed.update(chunks);
  }

  @Override
  public void vector(TransactionFeatures features, long ingestTimeMillis) {
    metrics.count(RecordOutcome.OK);
    output.collect(reuse.replace(FeatureVectorMapping.toAvro(features, ingestTimeMillis)));
  }

  @Override
  public void deadLetter(DeadLetterRecord letter) {
    metrics.count(letter.outcome());
    output.collect(SideOutputs.DEAD_LETTERS, new StreamRecord<>(letter));
  }

  @Override
  public void outcomeApplied() {
    metrics.count(RecordOutcome.OK);
  }
}
