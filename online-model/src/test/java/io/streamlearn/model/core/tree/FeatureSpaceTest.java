package io.streamlearn.model.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.FeatureVector;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureSpaceTest {

  @Test
  void newNamesOfOneExampleAreRegisteredInSortedOrder() {
    FeatureSpace space = new FeatureSpace(Set.of());
    Map<String, Double> x = new LinkedHashMap<>();
    x.put("zeta", 1.0);
    x.put("alpha", 2.0);
    x.put("mid", 3.0);
    assertThat(space.encode(x, true)).containsExactly(2.0, 3.0, 1.0);
    assertThat(List.of(space.name(0), space.name(1), space.name(2)))
        .containsExactly("alpha", "mid", "zeta");
  }

  @Test
  void aFeatureVectorIsEncodedLikeTheEquivalentMap() {
    FeatureSpace byMap = new FeatureSpace(Set.of("code"));
    FeatureSpace byVector = new FeatureSpace(Set.of("code"));
    FeatureVector.Schema schema = FeatureVector.Schema.of(List.of("x", "code", "b"));
    FeatureVector vector = schema.newVector();
    for (int i = 0; i < 5; i++) {
      vector.reset().set("x", i).set("code", i % 3);
      if (i % 2 == 0) {
        vector.set("b", -i);
      }
      Map<String, Double> map = new HashMap<>(vector);
      assertThat(byVector.encode(vector, true)).containsExactly(byMap.encode(map, true));
    }
    Map<String, Double> later = Map.of("x", 1.0, "late", 4.0);
    assertThat(byVector.encode(later, true)).containsExactly(byMap.encode(later, true));
    vector.reset().set("x", 2).set("b", 1);
    assertThat(byVector.encode(vector, false)).containsExactly(byMap.encode(vector, false));
  }

  @Test
  void predictingIgnoresUnknownNamesAndRegistersNothing() {
    FeatureSpace space = new FeatureSpace(Set.of());
    space.encode(Map.of("a", 1.0), true);
    assertThat(space.encode(Map.of("a", 2.0, "b", 3.0), false)).containsExactly(2.0);
    assertThat(space.size()).isEqualTo(1);
  }

  @Test
  void aRejectedExampleRegistersNothing() {
    FeatureSpace space = new FeatureSpace(Set.of("code"));
    Map<String, Double> x = new LinkedHashMap<>();
    x.put("fresh", 1.0);
    x.put("code", 2.5);
    assertThatThrownBy(() -> space.encode(x, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code");
    Map<String, Double> nan = new LinkedHashMap<>();
    nan.put("fresh", 1.0);
    nan.put("other", Double.NaN);
    assertThatThrownBy(() -> space.encode(nan, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other");
    assertThat(space.size()).isZero();
  }

  @Test
  void nullValuesAreAbsentAndNotRegistered() {
    FeatureSpace space = new FeatureSpace(Set.of());
    Map<String, Double> x = new HashMap<>();
    x.put("a", 1.0);
    x.put("b", null);
    assertThat(space.encode(x, true)).containsExactly(1.0);
    assertThat(space.size()).isEqualTo(1);
  }
}
