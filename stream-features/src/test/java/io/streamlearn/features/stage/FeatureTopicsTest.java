package io.streamlearn.features.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureTopicsTest {

  @Test
  void theTopicsSectionNamesTheStagesTopicsAndIgnoresTheOtherStages() {
    FeatureTopics topics =
        FeatureTopics.fromMap(
            Map.of("transactions", "payments", "lateEvents", "too-late", "predictions", "scores"));

    assertThat(topics).isEqualTo(new FeatureTopics("payments", "labels", "features", "too-late"));
    assertThat(topics.deadLetterTopic(topics.transactions())).isEqualTo("payments.dlq");
    assertThat(topics.outputs())
        .containsExactly("features", "too-late", "payments.dlq", "labels.dlq");
    assertThat(FeatureTopics.fromMap(null)).isEqualTo(FeatureTopics.DEFAULTS);
  }

  @Test
  void invalidOrCollidingTopicNamesAreRefused() {
    assertThatThrownBy(() -> new FeatureTopics("trans actions", "labels", "features", "late"))
        .hasMessageContaining("topics.transactions must be a Kafka topic name");
    assertThatThrownBy(() -> new FeatureTopics("transactions", "labels", "labels", "late"))
        .hasMessageContaining("topics: 'labels' is used for two purposes");
    assertThatThrownBy(() -> new FeatureTopics("transactions", "labels", "features", "labels.dlq"))
        .hasMessageContaining("'labels.dlq' is used for two purposes");
  }
}
