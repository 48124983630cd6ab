package io.streamlearn.monitoring.core.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summaries of reference and current windows that alerts carry. */
final class SampleSummary {

  private SampleSummary() {}

  /** n, mean, min, p05, p25, median, p75, p95, max of a sorted sample (nearest-rank quantiles). */
  static Map<String, Double> numeric(double[] sorted) {
    Map<String, Double> summary = new LinkedHashMap<>();
    int n = sorted.length;
    summary.put("n", (double) n);
    if (n == 0) {
      return summary;
    }
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    summary.put("mean", sum / n);
    summary.put("min", sorted[0]);
    summary.put("p05", quantile(sorted, 0.05));
    summary.put("p25", quantile(sorted, 0.25));
    summary.put("median", quantile(sorted, 0.5));
    summary.put("p75", quantile(sorted, 0.75));
    summary.put("p95", quantile(sorted, 0.95));
    summary.put("max", sorted[n - 1]);
    return summary;
  }

  /** n, distinct categories, and the share of up to {@code top} most frequent categories. */
  static Map<String, Double> categorical(Map<String, Long> counts, int top) {
    Map<String, Double> summary = new LinkedHashMap<>();
    long n = 0;
    for (long c : counts.values()) {
      n += c;
    }
    summary.put("n", (double) n);
    summary.put("distinct", (double) counts.size());
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        (a, b) ->
            !a.getValue().equals(b.getValue())
                ? Long.compare(b.getValue(), a.getValue())
                : a.getKey().compareTo(b.getKey()));
    for (int i = 0; i < Math.min(top, entries.size()); i++) {
      summary.put("share:" + entries.get(i).getKey(), (double) entries.get(i).getValue() / n);
    }
    return summary;
  }

  /** The nearest-rank quantile: the ceil(q n)-th smallest value. */
  static double quantile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
