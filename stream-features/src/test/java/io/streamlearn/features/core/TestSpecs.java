package io.streamlearn.features.core;

import io.streamlearn.features.core.spec.FeatureSpec;
import io.streamlearn.features.spec.FeatureSpecYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The specs the tests run: the shipped default and the kitchen sink of test resources. */
final class TestSpecs {

  private TestSpecs() {}

  static FeatureSpec fraudBaseline() {
    return FeatureSpecYaml.fraudBaseline();
  }

  /** Every feature kind on three entity keys, resolution 15 minutes. */
  static FeatureSpec kitchenSink() {
    return FeatureSpecYaml.parse(kitchenSinkYaml(), "kitchen-sink.yaml");
  }

  /** The kitchen sink with another resolution, e.g. {@code 1ms} for exact windows. */
  static FeatureSpec kitchenSink(String resolution) {
    return FeatureSpecYaml.parse(
        kitchenSinkYaml().replace("resolution: 15m", "resolution: " + resolution),
        "kitchen-sink.yaml");
  }

  private static String kitchenSinkYaml() {
    try (InputStream in =
        TestSpecs.class.getClassLoader().getResourceAsStream("feature-specs/kitchen-sink.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
