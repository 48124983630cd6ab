package io.streamlearn.bench.model;

import io.streamlearn.monitoring.core.metrics.AveragePrecision;
import io.streamlearn.monitoring.core.metrics.CardPrecisionAtK;
import io.streamlearn.monitoring.core.metrics.RocAuc;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fraud benchmark's measures over the scores given at arrival: ROC-AUC and average precision
 * (the monitoring core's exact cumulative metrics, scikit-learn's definitions) and card
 * precision@k, both as the task states it (each day, the precision among the k cards with the
 * highest score, averaged over days: the monitoring core's {@link CardPrecisionAtK}) and with the
 * handbook's test protocol (below).
 */
final class FraudMetrics {

  static final int K = 100;

  /**
   * Measures over a set of transactions.
   *
   * @param auc ROC-AUC
   * @param averagePrecision average precision
   * @param cardPrecision card precision@100
   * @param transactions transactions measured
   * @param frauds of which fraudulent
   */
  record Result(
      double auc, double averagePrecision, double cardPrecision, int transactions, int frauds) {}

  private FraudMetrics() {}

  /** Every transaction of days {@code from..to} (inclusive); card precision without removals. */
  static Result plain(FraudDataset d, double[] scores, int from, int to) {
    RocAuc auc = RocAuc.cumulative();
    AveragePrecision ap = AveragePrecision.cumulative();
    CardPrecisionAtK cards = new CardPrecisionAtK(K, to - from + 1);
    int n = 0;
    int frauds = 0;
    for (int i = 0; i < d.size; i++) {
      if (d.day[i] < from || d.day[i] > to) {
        continue;
      }
      auc.update(d.fraud[i], scores[i]);
      ap.update(d.fraud[i], scores[i]);
      cards.update(Integer.toString(d.customer[i]), d.day[i], scores[i], d.fraud[i]);
      n++;
      frauds += d.fraud[i] ? 1 : 0;
    }
    return new Result(auc.get(), ap.get(), cards.get(), n, frauds);
  }

  /**
   * The handbook's test protocol (Le Borgne et al., chapters 3.4 and 4.2: {@code
   * get_train_test_set} and {@code card_precision_top_k}) for the week that starts 14 days after
   * {@code trainingStart}: the customers with a fraud in the training week or in the delay period
   * up to the day before each test day minus the delay are known compromised, and their
   * transactions are left out of that day; card precision@100 removes, from the following days, the
   * cards it detected.
   */
  static Result handbook(FraudDataset d, double[] scores, LocalDate trainingStart) {
    int train = d.dayOf(trainingStart);
    Set<Integer> known = new HashSet<>();
    for (int i = 0; i < d.size; i++) {
      if (d.fraud[i] && d.day[i] >= train && d.day[i] < train + 7) {
        known.add(d.customer[i]);
      }
    }
    RocAuc auc = RocAuc.cumulative();
    AveragePrecision ap = AveragePrecision.cumulative();
    Set<Integer> detected = new HashSet<>();
    double precisionSum = 0;
    int n = 0;
    int frauds = 0;
    for (int day = 0; day < 7; day++) {
      int testDay = train + 14 + day;
      int delayDay = train + 7 + day - 1;
      for (int i = 0; i < d.size; i++) {
        if (d.fraud[i] && d.day[i] == delayDay) {
          known.add(d.customer[i]);
        }
      }
      Map<Integer, double[]> cards = new HashMap<>(); // customer -> {max score, fraud}
      for (int i = 0; i < d.size; i++) {
        if (d.day[i] != testDay || known.contains(d.customer[i])) {
          continue;
        }
        auc.update(d.fraud[i], scores[i]);
        ap.update(d.fraud[i], scores[i]);
        n++;
        frauds += d.fraud[i] ? 1 : 0;
        if (!detected.contains(d.customer[i])) {
          double[] c = cards.computeIfAbsent(d.customer[i], k -> new double[] {-1, 0});
          c[0] = Math.max(c[0], scores[i]);
          c[1] = d.fraud[i] ? 1 : c[1];
        }
      }
      List<Map.Entry<Integer, double[]>> ranked = new ArrayList<>(cards.entrySet());
      ranked.sort(
          (a, b) -> {
            int byScore = Double.compare(b.getValue()[0], a.getValue()[0]);
            return byScore != 0 ? byScore : Integer.compare(a.getKey(), b.getKey());
          });
      int hits = 0;
      for (Map.Entry<Integer, double[]> e : ranked.subList(0, Math.min(K, ranked.size()))) {
        if (e.getValue()[1] == 1) {
          hits++;
          detected.add(e.getKey());
        }
      }
      precisionSum += (double) hits / K;
    }
    return new Result(auc.get(), ap.get(), precisionSum / 7, n, frauds);
  }
}
