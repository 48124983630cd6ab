package io.streamlearn.features.flink;

import io.streamlearn.features.core.LabelJoin;
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
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The label join, keyed by transaction id: joins each label to its transaction, whichever comes
 * first, and emits one {@link RoutedOutcome} per target entity; rejected labels go to the dead
 * letters. The entry of a transaction id (a {@link JoinEntryCell}: the object itself on a heap
 * backend, neither decoded nor encoded per input) is deleted by an event-time timer once the
 * watermark passes its expiry (one timer per entry, moved when the expiry moves); a label still
 * waiting then is dead-lettered as without transaction. A label that arrives first and names its
 * transaction's time gets its timer at the expiry the transaction will give the entry, so that the
 * transaction does not move it; if the transaction does not come, the timer fires before the
 * label's own expiry and moves there. In {@link EmitMode#ON_WATERMARK} the inputs of a transaction
 * id wait until the watermark passes them and join in the canonical order, so that which of two
 * labels counts does not depend on arrival order.
 */
final class LabelJoinFunction extends KeyedProcessFunction<String, StageMessage, StageMessage> {

  private static final long serialVersionUID = 1L;

  private final StageConfig config;
  private transient FeatureStage stage;
  private transient boolean buffered;
  private transient FlinkFeatureMetrics metrics;
  private transient LabelJoin labelJoin;
  private transient ValueState<JoinEntryCell> entries;
  private transient MapState<Long, List<StageMessage>> waiting;

  LabelJoinFunction(StageConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    stage = config.compile();
    buffered = stage.settings().emitMode() == EmitMode.ON_WATERMARK;
    metrics = new FlinkFeatureMetrics(getRuntimeContext().getMetricGroup());
    labelJoin = stage.plan().labelJoin();
    entries =
        getRuntimeContext().getState(new ValueStateDescriptor<>("label-join", JoinEntryCell.TYPE));
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
    JoinEntryCell cell = entries.value();
    if (cell == null) {
      return;
    }
    JoinEntry entry = cell.entry(stage);
    long expiry = entry.expiresAt() + 1;
    if (expiry <= timestamp) {
      entries.clear();
      context.timerService().deleteEventTimeTimer(expiry);
      stage.expireJoin(entry).ifPresent(letter -> deadLetter(letter, context::output));
    } else {
      // the timer of a label that named its transaction's time, which has not come: move to the
      // label's own expiry (already there when an on-watermark input timer fired: no change)
      context.timerService().registerEventTimeTimer(expiry);
    }
  }

  private void join(
      StageMessage message, TimerService timers, Collector<StageMessage> out, SideOutput sideOutput)
      throws Exception {
    JoinEntryCell cell = entries.value();
    JoinEntry entry = cell == null ? stage.newJoinEntry() : cell.entry(stage);
    long before = cell == null ? Long.MIN_VALUE : entry.expiresAt() + 1;
    FeatureStage.JoinStep step =
        message instanceof StagedTransaction staged
            ? stage.joinTransaction(entry, staged)
            : stage.joinLabel(entry, (StagedLabel) message);
    entries.update(cell == null ? JoinEntryCell.of(entry) : cell);
    long expiry = entry.expiresAt() + 1;
    if (cell == null) {
      timers.registerEventTimeTimer(Math.min(expiry, expectedExpiry(message)));
    } else if (expiry != before) {
      timers.deleteEventTimeTimer(before); // absent when the label registered the expected expiry
      timers.registerEventTimeTimer(expiry);
    }
    for (RoutedOutcome outcome : step.outcomes()) {
      out.collect(outcome);
    }
    step.deadLetters().forEach(letter -> deadLetter(letter, sideOutput));
  }

  /**
   * The timer a new entry of {@code message} gets, if it is to be earlier than its expiry: a label
   * that names its transaction's time gives the entry the expiry the transaction will (in the
   * common case, the transaction comes); otherwise none ({@code Long.MAX_VALUE}).
   */
  private long expectedExpiry(StageMessage message) {
    if (message instanceof StagedLabel staged
        && staged.label().transactionTimeMillis().isPresent()) {
      long transactionTime = staged.label().transactionTimeMillis().getAsLong();
      if (transactionTime <= staged.label().labelTimeMillis()) {
        return labelJoin.expiryOfTransactionAt(transactionTime) + 1;
      }
    }
    return Long.MAX_VALUE;
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
