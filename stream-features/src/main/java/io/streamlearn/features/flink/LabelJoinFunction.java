package io.streamlearn.features.flink;

import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.JoinEntry;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedLabel;
import io.streamlearn.features.stage.StagedTransaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The label join, keyed by transaction id: joins each label to its transaction, whichever comes
 * first, and emits one {@link RoutedOutcome} per target entity; rejected labels go to the dead
 * letters. The entry of a transaction id is deleted by an event-time timer once the watermark
 * passes its expiry (one timer per entry, moved when the expiry moves); a label still waiting then
 * is dead-lettered as without transaction. In {@link EmitMode#ON_WATERMARK} the inputs of a
 * transaction id wait until the watermark passes them and join in the canonical order, so that
 * which of two labels counts does not depend on arrival order.
 */
final class LabelJoinFunction extends KeyedProcessFunction<String, StageMessage, StageMessage> {

  private static final long serialVersionUID = 1L;
  private static final long NO_TIMER = Long.MIN_VALUE;

  private final StageConfig config;
  private transient FeatureStage stage;
  private transient boolean buffered;
  private transient FlinkFeatureMetrics metrics;
  private transient ValueState<byte[]> entries;
  private transient MapState<Long, List<StageMessage>> waiting;

  LabelJoinFunction(StageConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    stage = config.compile();
    buffered = stage.settings().emitMode() == EmitMode.ON_WATERMARK;
    metrics = new FlinkFeatureMetrics(getRuntimeContext().getMetricGroup());
    entries =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "label-join", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    if (buffered) {
      waiting =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "waiting", Types.LONG, new ListTypeInfo<>(StageTypes.STAGE_MESSAGES)));
    }
  }

  @Override
  public void processElement(StageMessage message, Context context, Collector<StageMessage> out)
      throws Exception {
    if (buffered && message.time() > context.timerService().currentWatermark()) {
      List<StageMessage> atTime = waiting.get(message.time());
      List<StageMessage> updated = new ArrayList<>(atTime == null ? 1 : atTime.size() + 1);
      if (atTime != null) {
        updated.addAll(atTime);
      }
      updated.add(message);
      waiting.put(message.time(), updated);
      context.timerService().registerEventTimeTimer(message.time());
      return;
    }
    join(message, context.timerService(), out, context::output);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<StageMessage> out)
      throws Exception {
    if (buffered) {
      List<StageMessage> due = waiting.get(timestamp);
      if (due != null) {
        waiting.remove(timestamp);
        List<StageMessage> ordered = new ArrayList<>(due);
        ordered.sort(FeatureStage.CANONICAL_ORDER); // stable: arrival order among equals
        for (StageMessage message : ordered) {
          join(message, context.timerService(), out, context::output);
        }
      }
    }
    byte[] stored = entries.value();
    if (stored == null) {
      return;
    }
    JoinEntry entry = stage.decodeJoinEntry(stored);
    if (entry.expiresAt() < timestamp) {
      entries.clear();
      context.timerService().deleteEventTimeTimer(entry.expiresAt() + 1);
      stage.expireJoin(entry).ifPresent(letter -> deadLetter(letter, context::output));
    }
  }

  private void join(
      StageMessage message, TimerService timers, Collector<StageMessage> out, SideOutput sideOutput)
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
        timers.deleteEventTimeTimer(before);
      }
      timers.registerEventTimeTimer(expiry);
    }
    for (RoutedOutcome outcome : step.outcomes()) {
      out.collect(outcome);
    }
    step.deadLetters().forEach(letter -> deadLetter(letter, sideOutput));
  }

  private void deadLetter(DeadLetterRecord letter, SideOutput sideOutput) {
    metrics.count(letter.outcome());
    sideOutput.output(SideOutputs.DEAD_LETTERS, letter);
  }

  /** The side-output method of a function context. */
  @FunctionalInterface
  private interface SideOutput {
    <X> void output(OutputTag<X> tag, X value);
  }
}
