package io.streamlearn.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.app.demo.CatchUp.PartitionProgress;
import io.streamlearn.app.pipeline.PipelineTopics;
import io.streamlearn.app.pipeline.Stage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The demo's "caught up" decision from committed and end offsets: a stalled stage (whose lag meters
 * read NaN or 0 while it fetches nothing) is behind as long as its group's committed offsets are; a
 * transaction marker after the last record is not a record to wait for.
 */
class CatchUpTest {

  private static final TopicPartition TX0 = new TopicPartition("transactions", 0);
  private static final TopicPartition TX1 = new TopicPartition("transactions", 1);
  private static final TopicPartition FEATURES0 = new TopicPartition("features", 0);

  @Test
  void shouldNotStopWhileAStalledStageHasCommittedBehindTheEnd() {
    // the features stage processed 3,200 of partition 0's 6,000 records, then stalled
    List<PartitionProgress> stalled =
        List.of(
            new PartitionProgress("demo-features", TX0, 3_200L, 6_000, 3_200L),
            new PartitionProgress("demo-features", TX1, 6_000L, 6_000, null),
            new PartitionProgress("demo-model", FEATURES0, 3_200L, 3_200, null));

    assertThat(CatchUp.behind(stalled)).containsExactly(stalled.get(0));
  }

  @Test
  void shouldStopWhenEveryCommittedOffsetReachesTheEnd() {
    List<PartitionProgress> done =
        List.of(
            new PartitionProgress("demo-features", TX0, 6_000L, 6_000, null),
            new PartitionProgress("demo-features", TX1, 6_001L, 6_000, null),
            new PartitionProgress("demo-model", FEATURES0, 12_000L, 12_000, null));

    assertThat(CatchUp.behind(done)).isEmpty();
  }

  @Test
  void shouldNotCountAGroupThatCommittedNothingAsCaughtUp() {
    PartitionProgress none = new PartitionProgress("demo-model", FEATURES0, null, 5, 0L);
    PartitionProgress unread = new PartitionProgress("demo-model", FEATURES0, null, 5, null);
    PartitionProgress markersOnly = new PartitionProgress("demo-model", FEATURES0, null, 5, 5L);
    PartitionProgress empty = new PartitionProgress("demo-model", FEATURES0, null, 0, null);

    assertThat(CatchUp.behind(List.of(none, unread, markersOnly, empty)))
        .containsExactly(none, unread);
  }

  @Test
  void shouldAcceptAGapOfMarkersOnlyAndNothingElse() {
    // exactly once: the last record is 11,999 and its commit marker 12,000; a reader that commits
    // the next record's offset stays at 12,000 while the end is 12,001
    PartitionProgress marker =
        new PartitionProgress("demo-model", FEATURES0, 12_000L, 12_001, 12_001L);
    PartitionProgress record =
        new PartitionProgress("demo-model", FEATURES0, 12_000L, 12_001, 12_000L);
    PartitionProgress unread =
        new PartitionProgress("demo-model", FEATURES0, 12_000L, 12_001, null);

    assertThat(CatchUp.behind(List.of(marker))).isEmpty();
    assertThat(CatchUp.behind(List.of(record))).containsExactly(record);
    assertThat(CatchUp.behind(List.of(unread))).containsExactly(unread);
  }

  @Test
  void shouldHaveNothingToTellWithoutPartitions() {
    assertThatThrownBy(() -> CatchUp.behind(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCheckEachRunningStagesGroupOnTheInputItAlwaysReads() {
    Map<String, Set<String>> inputs =
        DemoCommand.stageInputs(
            Map.of(
                Stage.FEATURES, "demo-features",
                Stage.MODEL, "streamlearn-model-fraud",
                Stage.MONITORING, "demo-monitoring"),
            PipelineTopics.DEFAULTS);

    assertThat(inputs)
        .containsOnly(
            Map.entry("demo-features", Set.of(PipelineTopics.DEFAULTS.transactions())),
            Map.entry("streamlearn-model-fraud", Set.of(PipelineTopics.DEFAULTS.features())),
            Map.entry("demo-monitoring", Set.of(PipelineTopics.DEFAULTS.predictions())));
  }
}
