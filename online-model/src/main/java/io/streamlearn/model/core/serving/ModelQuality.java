package io.streamlearn.model.core.serving;

import io.streamlearn.monitoring.core.metrics.AveragePrecision;
import io.streamlearn.monitoring.core.metrics.CardPrecisionAtK;
import io.streamlearn.monitoring.core.metrics.ConfusionCounts;
import io.streamlearn.monitoring.core.metrics.LogLoss;
import io.streamlearn.monitoring.core.metrics.RocAuc;
import io.streamlearn.monitoring.core.metrics.ThresholdMetric;
import io.streamlearn.monitoring.core.state.StateFormat;
import io.streamlearn.monitoring.core.state.Stateful;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The quality metrics of a model over the joined (served score, label) stream: rolling and
 * cumulative ROC-AUC, average precision and log loss, precision, recall and F1 at the threshold
 * (rolling), and card precision@k per day (the monitoring core's metrics).
 *
 * <p>The cumulative ROC-AUC and average precision keep one entry per distinct score, so they see
 * each score rounded to 0.01 in log-odds ({@link #rankingScore}): at most 4,001 distinct values
 * however long the stream, and the order of two scores is kept unless their odds differ by less
 * than about 1%. The rolling metrics and the log loss see the exact scores. Each average precision
 * reads the examples of the ROC-AUC over the same scores ({@link AveragePrecision#over}), so they
 * are kept, and updated, once.
 */
public final class ModelQuality implements Stateful {

  private static final String KIND = "model-quality";
  private static final int VERSION = 1;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final double LOGIT_STEP = 0.01;
  private static final double LOGIT_LIMIT = 20;

  private final ModelStageSettings.Quality settings;
  private final double threshold;
  private final RocAuc rocAucRolling;
  private final RocAuc rocAucCumulative;
  private final AveragePrecision apRolling;
  private final AveragePrecision apCumulative;
  private final LogLoss logLossRolling;
  private final LogLoss logLossCumulative;
  private final ThresholdMetric confusion;
  private final CardPrecisionAtK cardPrecision;
  private long examples;

  public ModelQuality(ModelStageSettings.Quality settings, double threshold) {
    this.settings = settings;
    this.threshold = threshold;
    int w = settings.rollingWindow();
    rocAucRolling = RocAuc.rolling(w);
    rocAucCumulative = RocAuc.cumulative();
    apRolling = AveragePrecision.over(rocAucRolling); // the same examples, kept once
    apCumulative = AveragePrecision.over(rocAucCumulative);
    logLossRolling = LogLoss.rolling(w);
    logLossCumulative = LogLoss.cumulative();
    confusion = ThresholdMetric.rolling(ThresholdMetric.Kind.F1, threshold, w);
    cardPrecision = new CardPrecisionAtK(settings.cardPrecisionK(), settings.cardPrecisionDays());
  }

  /** Adds the served score and the label of one joined example. */
  public void update(JoinedExample example) {
    boolean y = example.label();
    double score = example.scored().score();
    rocAucRolling.update(y, score); // and the average precision over its examples
    rocAucCumulative.update(y, rankingScore(score)); // likewise
    logLossRolling.update(y, score);
    logLossCumulative.update(y, score);
    confusion.update(y, score);
    String card = example.scored().entityIds().get(settings.cardEntity());
    if (card != null) {
      cardPrecision.update(card, Math.floorDiv(example.eventTimeMillis(), DAY_MILLIS), score, y);
    }
    examples++;
  }

  /** The current values; average precision costs a walk over the distinct scores. */
  public QualityValues values() {
    ConfusionCounts counts = confusion.counts();
    return new QualityValues(
        examples,
        rocAucRolling.get(),
        rocAucCumulative.get(),
        apRolling.get(),
        apCumulative.get(),
        logLossRolling.get(),
        logLossCumulative.get(),
        counts.precision(),
        counts.recall(),
        counts.f1(),
        cardPrecision.get(),
        settings.cardPrecisionK());
  }

  /** The threshold of precision, recall and F1. */
  public double threshold() {
    return threshold;
  }

  /**
   * {@code score} rounded to 0.01 in log-odds (clipped to +-20), as the cumulative ranks see it.
   */
  static double rankingScore(double score) {
    if (score <= 0 || score >= 1) {
      return score <= 0 ? 0.0 : 1.0;
    }
    double logit = Math.log(score / (1 - score));
    double clipped = Math.max(-LOGIT_LIMIT, Math.min(LOGIT_LIMIT, logit));
    double rounded = Math.rint(clipped / LOGIT_STEP) * LOGIT_STEP;
    return 1 / (1 + Math.exp(-rounded));
  }

  /**
   * Layout, version 1, after the header {@code ("model-quality", 1)}: {@code long} examples, then
   * the states of the rolling and cumulative ROC-AUC, average precision and log loss, the rolling
   * confusion counts and card precision@k, in this order.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    StateFormat.writeHeader(out, KIND, VERSION);
    out.writeLong(examples);
    for (Stateful s : parts()) {
      s.writeState(out);
    }
  }

  @Override
  public void readState(DataInput in) throws IOException {
    StateFormat.readHeader(in, KIND, VERSION);
    long n = in.readLong();
    StateFormat.check(n >= 0, KIND, "negative example count");
    // each part leaves itself unchanged on failure; a failure part-way is reported to the caller,
    // who discards this object (the trainer restores into a fresh one)
    for (Stateful s : parts()) {
      s.readState(in);
    }
    examples = n;
  }

  private Stateful[] parts() {
    return new Stateful[] {
      rocAucRolling,
      rocAucCumulative,
      apRolling,
      apCumulative,
      logLossRolling,
      logLossCumulative,
      confusion,
      cardPrecision
    };
  }
}
