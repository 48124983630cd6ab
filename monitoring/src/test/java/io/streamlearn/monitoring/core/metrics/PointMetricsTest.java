package io.streamlearn.monitoring.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.monitoring.core.metrics.ThresholdMetric.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Log loss and the threshold metrics against brute-force computations. */
class PointMetricsTest {

  @Test
  void cohensKappaOfTheTextbookExampleIsPointFour() {
    // 50 items: both yes 20, rater A yes / B no 5, A no / B yes 10, both no 15
    ConfusionCounts counts = new ConfusionCounts(20, 10, 15, 5);
    assertThat(counts.accuracy()).isCloseTo(0.7, within(1e-15));
    assertThat(counts.kappa()).isCloseTo(0.4, within(1e-15));
  }

  @Test
  void precisionRecallF1AndAccuracyFollowTheirDefinitions() {
    ConfusionCounts counts = new ConfusionCounts(8, 2, 85, 5);
    assertThat(counts.precision()).isEqualTo(0.8);
    assertThat(counts.recall()).isCloseTo(8.0 / 13, within(1e-15));
    assertThat(counts.f1()).isCloseTo(16.0 / 23, within(1e-15));
    assertThat(counts.accuracy()).isEqualTo(0.93);
    assertThat(new ConfusionCounts(0, 0, 10, 0).precision()).isNaN();
    assertThat(new ConfusionCounts(0, 0, 10, 0).kappa()).isNaN();
    assertThat(new ConfusionCounts(0, 3, 10, 2).f1()).isZero();
  }

  @Test
  void rollingThresholdMetricsCountOnlyTheLastWindow() {
    Random random = new Random(5);
    int window = 50;
    boolean[] actual = new boolean[2_000];
    double[] score = new double[2_000];
    ThresholdMetric[] metrics = new ThresholdMetric[Kind.values().length];
    for (Kind kind : Kind.values()) {
      metrics[kind.ordinal()] = ThresholdMetric.rolling(kind, 0.3, window);
    }
    for (int i = 0; i < actual.length; i++) {
      actual[i] = random.nextDouble() < 0.3;
      score[i] = Math.min(1, random.nextDouble() * 0.8 + (actual[i] ? 0.2 : 0));
      for (ThresholdMetric m : metrics) {
        m.update(actual[i], score[i]);
      }
      long tp = 0;
      long fp = 0;
      long tn = 0;
      long fn = 0;
      for (int j = Math.max(0, i + 1 - window); j <= i; j++) {
        boolean predicted = score[j] >= 0.3;
        tp += predicted && actual[j] ? 1 : 0;
        fp += predicted && !actual[j] ? 1 : 0;
        tn += !predicted && !actual[j] ? 1 : 0;
        fn += !predicted && actual[j] ? 1 : 0;
      }
      ConfusionCounts expected = new ConfusionCounts(tp, fp, tn, fn);
      for (ThresholdMetric m : metrics) {
        assertThat(m.counts()).isEqualTo(expected);
      }
      assertThat(Double.valueOf(metrics[Kind.PRECISION.ordinal()].get()))
          .isEqualTo(Double.valueOf(expected.precision()));
      assertThat(Double.valueOf(metrics[Kind.RECALL.ordinal()].get()))
          .isEqualTo(Double.valueOf(expected.recall()));
      assertThat(Double.valueOf(metrics[Kind.F1.ordinal()].get()))
          .isEqualTo(Double.valueOf(expected.f1()));
      assertThat(Double.valueOf(metrics[Kind.ACCURACY.ordinal()].get()))
          .isEqualTo(Double.valueOf(expected.accuracy()));
      assertThat(Double.valueOf(metrics[Kind.KAPPA.ordinal()].get()))
          .isEqualTo(Double.valueOf(expected.kappa()));
    }
    assertThat(metrics[Kind.KAPPA.ordinal()].name()).isEqualTo("rolling_kappa");
  }

  @Test
  void predictsPositiveAtAndAboveTheThreshold() {
    ThresholdMetric recall = ThresholdMetric.cumulative(Kind.RECALL, 0.5);
    recall.update(true, 0.5);
    recall.update(true, 0.4999);
    assertThat(recall.get()).isEqualTo(0.5);
  }

  @Test
  void logLossIsTheMeanCrossEntropyOfTheWindow() {
    Random random = new Random(6);
    LogLoss rolling = LogLoss.rolling(37);
    LogLoss cumulative = LogLoss.cumulative();
    double[] p = new double[1_000];
    boolean[] y = new boolean[1_000];
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextDouble();
      y[i] = random.nextDouble() < p[i];
      rolling.update(y[i], p[i]);
      cumulative.update(y[i], p[i]);
      total += y[i] ? -Math.log(p[i]) : -Math.log(1 - p[i]);
      double window = 0;
      int from = Math.max(0, i + 1 - 37);
      for (int j = from; j <= i; j++) {
        window += y[j] ? -Math.log(p[j]) : -Math.log(1 - p[j]);
      }
      assertThat(rolling.get()).isCloseTo(window / (i + 1 - from), within(1e-12));
    }
    assertThat(cumulative.get()).isCloseTo(total / p.length, within(1e-12));
  }

  @Test
  void logLossClipsCertainMistakes() {
    LogLoss loss = LogLoss.cumulative();
    loss.update(true, 0.0);
    assertThat(loss.get()).isCloseTo(-Math.log(1e-15), within(1e-9));
    assertThatThrownBy(() -> loss.update(true, 1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restoredThresholdMetricAndLogLossContinueExactly() throws IOException {
    Random random = new Random(7);
    ThresholdMetric kappa = ThresholdMetric.rolling(Kind.KAPPA, 0.5, 100);
    ThresholdMetric restoredKappa = ThresholdMetric.rolling(Kind.KAPPA, 0.5, 100);
    LogLoss loss = LogLoss.rolling(100);
    LogLoss restoredLoss = LogLoss.rolling(100);
    for (int i = 0; i < 250; i++) {
      double s = random.nextDouble();
      kappa.update(s > 0.3, s);
      loss.update(s > 0.3, s);
    }
    copy(kappa, restoredKappa);
    copy(loss, restoredLoss);
    for (int i = 0; i < 250; i++) {
      double s = random.nextDouble();
      kappa.update(s > 0.6, s);
      restoredKappa.update(s > 0.6, s);
      loss.update(s > 0.6, s);
      restoredLoss.update(s > 0.6, s);
    }
    assertThat(restoredKappa.counts()).isEqualTo(kappa.counts());
    assertThat(restoredLoss.get()).isCloseTo(loss.get(), within(1e-12));
  }

  private static void copy(
      io.streamlearn.monitoring.core.state.Stateful from,
      io.streamlearn.monitoring.core.state.Stateful to)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    from.writeState(new DataOutputStream(bytes));
    to.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }
}
