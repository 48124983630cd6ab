package io.streamlearn.monitoring.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every {@link ChangeDetector} keeps, checked on each implementation. */
class ChangeDetectorContractTest {

  static Stream<Arguments> detectors() {
    return Stream.of(
        Arguments.of("ADWIN", (Supplier<ChangeDetector>) Adwin::new),
        Arguments.of(
            "ADWIN increases only",
            (Supplier<ChangeDetector>) () -> Adwin.increasesOnly(Adwin.DEFAULT_DELTA)),
        Arguments.of("Page-Hinkley", (Supplier<ChangeDetector>) PageHinkley::new),
        Arguments.of("DDM", (Supplier<ChangeDetector>) Ddm::new),
        Arguments.of("DDM calibrated", (Supplier<ChangeDetector>) Ddm::calibrated),
        Arguments.of("EDDM", (Supplier<ChangeDetector>) Eddm::new),
        Arguments.of("EDDM calibrated", (Supplier<ChangeDetector>) Eddm::calibrated),
        Arguments.of("HDDM_A", (Supplier<ChangeDetector>) HddmA::new),
        Arguments.of("KSWIN", (Supplier<ChangeDetector>) () -> new Kswin(7)));
  }

  /**
   * Error stream: 10% errors, then 50% from value 12,000 on (after the longest warm-up, that of the
   * calibrated EDDM), then 10% again from 18,000.
   */
  private static double[] errorStream(long seed) {
    Random random = new Random(seed);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      double p = i >= 12_000 && i < 18_000 ? 0.5 : 0.1;
      values[i] = random.nextDouble() < p ? 1.0 : 0.0;
    }
    return values;
  }

  private record Trace(List<Integer> drifts, List<Integer> warnings) {}

  private static Trace run(ChangeDetector detector, double[] values, int from) {
    List<Integer> drifts = new ArrayList<>();
    List<Integer> warnings = new ArrayList<>();
    for (int i = from; i < values.length; i++) {
      detector.update(values[i]);
      if (detector.driftDetected()) {
        drifts.add(i);
      }
      if (detector.warningDetected()) {
        warnings.add(i);
      }
    }
    return new Trace(drifts, warnings);
  }

  private static byte[] save(ChangeDetector detector) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    detector.writeState(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static void restore(ChangeDetector detector, byte[] state) throws IOException {
    detector.readState(new DataInputStream(new ByteArrayInputStream(state)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void detectsAnAbruptRiseOfTheErrorRateSoonAfterIt(String name, Supplier<ChangeDetector> make) {
    Trace trace = run(make.get(), errorStream(1), 0);
    assertThat(trace.drifts()).as(name).anySatisfy(i -> assertThat(i).isBetween(12_000, 13_000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void isDeterministicForAGivenInput(String name, Supplier<ChangeDetector> make) {
    double[] values = errorStream(2);
    assertThat(run(make.get(), values, 0)).isEqualTo(run(make.get(), values, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void restoredStateContinuesExactlyLikeTheOriginal(String name, Supplier<ChangeDetector> make)
      throws IOException {
    double[] values = errorStream(3);
    for (int cut : new int[] {0, 17, 11_999, 12_400, 19_345}) {
      ChangeDetector original = make.get();
      for (int i = 0; i < cut; i++) {
        original.update(values[i]);
      }
      ChangeDetector restored = make.get();
      run(restored, errorStream(99), 19_000);
      restore(restored, save(original));
      assertThat(save(restored)).as("re-saved state, cut %d", cut).isEqualTo(save(original));
      assertThat(run(restored, values, cut))
          .as("cut %d", cut)
          .isEqualTo(run(original, values, cut));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void resetMakesItBehaveLikeANewDetector(String name, Supplier<ChangeDetector> make)
      throws IOException {
    double[] values = errorStream(4);
    ChangeDetector used = make.get();
    run(used, errorStream(5), 0);
    used.reset();
    ChangeDetector fresh = make.get();
    assertThat(save(used)).isEqualTo(save(fresh));
    assertThat(run(used, values, 0)).isEqualTo(run(fresh, values, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void refusesTheStateOfAnotherKindOfDetector(String name, Supplier<ChangeDetector> make)
      throws IOException {
    ChangeDetector detector = make.get();
    ChangeDetector other = detector instanceof Ddm ? new Eddm() : new Ddm();
    byte[] foreign = save(other);
    assertThatThrownBy(() -> restore(detector, foreign))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot restore");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void refusesATruncatedState(String name, Supplier<ChangeDetector> make) throws IOException {
    ChangeDetector detector = make.get();
    run(detector, errorStream(6), 10_000);
    byte[] state = save(detector);
    byte[] truncated = java.util.Arrays.copyOf(state, state.length - 1);
    assertThatThrownBy(() -> restore(make.get(), truncated)).isInstanceOf(IOException.class);
  }
}
