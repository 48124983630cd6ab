package io.streamlearn.monitoring.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our detectors flag the same updates, and are in their warning zone at the same updates, as MOA
 * 2024.07.0 with its defaults on the reference protocol. The golden file holds MOA's output; it is
 * written by {@code io.streamlearn.bench.monitoring.MoaGoldenDetections} in the bench module, the
 * only module allowed to run MOA.
 */
class MoaReferenceTest {

  private static final String GOLDEN = "/golden/moa-2024.07.0-detections.csv";

  record Case(String detector, String stream, int seed, String drifts, String warnings) {
    @Override
    public String toString() {
      return detector + " " + stream + " seed " + seed;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(MoaReferenceTest.class.getResourceAsStream(GOLDEN));
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        cases.add(
            new Case(fields[0], fields[1], Integer.parseInt(fields[2]), fields[3], fields[4]));
      }
    }
    assertThat(cases).hasSize(21);
    return cases.stream();
  }

  private static ChangeDetector ours(String moaName) {
    return switch (moaName) {
      case "ADWINChangeDetector" -> Adwin.increasesOnly(Adwin.DEFAULT_DELTA);
      case "PageHinkleyDM" -> new PageHinkley();
      case "DDM" -> new Ddm();
      case "EDDM" -> new Eddm();
      case "HDDM_A_Test" -> new HddmA();
      default -> throw new IllegalArgumentException(moaName);
    };
  }

  /**
   * The protocol of moa-detectors.md: 100,000 values of {@code new Random(seed)}, change at 50,000.
   */
  private static double[] values(String stream, int seed) {
    Random random = new Random(seed);
    double[] values = new double[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          stream.equals("BERNOULLI")
              ? (random.nextDouble() < (i < 50_000 ? 0.1 : 0.3) ? 1.0 : 0.0)
              : random.nextGaussian() + (i < 50_000 ? 0 : 0.5);
    }
    return values;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void flagsTheSameUpdatesAsMoa(Case c) {
    ChangeDetector detector = ours(c.detector());
    double[] values = values(c.stream(), c.seed());
    StringBuilder drifts = new StringBuilder();
    StringBuilder warnings = new StringBuilder();
    int warningStart = -1;
    for (int i = 0; i < values.length; i++) {
      detector.update(values[i]);
      if (detector.driftDetected()) {
        drifts.append(drifts.length() == 0 ? "" : " ").append(i);
      }
      if (detector.warningDetected() && warningStart < 0) {
        warningStart = i;
      } else if (!detector.warningDetected() && warningStart >= 0) {
        warnings
            .append(warnings.length() == 0 ? "" : " ")
            .append(warningStart)
            .append('-')
            .append(i - 1);
        warningStart = -1;
      }
    }
    if (warningStart >= 0) {
      warnings
          .append(warnings.length() == 0 ? "" : " ")
          .append(warningStart)
          .append('-')
          .append(values.length - 1);
    }
    assertThat(drifts.toString()).isEqualTo(c.drifts());
    assertThat(warnings.toString()).isEqualTo(c.warnings());
  }
}
