package io.streamlearn.features.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.features.spec.FeatureSpecYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStageSettingsTest {

  @Test
  void anEmptySectionGivesTheDocumentedDefaults() {
    FeatureStageSettings settings = FeatureStageSettings.fromMap(Map.of());

    assertThat(settings.spec()).isEqualTo(FeatureSpecYaml.fraudBaseline());
    assertThat(settings.specSource()).isEqualTo("fraud-baseline");
    assertThat(settings.allowedLateness()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.keyTtl()).isEqualTo(Duration.ofDays(38));
    assertThat(settings.emitMode()).isEqualTo(EmitMode.ON_ARRIVAL);
    assertThat(settings.guarantee()).isEqualTo(Guarantee.AT_LEAST_ONCE);
    assertThat(settings.idleness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(FeatureStageSettings.defaults()).isEqualTo(settings);
    assertThat(FeatureStageSettings.fromMap(null)).isEqualTo(settings);
  }

  @Test
  void everyKeyOfTheSectionIsRead() {
    FeatureStageSettings settings =
        FeatureStageSettings.fromMap(
            Map.of(
                "spec", "fraud-baseline",
                "allowedLateness", "15m",
                "keyTtl", "40d",
                "emitMode", "on-watermark",
                "guarantee", "exactly-once",
                "idleness", "PT5S",
                "checkpointInterval", "2s"));

    assertThat(settings.allowedLateness()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settings.keyTtl()).isEqualTo(Duration.ofDays(40));
    assertThat(settings.emitMode()).isEqualTo(EmitMode.ON_WATERMARK);
    assertThat(settings.guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE);
    assertThat(settings.idleness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.streamSettings().allowedLateness()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void theDefaultTtlFollowsTheLatenessRoundedUpToWholeDays() {
    FeatureStageSettings settings = FeatureStageSettings.fromMap(Map.of("allowedLateness", "2d"));

    // 30d window + 7d delay + 1h resolution + 2d lateness = 39d 1h, rounded up
    assertThat(settings.keyTtl()).isEqualTo(Duration.ofDays(40));
  }

  @Test
  void everyProblemOfASectionIsReportedAtOnceWithItsPath() {
    assertThatThrownBy(
            () ->
                FeatureStageSettings.fromMap(
                    Map.of(
                        "emitMode", "eventually",
                        "guarantee", "maybe",
                        "allowedLateness", 60,
                        "idleness", "soon",
                        "colour", "blue")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features.colour is not a setting")
        .hasMessageContaining(
            "features.emitMode must be one of [on-arrival, on-watermark], not 'eventually'")
        .hasMessageContaining(
            "features.guarantee must be one of [at-least-once, exactly-once], not 'maybe'")
        .hasMessageContaining("features.allowedLateness must be a duration with a unit")
        .hasMessageContaining("features.idleness: 'soon' is not a duration");
  }

  @Test
  void aTtlTooShortForTheSpecsWindowsIsRefused() {
    assertThatThrownBy(() -> FeatureStageSettings.fromMap(Map.of("keyTtl", "30d")))
        .hasMessageContaining(
            "features.keyTtl 30d is shorter than 890h, the longest window + delay of spec"
                + " fraud-baseline:1 plus its resolution plus the allowed lateness");
  }

  @Test
  void anUnknownBuiltInSpecNameSaysWhatIsBuiltIn() {
    assertThatThrownBy(() -> FeatureStageSettings.fromMap(Map.of("spec", "fraud-deluxe")))
        .hasMessageContaining(
            "features.spec 'fraud-deluxe' is not a built-in spec (built in: [fraud-baseline])");
  }

  @Test
  void aSpecIsReadFromAFilePath(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("mine.yaml");
    Files.writeString(
        file,
        """
        name: mine
        version: 4
        entityKeys: [terminalId]
        resolution: 1h
        features:
          - {name: N, type: aggregate, entity: terminalId, function: count, window: 2h}
        """);

    FeatureStageSettings settings = FeatureStageSettings.fromMap(Map.of("spec", file.toString()));

    assertThat(settings.spec().specVersion()).isEqualTo("mine:4");
    assertThat(settings.keyTtl()).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                FeatureStageSettings.fromMap(
                    Map.of("spec", directory.resolve("gone.yaml").toString())))
        .hasMessageContaining("features.spec: the spec file")
        .hasMessageContaining("gone.yaml does not exist");
  }

  @Test
  void thePipelinesGuaranteeAppliesUnlessTheSectionSetsItsOwn() {
    assertThat(FeatureStageSettings.fromPipeline(Map.of("guarantee", "exactly-once")).guarantee())
        .isEqualTo(Guarantee.EXACTLY_ONCE);
    assertThat(
            FeatureStageSettings.fromPipeline(
                    Map.of(
                        "guarantee",
                        "exactly-once",
                        "features",
                        Map.of("guarantee", "at-least-once", "emitMode", "on-watermark")))
                .guarantee())
        .isEqualTo(Guarantee.AT_LEAST_ONCE);
    assertThat(FeatureStageSettings.fromPipeline(Map.of()))
        .isEqualTo(FeatureStageSettings.defaults());
  }

  @Test
  void changingTheLatenessKeepsTheTtlLongEnough() {
    FeatureStageSettings settings =
        FeatureStageSettings.defaults().withAllowedLateness(Duration.ofDays(3));

    assertThat(settings.keyTtl()).isEqualTo(Duration.ofDays(41));
    assertThat(settings.withAllowedLateness(Duration.ZERO).keyTtl()).isEqualTo(Duration.ofDays(41));
  }

  @Test
  void thePlanIsReadKeyedByDefaultAndAWrongOneNamesTheChoices() {
    assertThat(FeatureStageSettings.fromMap(Map.of()).plan()).isEqualTo(EnginePlan.KEYED);
    assertThat(FeatureStageSettings.defaults().plan()).isEqualTo(EnginePlan.KEYED);
    assertThat(FeatureStageSettings.fromMap(Map.of("plan", "keyed")).plan())
        .isEqualTo(EnginePlan.KEYED);
    FeatureStageSettings single = FeatureStageSettings.fromMap(Map.of("plan", "single-task"));
    assertThat(single.plan()).isEqualTo(EnginePlan.SINGLE_TASK);
    assertThat(single).isEqualTo(FeatureStageSettings.defaults().withPlan(EnginePlan.SINGLE_TASK));
    assertThat(single.toString()).contains("plan=single-task");
    assertThat(single.withEmitMode(EmitMode.ON_WATERMARK).withKeyTtl(Duration.ofDays(40)).plan())
        .isEqualTo(EnginePlan.SINGLE_TASK);
    assertThat(
            FeatureStageSettings.fromPipeline(Map.of("features", Map.of("plan", "single-task")))
                .plan())
        .isEqualTo(EnginePlan.SINGLE_TASK);

    assertThatThrownBy(() -> FeatureStageSettings.fromMap(Map.of("plan", "single")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features.plan must be one of [keyed, single-task], not 'single'");
    assertThatThrownBy(() -> FeatureStageSettings.defaults().withPlan(null))
        .hasMessageContaining("features.plan is required");
  }

  @Test
  void watermarkAlignmentIsOffByDefaultAndReadAsOffOrADrift() {
    assertThat(FeatureStageSettings.defaults().watermarkAlignment()).isEqualTo(Duration.ZERO);
    assertThat(FeatureStageSettings.defaults().alignsWatermarks()).isFalse();
    assertThat(FeatureStageSettings.defaults().toString()).contains("watermarkAlignment=off");
    // YAML 1.1 reads an unquoted off as false
    assertThat(FeatureStageSettings.fromMap(Map.of("watermarkAlignment", false)).alignsWatermarks())
        .isFalse();
    assertThat(FeatureStageSettings.fromMap(Map.of("watermarkAlignment", "off")).alignsWatermarks())
        .isFalse();

    FeatureStageSettings aligned =
        FeatureStageSettings.fromPipeline(
            Map.of("features", Map.of("watermarkAlignment", "2h", "plan", "single-task")));
    assertThat(aligned.watermarkAlignment()).isEqualTo(Duration.ofHours(2));
    assertThat(aligned.alignsWatermarks()).isTrue();
    assertThat(aligned.toString()).contains("watermarkAlignment=2h");
    assertThat(aligned.withEmitMode(EmitMode.ON_WATERMARK).withPlan(EnginePlan.KEYED))
        .extracting(FeatureStageSettings::watermarkAlignment)
        .isEqualTo(Duration.ofHours(2));
    assertThat(aligned.withWatermarkAlignment(Duration.ZERO))
        .isEqualTo(FeatureStageSettings.defaults().withPlan(EnginePlan.SINGLE_TASK));
  }

  @Test
  void aWatermarkAlignmentBelowASecondOrNotADurationIsRefused() {
    assertThatThrownBy(() -> FeatureStageSettings.fromMap(Map.of("watermarkAlignment", "0s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features.watermarkAlignment: write off for no alignment");
    assertThatThrownBy(() -> FeatureStageSettings.fromMap(Map.of("watermarkAlignment", "500ms")))
        .hasMessageContaining("features.watermarkAlignment must be off or at least 1s, not 500ms");
    assertThatThrownBy(() -> FeatureStageSettings.fromMap(Map.of("watermarkAlignment", true)))
        .hasMessageContaining("features.watermarkAlignment must be a duration with a unit");
    assertThatThrownBy(() -> FeatureStageSettings.fromMap(Map.of("watermarkAlignment", "soon")))
        .hasMessageContaining("features.watermarkAlignment: ");
    assertThatThrownBy(
            () -> FeatureStageSettings.defaults().withWatermarkAlignment(Duration.ofSeconds(-5)))
        .hasMessageContaining("features.watermarkAlignment must be off or at least 1s");
    assertThatThrownBy(() -> FeatureStageSettings.defaults().withWatermarkAlignment(null))
        .hasMessageContaining(
            "features.watermarkAlignment must be off or at least 1s, not nothing");
  }
}
