package io.streamlearn.model.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.model.core.serving.ModelTopics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelJobTest {

  @Test
  void theSnapshotsProducerTakesRecordsOfUpToTheSnapshotLimit() {
    assertThat(ModelJob.snapshotProducer(Map.of("linger.ms", "5")))
        .containsEntry("linger.ms", "5")
        .containsEntry("max.request.size", Integer.toString(ModelTopics.MAX_SNAPSHOT_BYTES));
  }

  @Test
  void aGivenMaxRequestSizeIsKept() {
    assertThat(ModelJob.snapshotProducer(Map.of("max.request.size", "33554432")))
        .containsEntry("max.request.size", "33554432");
  }
}
