package io.streamlearn.features.flink;

import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.JoinEntry;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedLabel;
import io.streamlearn.features.stage.StagedTransaction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The label join, keyed by transaction id: joins each label to its transaction, whichever comes
 * first, and emits one {@link RoutedOutcome} per target entity; rejected labels go to the dead
 * letters. The entry of a transaction id is deleted by an event-time timer once the watermark
 * passes its expiry (one timer per entry, moved when the expiry moves); a label still waiting then
 * is dead-lettered as without transaction.
 */
final class LabelJoinFunction extends KeyedProcessFunction<String, StageMessage, StageMessage> {

  private static final long serialVersionUID = 1L;
  private static final long NO_TIMER = Long.MIN_VALUE;

  private final StageConfig config;
  private transient FeatureStage stage;
  private transient FlinkFeatureMetrics metrics;
  private transient ValueState<byte[]> entries;

  LabelJoinFunction(StageConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    stage = config.compile();
    metrics = new FlinkFeatureMetrics(getRuntimeContext().getMetricGroup());
    entries =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "label-join", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  @Override
  public void processElement(StageMessage message, Context context, Collector<StageMessage> out)
      throws Exception {
    byte[] stored = entries.value();
    JoinEntry entry = stored == null ? stage.newJoinEntry() : stage.decodeJoinEntry(stored);
    long before = stored == null ? NO_TIMER : entry.expiresAt() + 1;
    FeatureStage.JoinStep step =
        message instanceof StagedTransaction staged
            ? stage.joinTransaction(entry, staged)
            : stage.joinLabel(entry, (StagedLabel) message);
    entries.update(entry.toBytes());
    long expiry = entry.expiresAt() + 1;
    if (expiry != before) {
      if (before != NO_TIMER) {
        context.timerService().deleteEventTimeTimer(before);
      }
      context.timerService().registerEventTimeTimer(expiry);
    }
    for (RoutedOutcome outcome : step.outcomes()) {
      out.collect(outcome);
    }
    step.deadLetters()
        .forEach(
            letter -> {
              metrics.count(letter.outcome());
              context.output(SideOutputs.DEAD_LETTERS, letter);
            });
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<StageMessage> out)
      throws Exception {
    byte[] stored = entries.value();
    if (stored == null) {
      return;
    }
    JoinEntry entry = stage.decodeJoinEntry(stored);
    if (entry.expiresAt() < timestamp) {
      entries.clear();
      stage
          .expireJoin(entry)
          .ifPresent(
              letter -> {
                metrics.count(letter.outcome());
                context.output(SideOutputs.DEAD_LETTERS, letter);
              });
    } else {
      context.timerService().registerEventTimeTimer(entry.expiresAt() + 1);
    }
  }
}
