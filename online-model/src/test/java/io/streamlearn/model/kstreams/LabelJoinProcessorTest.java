package io.streamlearn.model.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamlearn.model.TestEvents;
import io.streamlearn.model.core.serving.ExampleFeatures;
import io.streamlearn.model.core.serving.LabelJoinState;
import io.streamlearn.model.core.serving.ModelStageSettings;
import io.streamlearn.model.core.serving.ScoredEvent;
import io.streamlearn.model.metrics.MicrometerModelStageMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The label join's in-memory expiry index: rebuilt from the join store when the processor
 * initializes (a store restored from its changelog), and skipping the entries of expiries that
 * changed since.
 */
class LabelJoinProcessorTest {

  private static final Duration TTL = Duration.ofDays(1);
  private static final long T = TestEvents.START;
  private static final long DAY = TTL.toMillis();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ModelStageSettings settings =
      ModelStageSettings.defaults("fraud").withLabelJoinTtl(TTL);
  private MockProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> store;
  private LabelJoinProcessor processor;

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ModelTopology.JOIN_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    processor =
        new LabelJoinProcessor(
            settings,
            ModelTopology.JOIN_STORE,
            new MicrometerModelStageMetrics(registry, settings.name()));
  }

  private static ScoredEvent scored(String id, long eventTime) {
    return ScoredEvent.of(
        id,
        eventTime,
        Map.of("customerId", "C1"),
        ExampleFeatures.of(Map.of("a", 1.0), List.of()),
        0.5,
        1);
  }

  private void score(String id, long eventTime) {
    processor.process(new Record<>(id, JoinInput.of(scored(id, eventTime)), eventTime));
  }

  private void label(String id, long labelTime) {
    processor.process(
        new Record<>(id, JoinInput.of(TestEvents.label(id, true, labelTime)), labelTime));
  }

  /** Runs the expiry scan as the wall-clock punctuation would. */
  private void scan() {
    context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(0));
  }

  private double join(String outcome) {
    return registry.get("streamlearn.model.label.join").tags("outcome", outcome).counter().count();
  }

  @Test
  void shouldExpireTheStatesOfAStoreRestoredBeforeItStarted() {
    LabelJoinState waiting = LabelJoinState.empty(TTL);
    waiting.onScored(scored("tx-scored", T));
    LabelJoinState label = LabelJoinState.empty(TTL);
    label.onLabel("tx-label", false, T + 5);
    LabelJoinState closed = LabelJoinState.empty(TTL);
    closed.onScored(scored("tx-closed", T));
    closed.onLabel("tx-closed", true, T + 10);
    LabelJoinState later = LabelJoinState.empty(TTL);
    later.onScored(scored("tx-later", T + 5 * DAY));
    store.put("tx-scored", waiting.toBytes());
    store.put("tx-label", label.toBytes());
    store.put("tx-closed", closed.toBytes());
    store.put("tx-later", later.toBytes());

    processor.init(context);
    assertThat(processor.indexSize()).isEqualTo(4);
    score("tx-clock", T + 3 * DAY);
    scan();

    assertThat(join("expired-unlabelled")).isEqualTo(1);
    assertThat(join("expired-unmatched-label")).isEqualTo(1);
    assertThat(store.get("tx-scored")).isNull();
    assertThat(store.get("tx-label")).isNull();
    assertThat(store.get("tx-closed")).isNull();
    assertThat(store.get("tx-later")).isNotNull();
    assertThat(store.get("tx-clock")).isNotNull();
    assertThat(processor.indexSize()).isEqualTo(2);
  }

  @Test
  void shouldRebuildTheIndexEachTimeItInitializesNotAddToIt() {
    processor.init(context);
    score("tx-1", T);
    score("tx-2", T + 1);
    assertThat(processor.indexSize()).isEqualTo(2);

    processor.close();
    processor.init(context); // a task revived after a crash: the store as restored
    assertThat(processor.indexSize()).isEqualTo(2);
    score("tx-clock", T + 2 * DAY);
    scan();
    assertThat(join("expired-unlabelled")).isEqualTo(2);
  }

  @Test
  void shouldSkipTheEntryOfAnExpiryThatMovedAndExpireAtTheNewOne() {
    processor.init(context);
    label("tx-1", T); // waits for its features until T + 1 day
    score("tx-1", T + DAY / 2); // joined: closed until T + 1.5 days
    assertThat(context.forwarded()).hasSize(1);
    assertThat(processor.indexSize()).isEqualTo(2);

    score("tx-clock", T + DAY + DAY / 4);
    scan();
    assertThat(store.get("tx-1")).isNotNull(); // its old expiry passed, its new one not
    assertThat(processor.indexSize()).isEqualTo(2); // tx-1 at its new expiry, tx-clock

    score("tx-clock-2", T + 2 * DAY);
    scan();
    assertThat(store.get("tx-1")).isNull();
    assertThat(join("expired-unmatched-label")).isZero();
    label("tx-1", T + 2 * DAY); // a label after the state expired waits anew
    assertThat(join("waiting-for-features")).isEqualTo(2);
    assertThat(context.forwarded()).hasSize(1);
  }
}
