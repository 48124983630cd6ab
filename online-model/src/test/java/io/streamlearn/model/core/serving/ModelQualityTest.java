package io.streamlearn.model.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.monitoring.core.metrics.AveragePrecision;
import io.streamlearn.monitoring.core.metrics.LogLoss;
import io.streamlearn.monitoring.core.metrics.RocAuc;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelQualityTest {

  private final ModelStageSettings.Quality settings =
      new ModelStageSettings.Quality(100, 5, 3, "customerId");

  @Test
  void shouldMeasureTheServedScoresAgainstTheLabels() {
    List<JoinedExample> stream = ServingExamples.stream(4, 400, -1);
    ModelQuality quality = new ModelQuality(settings, 0.5);
    RocAuc rolling = RocAuc.rolling(100);
    AveragePrecision ap = AveragePrecision.rolling(100);
    LogLoss logLoss = LogLoss.cumulative();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (JoinedExample e : stream.subList(0, 300)) {
      quality.update(e);
    }
    for (JoinedExample e : stream.subList(200, 300)) {
      double s = e.scored().score();
      rolling.update(e.label(), s);
      ap.update(e.label(), s);
      tp += s >= 0.5 && e.label() ? 1 : 0;
      fp += s >= 0.5 && !e.label() ? 1 : 0;
      fn += s < 0.5 && e.label() ? 1 : 0;
    }
    stream.subList(0, 300).forEach(e -> logLoss.update(e.label(), e.scored().score()));

    QualityValues v = quality.values();
    assertThat(v.examples()).isEqualTo(300);
    assertThat(v.rocAucRolling()).isEqualTo(rolling.get());
    assertThat(v.averagePrecisionRolling()).isEqualTo(ap.get());
    assertThat(v.logLossCumulative()).isEqualTo(logLoss.get());
    assertThat(v.precision()).isEqualTo((double) tp / (tp + fp));
    assertThat(v.recall()).isEqualTo((double) tp / (tp + fn));
    assertThat(v.rocAucCumulative()).isBetween(0.4, 0.6); // the scores of the stream are random
    assertThat(v.cardPrecisionAtK()).isBetween(0.0, 1.0);
    assertThat(v.k()).isEqualTo(5);
  }

  @Test
  void shouldRankTheCumulativeMetricsOnScoresRoundedInLogOdds() {
    assertThat(ModelQuality.rankingScore(0.5)).isEqualTo(0.5);
    assertThat(ModelQuality.rankingScore(0.0)).isEqualTo(0.0);
    assertThat(ModelQuality.rankingScore(1.0)).isEqualTo(1.0);
    assertThat(ModelQuality.rankingScore(0.001)).isCloseTo(0.001, within(1e-5));
    double previous = 0;
    for (double s = 1e-9; s < 1; s *= 1.05) {
      double r = ModelQuality.rankingScore(s);
      assertThat(r).isGreaterThanOrEqualTo(previous);
      previous = r;
    }
    assertThat(ModelQuality.rankingScore(0.30001)).isEqualTo(ModelQuality.rankingScore(0.30002));
  }

  @Test
  void shouldContinueIdenticallyAfterItsStateIsRestored() throws IOException {
    List<JoinedExample> stream = ServingExamples.stream(8, 500, -1);
    ModelQuality original = new ModelQuality(settings, 0.3);
    stream.subList(0, 250).forEach(original::update);
    byte[] state = ExampleCodec.bytes(original::writeState);
    ModelQuality restored = new ModelQuality(settings, 0.3);
    restored.readState(new DataInputStream(new ByteArrayInputStream(state)));
    stream
        .subList(250, 500)
        .forEach(
            e -> {
              original.update(e);
              restored.update(e);
            });

    assertThat(restored.values()).isEqualTo(original.values());
  }
}
