package io.streamlearn.features.flink;

import io.streamlearn.features.core.EntityFeatures;
import io.streamlearn.features.core.EntityState;
import io.streamlearn.features.stage.DeadLetterRecord;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureStage;
import io.streamlearn.features.stage.RecordOutcome;
import io.streamlearn.features.stage.RoutedOutcome;
import io.streamlearn.features.stage.StageMessage;
import io.streamlearn.features.stage.StagedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One entity stage (e.g. the customer stage), keyed by entity id: applies each transaction (and,
 * for an entity with target features, each label outcome) to the entity's {@link EntityState} and
 * emits the transaction with this stage's part for the next stage.
 *
 * <p>In {@link EmitMode#ON_WATERMARK} an input newer than the watermark waits in keyed state under
 * an event-time timer at its time; when the watermark reaches it, the inputs of that time are
 * applied in the canonical order. Inputs the watermark has passed already are applied as they
 * arrive. The state is deleted by an event-time timer once the watermark passes its expiry: a
 * single timer per entity, moved forward when it fires early.
 */
final class EntityStageFunction extends KeyedProcessFunction<String, StageMessage, StageMessage> {

  private static final long serialVersionUID = 1L;

  private final StageConfig config;
  private final int index;
  private transient FeatureStage stage;
  private transient EntityFeatures entity;
  private transient boolean buffered;
  private transient FlinkFeatureMetrics metrics;
  private transient ValueState<EntityStateCell> states;
  private transient ValueState<Long> expiryTimer;
  private transient MapState<Long, List<StageMessage>> waiting;

  EntityStageFunction(StageConfig config, int index) {
    this.config = config;
    this.index = index;
  }

  @Override
  public void open(OpenContext context) {
    stage = config.compile();
    entity = stage.entity(index);
    buffered = stage.settings().emitMode() == EmitMode.ON_WATERMARK;
    metrics = new FlinkFeatureMetrics(getRuntimeContext().getMetricGroup());
    states =
        getRuntimeContext().getState(new ValueStateDescriptor<>("entity", EntityStateCell.TYPE));
    expiryTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Types.LONG));
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
    apply(message, context, out);
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
          apply(message, context, out);
        }
      }
    }
    Long expiry = expiryTimer.value();
    if (expiry != null && expiry == timestamp) {
      EntityStateCell cell = states.value();
      EntityState state = cell == null ? null : cell.state(entity);
      if (state == null || state.isEmpty() || state.expiresAt() < timestamp) {
        states.clear();
        expiryTimer.clear();
      } else {
        long next = state.expiresAt() + 1;
        context.timerService().registerEventTimeTimer(next);
        expiryTimer.update(next);
      }
    }
  }

  private void apply(StageMessage message, Context context, Collector<StageMessage> out)
      throws Exception {
    if (message instanceof StagedTransaction staged) {
      String id = stage.entityId(staged, index);
      if (id == null) {
        out.collect(stage.applyTransaction(index, null, staged));
        return;
      }
      EntityState state = load();
      boolean created = state == null;
      state = created ? entity.newState() : state;
      StagedTransaction next = stage.applyTransaction(index, state, staged);
      save(state, created, context);
      out.collect(next);
      return;
    }
    RoutedOutcome outcome = (RoutedOutcome) message;
    EntityState state = load();
    boolean created = state == null;
    state = created ? entity.newState() : state;
    Optional<DeadLetterRecord> rejected = stage.applyOutcome(index, state, outcome);
    if (rejected.isPresent()) {
      metrics.count(rejected.get().outcome());
      context.output(SideOutputs.DEAD_LETTERS, rejected.get());
      if (created) {
        return;
      }
    } else {
      metrics.count(RecordOutcome.OK);
    }
    save(state, created, context);
  }

  private EntityState load() throws Exception {
    EntityStateCell cell = states.value();
    return cell == null ? null : cell.state(entity);
  }

  private void save(EntityState state, boolean created, Context context) throws Exception {
    states.update(EntityStateCell.of(state));
    if (created && expiryTimer.value() == null) {
      long at = state.expiresAt() + 1;
      context.timerService().registerEventTimeTimer(at);
      expiryTimer.update(at);
    }
  }
}
