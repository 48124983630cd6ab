package io.streamlearn.features.kstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.features.core.FeatureRun;
import io.streamlearn.features.core.reference.ReferenceFeatures;
import io.streamlearn.features.stage.EmitMode;
import io.streamlearn.features.stage.FeatureStageSettings;
import io.streamlearn.features.stage.ParityAssertions;
import io.streamlearn.features.stage.SimulatedInputs;
import org.junit.jupiter.api.Test;

class FeatureTopologyTest {

  private final FeatureStageSettings settings = FeatureStageSettings.defaults();

  @Test
  void computesTheReferenceFeaturesOfASimulatedWeekOnArrival() {
    SimulatedInputs inputs = SimulatedInputs.of(100, 10, 7L);
    try (TopologyFixture fixture = new TopologyFixture(settings)) {
      fixture.send(inputs.inStreamOrder());
      FeatureRun reference =
          ReferenceFeatures.run(
              settings.spec(), settings.streamSettings(), inputs.inCanonicalOrder());
      ParityAssertions.assertMatchesReference(settings.spec(), reference, fixture.vectors());
    }
  }

  @Test
  void computesTheReferenceFeaturesOfASimulatedWeekOnWatermark() {
    SimulatedInputs inputs = SimulatedInputs.of(100, 10, 7L);
    FeatureStageSettings onWatermark = settings.withEmitMode(EmitMode.ON_WATERMARK);
    try (TopologyFixture fixture = new TopologyFixture(onWatermark)) {
      fixture.send(inputs.inStreamOrder());
      FeatureRun reference =
          ReferenceFeatures.run(
              settings.spec(), settings.streamSettings(), inputs.inCanonicalOrder());
      assertThat(fixture.vectors()).hasSizeLessThan(reference.vectors().size());
    }
  }
}
