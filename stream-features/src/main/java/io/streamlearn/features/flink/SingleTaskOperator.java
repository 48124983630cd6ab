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
import org.apache.flink.api.common.state.OperatorStateStore;
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
 *
 * <p>A checkpoint takes a {@link SingleTaskStage#capture} of the stage on the task thread (a pass
 * over its entity tables and a copy of its join table) and leaves the encoding to Flink's
 * asynchronous part, which serializes the operator state ({@link SingleTaskStateSerializer});
 * meanwhile the stage changes copies of what the capture holds. The live operator state lets go of
 * the capture at the next input, once Flink has taken its copy of the list.
 */
final class SingleTaskOperator extends AbstractStreamOperator<FeatureVector>
    implements OneInputStreamOperator<SourceEvent, FeatureVector>, SingleTaskStage.Output {

  private static final long serialVersionUID = 1L;

  /** The name of the operator's checkpointed state. */
  static final String STATE_NAME = "single-task-stage";

  /**
   * The name under which earlier builds checkpointed the same chunks as byte arrays, written on the
   * task thread: still read at a restore, then emptied.
   */
  static final String LEGACY_STATE_NAME = "single-task-features";

  private final StageConfig config;
  private transient SingleTaskStage stage;
  private transient ListState<SingleTaskCheckpoint> checkpointed;

  /** True from a checkpoint to the next input: the live list still holds the capture. */
  private transient boolean holdingCapture;

  private transient FlinkFeatureMetrics metrics;
  private transient StreamRecord<FeatureVector> reuse;

  SingleTaskOperator(StageConfig config) {
    this.config = config;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    OperatorStateStore store = context.getOperatorStateStore();
    checkpointed =
        store.getListState(new ListStateDescriptor<>(STATE_NAME, new SingleTaskStateSerializer()));
    stage = new SingleTaskStage(config.compile());
    if (context.isRestored()) {
      List<byte[]> chunks = new ArrayList<>();
      for (SingleTaskCheckpoint checkpoint : checkpointed.get()) {
        checkpoint.writeTo(chunks::add);
      }
      if (store.getRegisteredStateNames().contains(LEGACY_STATE_NAME)) {
        ListState<byte[]> legacy =
            store.getListState(
                new ListStateDescriptor<>(
                    LEGACY_STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        legacy.get().forEach(chunks::add);
        legacy.clear();
      }
      stage.restore(chunks);
      checkpointed.clear();
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    metrics = new FlinkFeatureMetrics(getMetricGroup());
    reuse = new StreamRecord<>(null);
  }

  @Override
  public void processElement(StreamRecord<SourceEvent> element) throws Exception {
    if (holdingCapture) {
      releaseCapture();
    }
    stage.accept(element.getValue(), this);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (holdingCapture) {
      releaseCapture();
    }
    stage.advanceWatermark(mark.getTimestamp(), this);
    super.processWatermark(mark);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    checkpointed.update(List.of(SingleTaskCheckpoint.of(stage.capture())));
    holdingCapture = true;
  }

  /**
   * Empties the live list: Flink copied it when it took the checkpoint, and the copy keeps the
   * capture until it is written; held here, it would keep the states replaced since.
   */
  private void releaseCapture() throws Exception {
    checkpointed.clear();
    holdingCapture = false;
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
