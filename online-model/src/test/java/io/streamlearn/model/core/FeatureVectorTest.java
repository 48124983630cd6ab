package io.streamlearn.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.linear.LogisticRegression;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureVectorTest {

  private final FeatureVector.Schema schema = FeatureVector.Schema.of(List.of("amount", "hour"));

  @Test
  void aVectorIsTheMapOfItsPresentFeatures() {
    FeatureVector v = schema.newVector().set("amount", 12.5);
    assertThat(v).isEqualTo(Map.of("amount", 12.5));
    assertThat(v.get("hour")).isNull();
    assertThat(v.containsKey("amount")).isTrue();
    assertThat(v.size()).isEqualTo(1);
    v.set(1, 3.0);
    assertThat(new HashMap<>(v)).isEqualTo(Map.of("amount", 12.5, "hour", 3.0));
    assertThat(v.reset()).isEmpty();
  }

  @Test
  void nanMeansAbsentAndInfinityIsRejected() {
    FeatureVector v = schema.newVector().set("amount", 1.0).set("amount", Double.NaN);
    assertThat(v).isEmpty();
    assertThatThrownBy(() -> v.set("hour", Double.NEGATIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature 'hour'");
    assertThatThrownBy(() -> v.set("tip", 1.0)).hasMessageContaining("not in the schema");
    assertThatThrownBy(() -> FeatureVector.Schema.of(List.of("a", "a")))
        .hasMessageContaining("distinct");
  }

  @Test
  void aNameLearnedThroughAMapIsFoundThroughAVectorResolvedEarlier() {
    LogisticRegression lr = new LogisticRegression();
    FeatureVector v = schema.newVector().set("hour", 1.0);
    lr.predictProbaOne(v); // resolves the schema while the learner knows no feature
    for (int i = 0; i < 50; i++) {
      lr.learnOne(Map.of("amount", (double) i, "hour", 1.0), i % 2 == 0);
    }
    v.set("amount", 40.0);
    assertThat(lr.predictProbaOne(v))
        .isEqualTo(lr.predictProbaOne(Map.of("amount", 40.0, "hour", 1.0)));
  }
}
