package io.streamlearn.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.model.core.bayes.GaussianNaiveBayes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnerCatalogTest {

  private final LearnerCatalog catalog = LearnerCatalog.standard();

  @Test
  void anUnknownKindIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> catalog.create("perceptron", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown learner kind 'perceptron'")
        .hasMessageContaining("gaussian-naive-bayes");
  }

  @Test
  void everyParameterProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                catalog.create(
                    "gaussian-naive-bayes",
                    Map.of(
                        "var_smoothing", "lots", "learning_rate", "0.1", "var_smoothing.x", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gaussian-naive-bayes")
        .hasMessageContaining("parameter 'var_smoothing' must be a finite number, got 'lots'")
        .hasMessageContaining("unknown parameter 'learning_rate'")
        .hasMessageContaining("unknown parameter 'var_smoothing.x'");
  }

  @Test
  void rangeChecksOfTheSettingsApplyToParametersFromAFile() {
    assertThatThrownBy(() -> catalog.create("gaussian-naive-bayes", Map.of("var_smoothing", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("var_smoothing must be finite and >= 0");
  }

  @Test
  void parametersFromAFileBecomeTypedSettings() {
    LearnerSpec<?> spec = catalog.spec("gaussian-naive-bayes", Map.of("var_smoothing", " 0.25 "));
    assertThat(spec.settings()).isEqualTo(new GaussianNaiveBayes.Settings(0.25));
    assertThat(spec.create()).isNotSameAs(spec.create());
  }

  @Test
  void aKindCannotBeRegisteredTwice() {
    assertThatThrownBy(
            () -> LearnerCatalog.of(List.of(GaussianNaiveBayes.KIND, GaussianNaiveBayes.KIND)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered twice");
  }

  @Test
  void kindNamesAreKebabCaseAndParameterNamesSnakeCase() {
    assertThatThrownBy(() -> LearnerKind.builder("LogisticRegression"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Parameter.decimal("learningRate", 0.1, "doc"))
        .isInstanceOf(IllegalArgumentException.class);
    for (LearnerKind<?> kind : catalog.kinds()) {
      assertThat(kind.name()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
      assertThat(kind.description()).isNotBlank();
      assertThat(kind.parameters()).allSatisfy(p -> assertThat(p.doc()).isNotBlank());
    }
  }
}
