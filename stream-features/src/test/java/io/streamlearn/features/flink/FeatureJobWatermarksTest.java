package io.streamlearn.features.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.stage.FeatureStageSettings;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkAlignmentParams;
import org.junit.jupiter.api.Test;

class FeatureJobWatermarksTest {

  private static WatermarkAlignmentParams alignment(
      FeatureStageSettings settings, boolean bounded) {
    return FeatureJob.watermarks(settings, bounded).getAlignmentParameters();
  }

  @Test
  void shouldNotAlignTheSourcesByDefault() {
    assertThat(alignment(FeatureStageSettings.defaults(), false).isEnabled()).isFalse();
    assertThat(alignment(FeatureStageSettings.defaults(), true).isEnabled()).isFalse();
  }

  @Test
  void shouldAlignLiveSourcesWithinTheDriftAsked() {
    WatermarkAlignmentParams params =
        alignment(
            FeatureStageSettings.defaults().withWatermarkAlignment(Duration.ofMinutes(90)), false);

    assertThat(params.isEnabled()).isTrue();
    assertThat(params.getMaxAllowedWatermarkDrift()).isEqualTo(Duration.ofMinutes(90).toMillis());
    assertThat(params.getWatermarkGroup()).isEqualTo(FeatureJob.ALIGNMENT_GROUP);
    assertThat(params.getUpdateInterval()).isEqualTo(1000L);
  }

  @Test
  void shouldNeverAlignBoundedSources() {
    assertThat(
            alignment(
                    FeatureStageSettings.defaults().withWatermarkAlignment(Duration.ofHours(1)),
                    true)
                .isEnabled())
        .isFalse();
  }
}
