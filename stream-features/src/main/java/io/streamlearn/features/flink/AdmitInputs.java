package io.streamlearn.features.flink;

import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.RecordOutcome;
import io.streamlearn.features.stage.SourceEvent;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedTransaction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The first step after a source, chained to it: dead-letters records that could not be decoded or
 * broke a rule, computes the event part of each transaction and emits it for the first entity
 * stage, and sends transactions and labels to the label join ({@link SideOutputs#TO_LABEL_JOIN})
 * when the spec has target features.
 */
final class AdmitInputs extends ProcessFunction<SourceEvent, StageMessage> {

  private static final long serialVersionUID = 1L;

  private final StageConfig config;
  private transient FeatureStage stage;
  private transient FlinkFeatureMetrics metrics;

  AdmitInputs(StageConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    stage = config.compile();
    metrics = new FlinkFeatureMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(SourceEvent event, Context context, Collector<StageMessage> out) {
    if (!event.isValid()) {
      metrics.count(RecordOutcome.DLQ);
      context.output(SideOutputs.DEAD_LETTERS, stage.deadLetterOf(event));
      return;
    }
    StageMessage message = stage.stage(event);
    if (message instanceof StagedTransaction) {
      out.collect(message);
    }
    if (stage.needsLabelJoin()) {
      context.output(SideOutputs.TO_LABEL_JOIN, message);
    }
  }
}
