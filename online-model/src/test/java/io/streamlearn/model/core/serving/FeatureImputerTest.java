package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureImputerTest {

  private final FeatureImputer imputer = new FeatureImputer(Map.of("amount", 50.0, "count", 3.0));

  @Test
  void shouldLeaveAValidVectorAsItIs() {
    ExampleFeatures f = imputer.impute(Map.of("amount", 12.5, "count", 1.0));

    assertThat(f.asMap()).containsExactly(Map.entry("amount", 12.5), Map.entry("count", 1.0));
    assertThat(f.imputedCount()).isZero();
  }

  @Test
  void shouldReplaceNanAndInfinitiesByTheFeatureMeanAndFlagThem() {
    Map<String, Double> raw = new HashMap<>();
    raw.put("amount", Double.NaN);
    raw.put("count", Double.NEGATIVE_INFINITY);

    ExampleFeatures f = imputer.impute(raw);

    assertThat(f.asMap()).containsExactly(Map.entry("amount", 50.0), Map.entry("count", 3.0));
    assertThat(f.imputed()).containsExactly("amount", "count");
    assertThat(f.imputedCount()).isEqualTo(2);
  }

  @Test
  void shouldFillAKnownFeatureThatIsMissingOrNull() {
    Map<String, Double> raw = new HashMap<>();
    raw.put("count", null);

    ExampleFeatures f = imputer.impute(raw);

    assertThat(f.asMap()).containsExactly(Map.entry("amount", 50.0), Map.entry("count", 3.0));
    assertThat(f.imputed()).containsExactly("amount", "count");
  }

  @Test
  void shouldLeaveOutABadValueOfAFeatureWithoutAMeanAndStillFlagIt() {
    ExampleFeatures f =
        imputer.impute(Map.of("amount", 1.0, "count", 2.0, "brand_new", Double.POSITIVE_INFINITY));

    assertThat(f.asMap()).doesNotContainKey("brand_new");
    assertThat(f.names()).contains("brand_new");
    assertThat(f.imputed()).containsExactly("brand_new");
  }

  @Test
  void shouldPassFeaturesTheModelHasNeverSeen() {
    ExampleFeatures f = imputer.impute(Map.of("amount", 1.0, "count", 2.0, "new", 7.0));

    assertThat(f.asMap()).containsEntry("new", 7.0);
    assertThat(f.imputedCount()).isZero();
  }

  @Test
  void shouldGiveTheSameCanonicalFeaturesWhateverTheMapOrder() {
    Map<String, Double> one = new LinkedHashMap<>();
    one.put("z", 1.0);
    one.put("amount", Double.NaN);
    one.put("b", 2.0);
    Map<String, Double> two = new LinkedHashMap<>();
    two.put("b", 2.0);
    two.put("amount", Double.NaN);
    two.put("z", 1.0);

    assertThat(imputer.impute(one)).isEqualTo(imputer.impute(two));
    assertThat(imputer.impute(one).names()).containsExactly("amount", "b", "count", "z");
  }

  @Test
  void shouldImputeNothingBeforeTheModelKnowsAnyFeature() {
    ExampleFeatures f = FeatureImputer.empty().impute(Map.of("a", 1.0));

    assertThat(f.asMap()).containsExactly(Map.entry("a", 1.0));
    assertThat(f.imputed()).isEqualTo(List.of());
  }

  @Test
  void shouldRefuseAnImputationValueThatIsNotFinite() {
    assertThatThrownBy(() -> new FeatureImputer(Map.of("a", Double.NaN)))
        .hasMessageContaining("a=NaN");
  }
}
