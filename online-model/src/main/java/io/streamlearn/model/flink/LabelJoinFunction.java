package io.streamlearn.model.flink;

import io.streamlearn.ingest.avro.Label;
import io.streamlearn.model.core.serving.JoinResult;
import io.streamlearn.model.core.serving.LabelJoinState;
import io.streamlearn.model.core.serving.ModelStageSettings;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The label join, keyed by transaction id: one {@link LabelJoinState} per id in keyed state (its
 * local bytes: {@link LabelJoinStateSerializer}), and an event-time timer just after its expiry;
 * when the watermark passes it, what never met expires and is counted, and the state is cleared. A
 * joined example is emitted keyed by the model's name, for the trainer.
 *
 * <p>The local bytes refer to feature-name blocks of this process. Each checkpoint saves the blocks
 * ({@link LabelJoinState#nameBlocks()}, a few hundred bytes per stream) in union operator state, so
 * that every subtask of a restored or rescaled job gets them all, and a restore keeps them ({@link
 * LabelJoinState#restoreNameBlock}) before any record is processed. The keyed state itself is only
 * read then: restoring it copies the bytes as they are.
 */
public final class LabelJoinFunction
    extends KeyedCoProcessFunction<String, Tuple2<String, byte[]>, Label, Tuple2<String, byte[]>>
    implements CheckpointedFunction {

  private static final long serialVersionUID = 1L;

  private final SettingsCarrier settings;
  private transient ValueState<byte[]> join;
  private transient ListState<byte[]> nameBlocks;
  private transient FlinkModelStageMetrics metrics;

  public LabelJoinFunction(ModelStageSettings settings) {
    this.settings = new SettingsCarrier(settings);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    nameBlocks =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "label-join-name-blocks", BytePrimitiveArraySerializer.INSTANCE));
    if (context.isRestored()) {
      for (byte[] block : nameBlocks.get()) {
        LabelJoinState.restoreNameBlock(block);
      }
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    nameBlocks.update(LabelJoinState.nameBlocks());
  }

  @Override
  public void open(OpenContext context) {
    join =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("label-join", LabelJoinStateSerializer.INSTANCE));
    metrics =
        new FlinkModelStageMetrics(
            getRuntimeContext().getMetricGroup(), settings.settings().name());
  }

  @Override
  public void processElement1(
      Tuple2<String, byte[]> scored, Context ctx, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    LabelJoinState state = load();
    long before = state.expiresAt();
    JoinResult result = state.onScored(scored.f1);
    store(state, before, result, ctx, out);
  }

  @Override
  public void processElement2(Label label, Context ctx, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    metrics.record("ok");
    LabelJoinState state = load();
    long before = state.expiresAt();
    JoinResult result =
        state.onLabel(
            label.getTransactionId(), label.getIsFraud(), label.getLabelTime().toEpochMilli());
    store(state, before, result, ctx, out);
  }

  private LabelJoinState load() throws Exception {
    byte[] stored = join.value();
    ModelStageSettings s = settings.settings();
    return stored == null
        ? LabelJoinState.empty(s.labelJoinTtl())
        : LabelJoinState.fromBytes(stored, s.labelJoinTtl());
  }

  private void store(
      LabelJoinState state,
      long before,
      JoinResult result,
      Context ctx,
      Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    metrics.join(result.outcome());
    join.update(state.toLocalBytes());
    if (state.expiresAt() != before) {
      if (before != Long.MAX_VALUE) {
        ctx.timerService().deleteEventTimeTimer(timerFor(before));
      }
      ctx.timerService().registerEventTimeTimer(timerFor(state.expiresAt()));
    }
    byte[] example = result.exampleBytes();
    if (example != null) {
      out.collect(Tuple2.of(settings.settings().name(), example));
    }
  }

  /** The state expires once the watermark is past its expiry time. */
  static long timerFor(long expiresAt) {
    return expiresAt == Long.MAX_VALUE ? Long.MAX_VALUE : expiresAt + 1;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<String, byte[]>> out)
      throws Exception {
    byte[] stored = join.value();
    if (stored == null) {
      return;
    }
    LabelJoinState state = LabelJoinState.fromBytes(stored, settings.settings().labelJoinTtl());
    if (timerFor(state.expiresAt()) > timestamp) {
      return; // a timer of an earlier expiry, deleted too late to be cancelled
    }
    state.onExpiry().ifPresent(metrics::join);
    join.clear();
  }
}
