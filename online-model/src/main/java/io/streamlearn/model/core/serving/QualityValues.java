package io.streamlearn.model.core.serving;

/**
 * The quality of the served scores over the joined (score, label) stream, as exported ({@code
 * docs/PIPELINE.md}, "Metrics"). A value is {@code NaN} while undefined.
 *
 * @param examples labelled examples counted
 * @param rocAucRolling ROC-AUC over the rolling window
 * @param rocAucCumulative ROC-AUC over every example
 * @param averagePrecisionRolling average precision over the rolling window
 * @param averagePrecisionCumulative average precision over every example
 * @param logLossRolling log loss over the rolling window
 * @param logLossCumulative log loss over every example
 * @param precision precision at the threshold, over the rolling window
 * @param recall recall at the threshold, over the rolling window
 * @param f1 F1 at the threshold, over the rolling window
 * @param cardPrecisionAtK card precision@k, the mean over the retained days
 * @param k the k of card precision@k
 */
public record QualityValues(
    long examples,
    double rocAucRolling,
    double rocAucCumulative,
    double averagePrecisionRolling,
    double averagePrecisionCumulative,
    double logLossRolling,
    double logLossCumulative,
    double precision,
    double recall,
    double f1,
    double cardPrecisionAtK,
    int k) {}
