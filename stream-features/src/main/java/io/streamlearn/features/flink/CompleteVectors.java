package io.streamlearn.features.flink;

import io.streamlearn.features.avro.FeatureVector;
import io.streamlearn.features.avro.FeatureVectorMapping;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.RecordOutcome;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedTransaction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The last step, chained to the last entity stage: a transaction that every entity accepted becomes
 * its {@link FeatureVector}; one that an entity rejected goes to {@code late-events} or the dead
 * letters.
 */
final class CompleteVectors extends ProcessFunction<StageMessage, FeatureVector> {

  private static final long serialVersionUID = 1L;

  private final StageConfig config;
  private transient FeatureStage stage;
  private transient FlinkFeatureMetrics metrics;

  CompleteVectors(StageConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    stage = config.compile();
    metrics = new FlinkFeatureMetrics(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(StageMessage message, Context context, Collector<FeatureVector> out) {
    FeatureStage.Completion completion = stage.complete((StagedTransaction) message);
    if (completion.features() != null) {
      metrics.count(RecordOutcome.OK);
      out.collect(
          FeatureVectorMapping.toAvro(completion.features(), completion.ingestTimeMillis()));
    }
    completion
        .deadLetters()
        .forEach(
            letter -> {
              metrics.count(letter.outcome());
              context.output(SideOutputs.DEAD_LETTERS, letter);
            });
  }
}
