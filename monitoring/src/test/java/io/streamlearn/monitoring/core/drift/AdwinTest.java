package io.streamlearn.monitoring.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdwinTest {

  private static double[] bernoulli(long seed, int n, int changeAt, double before, double after) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextDouble() < (i < changeAt ? before : after) ? 1.0 : 0.0;
    }
    return values;
  }

  private static List<Integer> detections(ChangeDetector detector, double[] values) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      detector.update(values[i]);
      if (detector.driftDetected()) {
        at.add(i + 1);
      }
    }
    return at;
  }

  @Test
  void detectsARiseOfTheErrorRateFromTenToThirtyPercentWithinAFewHundredValues() {
    for (long seed = 1; seed <= 5; seed++) {
      List<Integer> at = detections(new Adwin(), bernoulli(seed, 20_000, 10_000, 0.1, 0.3));
      assertThat(at).as("seed %d", seed).isNotEmpty();
      assertThat(at.get(0)).as("first detection, seed %d", seed).isBetween(10_001, 10_500);
    }
  }

  @Test
  void raisesNoAlarmOnAStationaryStream() {
    for (long seed = 1; seed <= 5; seed++) {
      assertThat(detections(new Adwin(), bernoulli(seed, 30_000, 30_000, 0.2, 0.2)))
          .as("seed %d", seed)
          .isEmpty();
    }
  }

  @Test
  void estimatesTheMeanAndVarianceOfTheWholeStreamWhileNothingChanges() {
    Random random = new Random(7);
    Adwin adwin = new Adwin();
    double sum = 0;
    double sumSquares = 0;
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian() * 2 + 3;
      adwin.update(x);
      sum += x;
      sumSquares += x * x;
    }
    double mean = sum / n;
    assertThat(adwin.width()).isEqualTo(n);
    assertThat(adwin.total()).isCloseTo(sum, within(1e-9));
    assertThat(adwin.estimation()).isCloseTo(mean, within(1e-12));
    assertThat(adwin.variance()).isCloseTo(sumSquares / n - mean * mean, within(1e-9));
  }

  @Test
  void shrinksTheWindowToTheValuesSeenAfterTheChange() {
    Random random = new Random(3);
    Adwin adwin = new Adwin();
    for (int i = 0; i < 5_000; i++) {
      adwin.update(random.nextGaussian());
    }
    for (int i = 0; i < 2_000; i++) {
      adwin.update(random.nextGaussian() + 2);
    }
    assertThat(adwin.detections()).isPositive();
    assertThat(adwin.width()).isBetween(1_800L, 2_100L);
    assertThat(adwin.estimation()).isCloseTo(2.0, within(0.15));
  }

  @Test
  void reportsAFallOfTheMeanOnlyWhenAskedForBothDirections() {
    double[] falling = bernoulli(4, 20_000, 10_000, 0.4, 0.1);
    assertThat(detections(new Adwin(), falling)).isNotEmpty();

    Adwin increasesOnly = Adwin.increasesOnly(Adwin.DEFAULT_DELTA);
    boolean shrunk = false;
    for (double x : falling) {
      increasesOnly.update(x);
      assertThat(increasesOnly.driftDetected()).isFalse();
      shrunk |= increasesOnly.windowShrunk();
    }
    assertThat(shrunk).as("the window is still cut").isTrue();
    assertThat(increasesOnly.estimation()).isCloseTo(0.1, within(0.03));

    List<Integer> rising =
        detections(Adwin.increasesOnly(0.002), bernoulli(4, 20_000, 10_000, 0.1, 0.4));
    assertThat(rising).isNotEmpty();
  }

  @Test
  void describesTheSplitThatRevealedTheChange() {
    Random random = new Random(3);
    Adwin adwin = new Adwin();
    for (int i = 0; i < 5_000; i++) {
      adwin.update(random.nextGaussian());
      assertThat(adwin.cutRecentMean()).isNaN();
    }
    while (!adwin.driftDetected()) {
      adwin.update(random.nextGaussian() + 2);
    }
    assertThat(adwin.cutOlderMean()).isCloseTo(0.0, within(0.1));
    assertThat(adwin.cutRecentMean()).isCloseTo(2.0, within(0.6));
    assertThat(adwin.cutOlderWidth() + adwin.cutRecentWidth()).isGreaterThan(5_000);
    adwin.update(0);
    if (!adwin.driftDetected()) {
      assertThat(adwin.cutRecentWidth()).isZero();
    }
  }

  @Test
  void keepsMemoryLogarithmicInTheWindowWidth() {
    Adwin adwin = new Adwin();
    Random random = new Random(11);
    for (int i = 0; i < 100_000; i++) {
      adwin.update(random.nextDouble());
    }
    assertThat(adwin.width()).isEqualTo(100_000);
    int rows = 64 - Long.numberOfLeadingZeros(adwin.width());
    assertThat(adwin.bucketCount()).isLessThanOrEqualTo(Adwin.DEFAULT_MAX_BUCKETS * rows);
  }

  @Test
  void testsTheWindowOnlyEveryClockUpdates() {
    List<Integer> at = detections(new Adwin(0.002, 10, 5, 5, 10), bernoulli(5, 8_000, 4_000, 0, 1));
    assertThat(at).isNotEmpty().allSatisfy(i -> assertThat(i % 10).isZero());
    assertThat(at.get(0)).isBetween(4_010, 4_040);
  }

  @Test
  void aSmallerDeltaDetectsNoEarlier() {
    double[] values = bernoulli(9, 20_000, 10_000, 0.1, 0.3);
    int loose = detections(new Adwin(0.1), values).get(0);
    int strict = detections(new Adwin(1e-6), values).get(0);
    assertThat(strict).isGreaterThanOrEqualTo(loose);
  }

  @Test
  void restoredStateContinuesExactlyWhereTheSavedOneLeftOff() throws IOException {
    double[] values = bernoulli(13, 40_000, 20_000, 0.1, 0.4);
    Adwin original = new Adwin();
    for (int i = 0; i < 25_000; i++) {
      original.update(values[i]);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    original.writeState(new DataOutputStream(bytes));
    Adwin restored = new Adwin();
    restored.update(1.0);
    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    assertThat(restored.width()).isEqualTo(original.width());
    assertThat(restored.detections()).isEqualTo(original.detections());
    for (int i = 25_000; i < values.length; i++) {
      original.update(values[i]);
      restored.update(values[i]);
      assertThat(restored.driftDetected()).as("update %d", i).isEqualTo(original.driftDetected());
      assertThat(restored.estimation()).isEqualTo(original.estimation());
    }
    assertThat(restored.variance()).isEqualTo(original.variance());
  }

  @Test
  void refusesAStateOfAnotherKindOrOfAnUnknownVersion() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF("ddm");
    out.writeInt(1);
    Adwin adwin = new Adwin();
    assertThatThrownBy(
            () ->
                adwin.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'ddm'");

    bytes.reset();
    out.writeUTF("adwin");
    out.writeInt(99);
    assertThatThrownBy(
            () ->
                adwin.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 99");
  }

  @Test
  void refusesAStateSavedWithAnotherNumberOfBucketsPerRow() throws IOException {
    Adwin other = new Adwin(0.002, 32, 7, 5, 10);
    for (int i = 0; i < 100; i++) {
      other.update(i % 2);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    other.writeState(new DataOutputStream(bytes));
    Adwin adwin = new Adwin();
    assertThatThrownBy(
            () ->
                adwin.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("maxBuckets 7");
    assertThat(adwin.width()).isZero();
  }

  @Test
  void resetForgetsTheWindowButKeepsTheHyperParameters() {
    Adwin adwin = new Adwin(0.01);
    double[] values = bernoulli(2, 12_000, 6_000, 0.1, 0.5);
    List<Integer> first = detections(adwin, values);
    adwin.reset();
    assertThat(adwin.width()).isZero();
    assertThat(adwin.detections()).isZero();
    assertThat(adwin.estimation()).isNaN();
    assertThat(adwin.delta()).isEqualTo(0.01);
    assertThat(detections(adwin, values)).isEqualTo(first);
  }

  @Test
  void rejectsInvalidHyperParametersNamingEachOfThem() {
    assertThatThrownBy(() -> new Adwin(0, 0, 1, -1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delta")
        .hasMessageContaining("clock")
        .hasMessageContaining("maxBuckets")
        .hasMessageContaining("minSubWindowLength")
        .hasMessageContaining("minWidthToCheck");
    assertThatThrownBy(() -> new Adwin(1.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Adwin(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
